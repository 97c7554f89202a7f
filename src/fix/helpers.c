/* What fixes share: finding attribute bytes, ancestors, indentation. */
#include "internal.h"
#include "fix/fix_int.h"
#include "policy/ids.h"

#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_char(char c)
{
	return !is_space(c) && c != '=' && c != '>' && c != '/' && c != '"' &&
	       c != '\'' && c != '<';
}

int ap_fix__attr_span(const struct ap_doc *doc, const struct ap_node *n,
		      const char *name, size_t *start, size_t *end)
{
	const char *s = doc->source;
	size_t i = n->offset + 1, stop = n->tag_end, nlen = strlen(name);

	if (stop > doc->source_len || i >= stop)
		return 0;
	while (i < stop && is_name_char(s[i])) /* the element name */
		i++;
	while (i < stop) {
		size_t ns, ne;
		char q;

		while (i < stop && is_space(s[i]))
			i++;
		ns = i;
		while (i < stop && is_name_char(s[i]))
			i++;
		ne = i;
		if (ne == ns)
			return 0;
		while (i < stop && is_space(s[i]))
			i++;
		if (i >= stop || s[i] != '=')
			return 0;
		i++;
		while (i < stop && is_space(s[i]))
			i++;
		if (i >= stop || (s[i] != '"' && s[i] != '\''))
			return 0;
		q = s[i++];
		if (ne - ns == nlen && memcmp(s + ns, name, nlen) == 0) {
			const char *close = memchr(s + i, q, stop - i);

			if (close == NULL)
				return 0;
			*start = i;
			*end = (size_t)(close - s);
			return 1;
		}
		{
			const char *close = memchr(s + i, q, stop - i);

			if (close == NULL)
				return 0;
			i = (size_t)(close - s) + 1;
		}
	}
	return 0;
}

void ap_fix__set_attr(struct ap_fix_ctx *ctx, const struct ap_node *n,
		      const char *name, const char *value)
{
	const struct ap_doc *doc = ap_fix_ctx_doc(ctx);
	size_t start, end;

	if (!ap_fix__attr_span(doc, n, name, &start, &end) ||
	    memchr(doc->source + start, '&', end - start) != NULL)
		return;
	ap_fix__replace(ctx, start, end, value, strlen(value));
}

void ap_fix__org_rolecode(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	if (at == NULL || at->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    !ap_streq(at->u.designator.attribute_id, "urn:altinn:org:rolecode"))
		return;
	ap_fix__set_attr(ctx, at, "AttributeId", AP_ID_ROLECODE);
}

const struct ap_node *ap_fix__up(const struct ap_node *n, enum ap_node_kind kind)
{
	for (; n != NULL; n = n->parent)
		if (n->kind == kind)
			return n;
	return NULL;
}

void ap_fix__indent_of(const struct ap_doc *doc, const struct ap_node *n,
		       const char **ws, size_t *len)
{
	size_t i = n->offset;

	while (i > 0 && (doc->source[i - 1] == ' ' || doc->source[i - 1] == '\t'))
		i--;
	if (i > 0 && doc->source[i - 1] != '\n') {
		*ws = "";
		*len = 0;
		return;
	}
	*ws = doc->source + i;
	*len = n->offset - i;
}

const char *ap_fix__indent_unit(const struct ap_doc *doc)
{
	const struct ap_node *c;

	if (doc->root == NULL)
		return "  ";
	for (c = doc->root->first_child; c != NULL; c = c->next) {
		const char *ws;
		size_t len;

		ap_fix__indent_of(doc, c, &ws, &len);
		if (len > 0)
			return ws[0] == '\t' ? "\t" : len >= 4 ? "    " : "  ";
	}
	return "  ";
}

int ap_fix__has_comments(const struct ap_doc *doc, const struct ap_node *n)
{
	const struct ap_node *c;

	if (n->has_pi)
		return 1;
	for (c = n->first_child; c != NULL; c = c->next)
		if (c->kind == AP_NODE_COMMENT || ap_fix__has_comments(doc, c))
			return 1;
	return 0;
}
