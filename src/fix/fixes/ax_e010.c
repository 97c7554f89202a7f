/* AX-E010 (unsafe): an AnyOf whose single AllOf mixes categories is split
 * into one AnyOf per category, as Studio writes them.  Equivalent in XACML
 * (a Target is the AND of its AnyOfs); not done when comments would move
 * or a match is in a category Altinn never evaluates. */
#include "internal.h"
#include "fix/fix_int.h"

#include <stdio.h>
#include <string.h>

static int category_of(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR)
		return -1;
	return ap_clause_index(d->u.designator.category);
}

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_doc *doc = ap_fix_ctx_doc(ctx);
	const struct ap_node *all = at, *any, *m;
	const char *ws_any, *ws_all, *ws_m;
	size_t l_any, l_all, l_m;
	char p[128];
	struct ap_buf b = AP_BUF_INIT;
	int order[AP_CLAUSE_CATEGORIES], n = 0, k, i, ok = 1;

	if (all == NULL || all->kind != AP_NODE_ALL_OF || (any = all->parent) == NULL ||
	    any->kind != AP_NODE_ANY_OF || ap_node__element_count(any) != 1 ||
	    ap_fix__has_comments(doc, any) || all->first_child == NULL)
		return;
	for (m = all->first_child; m != NULL; m = m->next) {
		k = m->kind == AP_NODE_MATCH ? category_of(m) : -1;
		if (k < 0)
			return;
		for (i = 0; i < n && order[i] != k; i++)
			;
		if (i == n)
			order[n++] = k;
	}
	if (n < 2)
		return;
	ap_fix__indent_of(doc, any, &ws_any, &l_any);
	ap_fix__indent_of(doc, all, &ws_all, &l_all);
	ap_fix__indent_of(doc, all->first_child, &ws_m, &l_m);
	snprintf(p, sizeof(p), "%s%s", any->prefix ? any->prefix : "", any->prefix ? ":" : "");
	for (i = 0; i < n && ok; i++) {
		ok = (i == 0 || ap_buf_addf(&b, "\n%.*s", (int)l_any, ws_any) == AP_OK) &&
		     ap_buf_addf(&b, "<%sAnyOf>\n%.*s<%sAllOf>\n", p, (int)l_all, ws_all, p) == AP_OK;
		for (m = all->first_child; m != NULL && ok; m = m->next)
			if (category_of(m) == order[i])
				ok = ap_buf_addf(&b, "%.*s", (int)l_m, ws_m) == AP_OK &&
				     ap_buf_add(&b, doc->source + m->offset, m->end_offset - m->offset) == AP_OK &&
				     ap_buf_addch(&b, '\n') == AP_OK;
		ok = ok && ap_buf_addf(&b, "%.*s</%sAllOf>\n%.*s</%sAnyOf>", (int)l_all, ws_all, p,
				       (int)l_any, ws_any, p) == AP_OK;
	}
	if (ok)
		ap_fix__replace(ctx, any->offset, any->end_offset, b.ptr, b.len);
	ap_buf_release(&b);
}

const struct ap_fix ap_fix_AX_E010 = {
	.rule_id = "AX-E010", .cls = AP_FIX_UNSAFE, .apply = apply,
	.summary = "AnyOf with one AllOf mixing categories split into one AnyOf per category (unsafe: review the rule's intent)",
};
