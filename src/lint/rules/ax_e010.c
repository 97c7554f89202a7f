/*
 * AX-E010: an AllOf or AnyOf mixes categories.
 *
 * Source: spec xacml-altinn.md 1.11 (point 2), 3.3 and 4.2.
 * XacmlRule.MatchAttributes does not evaluate a Target as AND of AnyOf,
 * OR of AllOf: it evaluates each category on its own across the whole
 * Target (satisfied when some AllOf's matches of that category all
 * match).  So
 *  - an AnyOf whose AllOfs pair categories (subject A with resource X, or
 *    subject B with resource Y) loses the pairing: (A or B) and (X or Y);
 *  - an AnyOf whose AllOfs are of different categories (subject A, or
 *    resource X) becomes subject A and resource X;
 *  - a single AllOf mixing categories alone in its AnyOf (the old app
 *    template: org, app and the delete action together) is evaluated as
 *    written, but the resource registry's policy rules and rights
 *    endpoints throw for an AnyOf that mixes categories
 *    (Altinn/altinn-resource-registry:src/Altinn.ResourceRegistry.Core/
 *    Helpers/PolicyHelper.cs FlattenXacmlRule).
 * One finding per AnyOf.  Only the three evaluated categories count
 * (others vanish: AX-E006); the policy Target is AX-E011's.  AX-R007
 * repeats the registry part for registry policies, AX-X011 the security
 * reading of the first case.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

#include <stdio.h>

/* Bit set of the evaluated categories of the Matches in allof. */
static unsigned categories(const struct ap_node *allof)
{
	const struct ap_node *m, *d;
	unsigned set = 0;

	for (m = allof->first_child; m != NULL; m = m->next) {
		if (m->kind != AP_NODE_MATCH)
			continue;
		d = m->u.match.designator;
		if (d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
		    ap_ids_category_evaluated(d->u.designator.category))
			set |= 1u << d->u.designator.category;
	}
	return set;
}

static int several(unsigned set)
{
	return (set & (set - 1)) != 0;
}

/* "subject and resource" for a set, into buf. */
static const char *names(unsigned set, char *buf, size_t len)
{
	static const enum ap_category order[] = {
		AP_CAT_SUBJECT, AP_CAT_RESOURCE, AP_CAT_ACTION};
	size_t i, k = 0, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(order); i++)
		if (set & (1u << order[i]))
			n++;
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		if (!(set & (1u << order[i])))
			continue;
		k++;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 k == 1 ? "" : k == n ? " and " : ", ",
			 ap_ids_category_noun(order[i]));
	}
	return buf;
}

static void check_any(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *all, *mixed = NULL, *target = n->parent;
	unsigned set, all_sets = 0;
	size_t count = 0;
	char buf[64];

	if (target == NULL || target->kind != AP_NODE_TARGET ||
	    target->parent == NULL || target->parent->kind != AP_NODE_RULE)
		return;
	for (all = n->first_child; all != NULL; all = all->next) {
		if (all->kind != AP_NODE_ALL_OF)
			continue;
		set = categories(all);
		if (several(set) && mixed == NULL)
			mixed = all;
		all_sets |= set;
		count++;
	}
	/* the ancestors are walked only when there is something to report */
	if ((mixed == NULL && !several(all_sets)) ||
	    !ap_structure__reached(ctx, n))
		return;
	if (mixed != NULL && count == 1)
		ap_lint_report(ctx, mixed,
			       "AllOf mixes %s matches: Altinn's PDP still "
			       "requires all of them, but the resource "
			       "registry's policy rules and rights endpoints "
			       "fail on an AnyOf that mixes categories; put "
			       "each category in its own AnyOf, as Studio does",
			       names(categories(mixed), buf, sizeof(buf)));
	else if (mixed != NULL)
		ap_lint_report(ctx, mixed,
			       "AllOf pairs %s matches, but Altinn's PDP "
			       "evaluates each category across the whole "
			       "Target, so the pairings of the alternatives in "
			       "this AnyOf are lost (subject A with resource X "
			       "or subject B with resource Y becomes (A or B) "
			       "and (X or Y)), and the resource registry's "
			       "rights endpoints fail on it; put each category "
			       "in its own AnyOf and split the rule where the "
			       "pairing matters",
			       names(categories(mixed), buf, sizeof(buf)));
	else if (several(all_sets))
		ap_lint_report(ctx, n,
			       "AnyOf offers %s matches as alternatives, but "
			       "Altinn's PDP evaluates each category on its "
			       "own, so a request must match one of each "
			       "category, not one of them, and the resource "
			       "registry's rights "
			       "endpoints fail on it; put each category in its "
			       "own AnyOf, and write a rule per alternative "
			       "where either is meant",
			       names(all_sets, buf, sizeof(buf)));
}

/* The AnyOfs of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *t, *any;

	for (t = rule->first_child; t != NULL; t = t->next) {
		if (t->kind != AP_NODE_TARGET)
			continue;
		for (any = t->first_child; any != NULL; any = any->next)
			if (any->kind == AP_NODE_ANY_OF)
				check_any(ctx, any);
	}
}

const struct ap_rule ap_rule_AX_E010 = {
	.id = "AX-E010", .name = "mixed-categories",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "AllOf or AnyOf mixing categories: pairings lost, registry "
		   "endpoints fail",
	.source = "Xacml/XacmlRule.cs; ResourceRegistry PolicyHelper.cs "
		  "FlattenXacmlRule",
};
