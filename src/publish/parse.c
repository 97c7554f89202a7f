/* The registry's answers, parsed: resources, access-list details and
 * pages of members and resource connections.  No I/O: the fuzz targets
 * and the torture test call these directly. */
#include "internal.h"

#include <stdio.h>

#include "publish/pub.h"

json_t *ap_pub_parse_object(const char *body, size_t len)
{
	json_t *j = json_loadb(body != NULL ? body : "", len, 0, NULL);

	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static const char *str_or_empty(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

int ap_pub_parse_list_info(struct ap_list *l, const char *body, size_t len)
{
	json_t *doc = ap_pub_parse_object(body, len);
	int rc = AP_OK;

	if (doc == NULL)
		return AP_EPARSE;
	ap_free(l->r_name);
	ap_free(l->r_description);
	l->r_name = ap_strdup(str_or_empty(json_object_get(doc, "name")));
	l->r_description = ap_strdup(str_or_empty(json_object_get(doc, "description")));
	if (l->r_name == NULL || l->r_description == NULL)
		rc = AP_ENOMEM;
	json_decref(doc);
	return rc;
}

static int add_rmember(struct ap_list *l, json_t *item)
{
	json_t *ids = json_object_get(item, "identifiers");
	json_t *pid = json_object_get(ids, "urn:altinn:party:id");
	const char *id = json_string_value(json_object_get(item, "id"));
	const char *orgno = json_string_value(json_object_get(ids, "urn:altinn:organization:identifier-no"));
	const char *uuid = json_string_value(json_object_get(ids, "urn:altinn:party:uuid"));
	struct ap_rmember *m;
	char num[32];

	if (id == NULL)
		return AP_OK;
	if (l->nrmembers == l->armembers) {
		size_t n = l->armembers ? l->armembers * 2 : 64;
		struct ap_rmember *a = ap_realloc(l->rmembers, n * sizeof(*a));

		if (a == NULL)
			return AP_ENOMEM;
		l->rmembers = a;
		l->armembers = n;
	}
	m = &l->rmembers[l->nrmembers];
	memset(m, 0, sizeof(*m));
	l->nrmembers++;
	m->id = ap_strdup(id);
	if (m->id == NULL)
		return AP_ENOMEM;
	if (orgno != NULL && (m->orgno = ap_strdup(orgno)) == NULL)
		return AP_ENOMEM;
	if (uuid != NULL && (m->uuid = ap_strdup(uuid)) == NULL)
		return AP_ENOMEM;
	if (json_is_integer(pid)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(pid));
		m->partyid = ap_strdup(num);
	} else if (json_is_string(pid)) {
		m->partyid = ap_strdup(json_string_value(pid));
	} else {
		return AP_OK;
	}
	return m->partyid != NULL ? AP_OK : AP_ENOMEM;
}

static int add_rconn(struct ap_list *l, json_t *item)
{
	const char *res = json_string_value(json_object_get(item, "resourceIdentifier"));
	struct ap_path_list actions = {0};
	json_t *a;
	size_t i;
	int rc = AP_OK;

	if (res == NULL)
		return AP_OK;
	json_array_foreach(json_object_get(item, "actionFilters"), i, a)
		if (json_is_string(a) && ap_path_list_add(&actions, json_string_value(a)) != AP_OK)
			rc = AP_ENOMEM;
	if (rc == AP_OK)
		rc = ap_conns_add(&l->rconns, res, &actions);
	ap_path_list_release(&actions);
	return rc;
}

int ap_pub_parse_page(struct ap_list *l, int members, const char *body,
		      size_t len, const char *base_url, char **next)
{
	json_t *doc = ap_pub_parse_object(body, len);
	json_t *data = json_object_get(doc, "data"), *item;
	const char *n = json_string_value(json_object_get(json_object_get(doc, "links"), "next"));
	size_t i, blen = strlen(base_url);
	int rc = AP_OK;

	*next = NULL;
	if (!json_is_array(data)) {
		/* not a page: an error page with 200, a proxy's answer; an
		 * empty list read as such would plan wrong changes */
		json_decref(doc);
		return AP_EPARSE;
	}
	json_array_foreach(data, i, item) {
		rc = members ? add_rmember(l, item) : add_rconn(l, item);
		if (rc != AP_OK)
			goto done;
	}
	/* follow next links only to the registry we talk to: the token goes
	 * with them */
	if (n != NULL && strncmp(n, base_url, blen) == 0 && n[blen] == '/') {
		*next = ap_strdup(n);
		if (*next == NULL)
			rc = AP_ENOMEM;
	} else if (n != NULL) {
		rc = AP_EINVALID;
	}
done:
	json_decref(doc);
	return rc;
}
