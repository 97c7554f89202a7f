/* Public view of the rule registry and of the profiles. */
#include "internal.h"
#include "lint/rule.h"

#include <stdlib.h>

static const char *const profile_names[AP_PROFILE_COUNT] = {
	[AP_PROFILE_CORRESPONDENCE] = "correspondence",
	[AP_PROFILE_RESOURCE] = "resource",
	[AP_PROFILE_APP] = "app",
	[AP_PROFILE_DELEGATION] = "delegation",
};

const char *ap_profile_name(enum ap_profile p)
{
	return (unsigned)p < AP_PROFILE_COUNT ? profile_names[p] : "?";
}

int ap_profile_parse(enum ap_profile *out, const char *s)
{
	unsigned i;

	for (i = 0; i < AP_PROFILE_COUNT; i++) {
		if (strcmp(s, profile_names[i]) == 0) {
			*out = (enum ap_profile)i;
			return AP_OK;
		}
	}
	return AP_EINVALID;
}

static void info_of(const struct ap_rule *r, struct ap_rule_info *i)
{
	i->id = r->id;
	i->name = r->name;
	i->severity = r->severity;
	i->profiles = r->profiles;
	i->summary = r->summary;
	i->source = r->source;
}

size_t ap_rule_count(void)
{
	return ap_rule_table_len;
}

int ap_rule_at(size_t i, struct ap_rule_info *out)
{
	if (i >= ap_rule_table_len)
		return AP_ENOTFOUND;
	info_of(ap_rule_table[i], out);
	return AP_OK;
}

static int cmp_rule_id(const void *key, const void *elem)
{
	return strcmp(key, (*(const struct ap_rule *const *)elem)->id);
}

const struct ap_rule *ap_lint__rule_find(const char *id)
{
	const struct ap_rule *const *r;

	r = bsearch(id, ap_rule_table, ap_rule_table_len,
		    sizeof(ap_rule_table[0]), cmp_rule_id);
	return r ? *r : NULL;
}

int ap_rule_find(const char *id, struct ap_rule_info *out)
{
	const struct ap_rule *r = ap_lint__rule_find(id);

	if (r == NULL)
		return AP_ENOTFOUND;
	info_of(r, out);
	return AP_OK;
}

struct ap_rule_page_entry {
	const char *id;
	const unsigned char *text;
};
extern const struct ap_rule_page_entry ap_rule_pages[];
extern const size_t ap_rule_pages_len;

static int cmp_page_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ap_rule_page_entry *)elem)->id);
}

const char *ap_rule_page(const char *id)
{
	const struct ap_rule_page_entry *e;

	e = bsearch(id, ap_rule_pages, ap_rule_pages_len, sizeof(ap_rule_pages[0]),
		    cmp_page_id);
	return e ? (const char *)e->text : NULL;
}
