/*
 * AX-X011: AllOfs that pair categories, e.g. "role A for resource X" in
 * one AllOf and "role B for resource Y" in another.  Altinn matches each
 * category on its own across the whole Target (XacmlRule.cs), so the rule
 * becomes "(A or B) and (X or Y)": A also gets Y and B gets X.  Reported
 * when two AllOfs of a rule both hold matches of the same two categories
 * and differ in both; a single mixed AllOf (the old app template's
 * org + app + delete) pairs nothing and is only AX-E010's.
 * Source: spec xacml-altinn.md 1.11 point 2, 4.6; Altinn XacmlRule.cs.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

#include <strings.h>

#define NCAT 3
#define MAX_MIXED 64

static const enum ap_category cats[NCAT] = {
	AP_CAT_SUBJECT, AP_CAT_RESOURCE, AP_CAT_ACTION
};
static const char *const cat_names[NCAT] = {"subject", "resource", "action"};

/* First Match of category cat in all, or NULL; *count gets how many. */
static const struct ap_node *part(const struct ap_node *all,
				  enum ap_category cat, size_t *count)
{
	const struct ap_node *m, *first = NULL;

	*count = 0;
	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		const struct ap_node *d = m->u.match.designator;

		if (d && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
		    d->u.designator.category == cat && m->u.match.value) {
			if (!first)
				first = m;
			(*count)++;
		}
	}
	return first;
}

/* Same attribute id and value (ignoring case)? */
static int same_match(const struct ap_node *a, const struct ap_node *b)
{
	const char *x = a->u.match.value->text, *y = b->u.match.value->text;
	const char *ida = a->u.match.designator->u.designator.attribute_id;
	const char *idb = b->u.match.designator->u.designator.attribute_id;

	/* a designator without AttributeId matches nothing alike */
	return ida != NULL && idb != NULL && strcmp(ida, idb) == 0 &&
	       strcasecmp(x, y) == 0;
}

/* Do AllOfs p and q constrain category cat identically? */
static int same_part(const struct ap_node *p, const struct ap_node *q,
		     enum ap_category cat)
{
	const struct ap_node *m, *n;
	size_t cp, cq;

	part(p, cat, &cp);
	part(q, cat, &cq);
	if (cp != cq)
		return 0;
	for (m = ap_node__child(p, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		const struct ap_node *d = m->u.match.designator;
		int found = 0;

		if (!d || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    d->u.designator.category != cat || !m->u.match.value)
			continue;
		for (n = ap_node__child(q, AP_NODE_MATCH); n && !found;
		     n = ap_node__next_sibling(n, AP_NODE_MATCH)) {
			const struct ap_node *e = n->u.match.designator;

			found = e && e->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
				e->u.designator.category == cat &&
				n->u.match.value && same_match(m, n);
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Reports the pairs of AllOfs i < j that pair categories a and b
 * differently; returns 1 when it reported. */
static int check_pair(struct ap_lint_ctx *ctx, const struct ap_node *p,
		      const struct ap_node *q, int a, int b)
{
	const struct ap_node *pa, *pb, *qa, *qb;
	size_t count;

	if (same_part(p, q, cats[a]) || same_part(p, q, cats[b]))
		return 0;
	pa = part(p, cats[a], &count);
	pb = part(p, cats[b], &count);
	qa = part(q, cats[a], &count);
	qb = part(q, cats[b], &count);
	ap_lint_report(ctx, q,
		       "this AllOf pairs %s '%s' with %s '%s', and the AllOf on line %u pairs '%s' with '%s'; Altinn matches each category on its own, so '%s' also gets '%s' and '%s' gets '%s': put each pairing in its own rule",
		       cat_names[a], qa->u.match.value->text, cat_names[b],
		       qb->u.match.value->text, p->line,
		       pa->u.match.value->text, pb->u.match.value->text,
		       qa->u.match.value->text, pb->u.match.value->text,
		       pa->u.match.value->text, qb->u.match.value->text);
	return 1;
}

/* Bit k set when all holds matches of category k. */
static unsigned categories(const struct ap_node *all)
{
	const struct ap_node *m, *d;
	unsigned bits = 0;
	int k;

	for (m = all->first_child; m; m = m->next) {
		if (m->kind != AP_NODE_MATCH)
			continue;
		d = m->u.match.designator;
		if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    m->u.match.value == NULL)
			continue;
		for (k = 0; k < NCAT; k++)
			if (d->u.designator.category == cats[k])
				bits |= 1u << k;
	}
	return bits;
}

/* Do at most one AllOf of the rule hold matches of two categories?  Read
 * from the rule's per-category clauses (each names its AllOf), so that
 * the usual rule, one category per AnyOf, costs no walk. */
static int at_most_one_mixed(const struct ap_node *rule)
{
	const struct ap_rule_clauses *bc = rule->u.rule.by_cat;
	const struct ap_node *seen = NULL;
	uint32_t i, j;
	int k, l;

	for (k = 0; k < NCAT; k++)
		for (i = 0; i < bc[k].count; i++) {
			const struct ap_node *all = bc[k].clauses[i].matches[0]->parent;

			for (l = k + 1; l < NCAT; l++) {
				for (j = 0; j < bc[l].count; j++)
					if (bc[l].clauses[j].matches[0]->parent == all)
						break;
				if (j < bc[l].count)
					break;
			}
			if (l == NCAT || all == seen)
				continue;
			if (seen != NULL)
				return 0;
			seen = all;
		}
	return 1;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *mixed[MAX_MIXED], *target, *all;
	unsigned has[MAX_MIXED], bits, want;
	size_t n = 0, i, j;
	int a, b;

	if (!ap_smell__policy_rule(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT ||
	    at_most_one_mixed(rule))
		return;
	target = rule->u.rule.target;
	for (all = ap_coverage__next_allof(target, NULL); all && n < MAX_MIXED;
	     all = ap_coverage__next_allof(target, all)) {
		bits = categories(all);
		if (bits != 0 && (bits & (bits - 1)) != 0) {
			mixed[n] = all;
			has[n++] = bits;
		}
	}
	/* one finding per rule */
	for (j = 1; j < n; j++)
		for (i = 0; i < j; i++)
			for (a = 0; a < NCAT; a++)
				for (b = a + 1; b < NCAT; b++) {
					want = (1u << a) | (1u << b);
					if ((has[i] & want) == want &&
					    (has[j] & want) == want &&
					    check_pair(ctx, mixed[i], mixed[j],
						       a, b))
						return;
				}
}

const struct ap_rule ap_rule_AX_X011 = {
	.id = "AX-X011",
	.name = "cross-category-pairing",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "AllOfs pair subjects with resources or actions, which Altinn does not keep apart",
	.source = "XacmlRule.cs",
};
