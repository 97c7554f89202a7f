/*
 * Helpers shared by the vocabulary and registry rules; see vocab_util.h.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"

void ap_vocab__each(struct ap_lint_ctx *ctx, const struct ap_doc *doc,
		    enum ap_node_kind kind,
		    void (*fn)(struct ap_lint_ctx *ctx, const struct ap_node *n))
{
	const struct ap_node *root = doc->root, *n = root;

	while (n != NULL) {
		if (n->kind == kind)
			fn(ctx, n);
		if (n->first_child != NULL) {
			n = n->first_child;
			continue;
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
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
