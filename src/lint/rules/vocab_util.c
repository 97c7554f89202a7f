/*
 * Helpers shared by the vocabulary and registry rules; see vocab_util.h.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"

const struct ap_node *ap_vocab__designator(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;

	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR ? d : NULL;
}

const struct ap_node *ap_vocab__match_on(const struct ap_node *m,
					 enum ap_category cat, const char *id)
{
	const struct ap_node *d = ap_vocab__designator(m);

	if (d == NULL || d->u.designator.category != cat)
		return NULL;
	if (id != NULL && !ap_streq(d->u.designator.attribute_id, id))
		return NULL;
	return d;
}

const char *ap_vocab__value(const struct ap_node *m)
{
	const struct ap_node *v = m->u.match.value;

	return v != NULL && v->text != NULL ? v->text : "";
}

int ap_vocab__evaluated(const struct ap_node *d)
{
	const struct ap_node *p = d->parent;

	return p != NULL && (p->kind == AP_NODE_MATCH || p->kind == AP_NODE_APPLY);
}

const struct ap_node *ap_vocab__rule_of(const struct ap_node *n)
{
	const struct ap_node *p = n;

	if (p->kind == AP_NODE_MATCH)
		p = p->parent;
	if (p != NULL && p->kind == AP_NODE_ALL_OF)
		p = p->parent;
	if (p == NULL || p->kind != AP_NODE_ANY_OF)
		return NULL;
	p = p->parent;
	if (p == NULL || p->kind != AP_NODE_TARGET)
		return NULL;
	p = p->parent;
	return p != NULL && p->kind == AP_NODE_RULE ? p : NULL;
}

int ap_vocab__has_placeholder(const char *s)
{
	const char *p;

	for (p = s ? strchr(s, '[') : NULL; p != NULL; p = strchr(p + 1, '[')) {
		if (strncmp(p, "[ORG]", 5) == 0 || strncmp(p, "[org]", 5) == 0 ||
		    strncmp(p, "[APP]", 5) == 0 || strncmp(p, "[app]", 5) == 0)
			return 1;
	}
	return 0;
}

int ap_vocab__has_upper(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p != NULL && *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			return 1;
		if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
			return 1;
	}
	return 0;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *ap_vocab__trim(const char *s, size_t *len)
{
	size_t n;

	while (is_xml_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_xml_space(s[n - 1]))
		n--;
	*len = n;
	return s;
}

int ap_vocab__clip(const char *s, size_t len, size_t max)
{
	size_t n = len;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

int ap_vocab__json_safe(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 0x20)
			return 0;
	return 1;
}
