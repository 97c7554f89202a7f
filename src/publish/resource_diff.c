/* Field-level diff of a ServiceResource: what the folder says against what
 * the registry returns, after both are brought to the registry's shape
 * (defaults filled, nulls dropped, enum spellings canonical). */
#include "internal.h"

#include <stdlib.h>
#include <strings.h>

#include "publish/pub.h"

/* Fields the registry always returns, with the value it assumes when a
 * request leaves them out (registry-api.md §2.2). */
static const struct {
	const char *key;
	const char *json;
} defaults[] = {
	{"delegable", "true"},
	{"visible", "true"},
	{"accessListMode", "\"Disabled\""},
	{"selfIdentifiedUserEnabled", "false"},
	{"enterpriseUserEnabled", "false"},
	{"isOneTimeConsent", "false"},
	{"resourceType", "\"Default\""},
};

/* Server-assigned fields, not part of what the folder controls. */
static const char *const ignored[] = {"versionId"};

static const char *const enum_values[] = {
	"Default", "Systemresource", "MaskinportenSchema", "Altinn2Service", "AltinnApp",
	"GenericAccessResource", "BrokerService", "CorrespondenceService", "Consent", "MigratedApp",
	"Disabled", "Enabled",
	"PrivatePerson", "LegalEntityEnterprise", "Company", "BankruptcyEstate", "SelfRegisteredUser",
};

static json_t *canonical_enum(json_t *v)
{
	size_t i;

	if (!json_is_string(v))
		return json_incref(v);
	for (i = 0; i < ARRAY_SIZE(enum_values); i++)
		if (strcasecmp(json_string_value(v), enum_values[i]) == 0)
			return json_string(enum_values[i]);
	return json_incref(v);
}

/* A normalised deep copy: nulls dropped, defaults filled, enums spelled
 * as the registry spells them.  NULL on allocation failure. */
static json_t *normalise(const json_t *in)
{
	json_t *out = json_object(), *v;
	const char *k;
	size_t i;

	if (out == NULL)
		return NULL;
	json_object_foreach((json_t *)in, k, v) {
		json_t *copy;

		if (json_is_null(v))
			continue;
		for (i = 0; i < ARRAY_SIZE(ignored) && strcmp(ignored[i], k) != 0; i++)
			;
		if (i < ARRAY_SIZE(ignored))
			continue;
		if (strcmp(k, "resourceType") == 0 || strcmp(k, "accessListMode") == 0) {
			copy = canonical_enum(v);
		} else if (strcmp(k, "availableForType") == 0 && json_is_array(v)) {
			json_t *a;
			size_t n;

			copy = json_array();
			json_array_foreach(v, n, a) {
				if (json_array_append_new(copy, canonical_enum(a)) != 0) {
					json_decref(copy);
					copy = NULL; /* out of memory */
					break;
				}
			}
		} else {
			copy = json_deep_copy(v);
		}
		if (copy == NULL || json_object_set_new(out, k, copy) != 0) {
			json_decref(out);
			return NULL;
		}
	}
	for (i = 0; i < ARRAY_SIZE(defaults); i++)
		if (json_object_get(out, defaults[i].key) == NULL)
			json_object_set_new(out, defaults[i].key, json_loads(defaults[i].json, JSON_DECODE_ANY, NULL));
	v = json_object_get(out, "hasCompetentAuthority");
	if (json_is_object(v) && json_object_get(v, "name") == NULL)
		json_object_set_new(v, "name", json_object());
	return out;
}

static int add_value(struct ap_buf *out, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	int rc;

	if (s == NULL)
		return AP_ENOMEM;
	if (strlen(s) > 120)
		rc = ap_buf_addf(out, "%.117s...", s);
	else
		rc = ap_buf_adds(out, s);
	free(s);
	return rc;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Differences under path; returns their number or -1. */
static int diff(const char *path, const json_t *want, const json_t *have,
		struct ap_buf *out)
{
	const char **keys = NULL;
	size_t n = 0, i;
	int count = 0;
	const char *k;
	json_t *v;

	if (!json_is_object(want) || !json_is_object(have)) {
		if (json_equal((json_t *)want, (json_t *)have))
			return 0;
		if (ap_buf_addf(out, "    ~ %s: ", path) != AP_OK || add_value(out, have) != AP_OK ||
		    ap_buf_adds(out, " -> ") != AP_OK || add_value(out, want) != AP_OK || ap_buf_addch(out, '\n') != AP_OK)
			return -1;
		return 1;
	}
	keys = ap_calloc(json_object_size(want) + json_object_size(have) + 1, sizeof(*keys));
	if (keys == NULL)
		return -1;
	json_object_foreach((json_t *)want, k, v)
		keys[n++] = k;
	json_object_foreach((json_t *)have, k, v)
		if (json_object_get(want, k) == NULL)
			keys[n++] = k;
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 0; i < n && count >= 0; i++) {
		json_t *a = json_object_get(want, keys[i]), *b = json_object_get(have, keys[i]);
		struct ap_buf sub = AP_BUF_INIT;
		int d;

		if (ap_buf_addf(&sub, "%s%s%s", path, *path ? "." : "", keys[i]) != AP_OK) {
			count = -1;
			break;
		}
		if (a == NULL || b == NULL) {
			if (ap_buf_addf(out, "    %c %s: ", a ? '+' : '-', sub.ptr) != AP_OK ||
			    add_value(out, a ? a : b) != AP_OK || ap_buf_addch(out, '\n') != AP_OK)
				count = -1;
			else
				count++;
		} else if ((d = diff(sub.ptr, a, b, out)) < 0) {
			count = -1;
		} else {
			count += d;
		}
		ap_buf_release(&sub);
	}
	ap_free(keys);
	return count;
}

int ap_resource_diff(const json_t *desired, const json_t *remote,
		     struct ap_buf *out)
{
	json_t *a = normalise(desired), *b = normalise(remote);
	int n = a != NULL && b != NULL ? diff("", a, b, out) : -1;

	json_decref(a);
	json_decref(b);
	return n;
}
