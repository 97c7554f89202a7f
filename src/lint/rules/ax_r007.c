/*
 * AX-R007: the registry's /policy/rules and /policy/rights endpoints
 * flatten each rule into (subject, action, resource) triples and throw for
 * this policy when an AnyOf holds matches of more than one category ("All
 * matches in a all must have the same category") or an AllOf of the
 * action AnyOf holds more than one match ("Only one match is allowed in a
 * allOf for action category").  Those endpoints list a resource's rights
 * for delegation (access management), so the policy's rights cannot be
 * shown or delegated.  They serve app resources from the app's policy.xml
 * as well, so the rule runs in the app profile too.  The PDP itself
 * evaluates such policies (mixed AllOfs are AX-E010's concern).
 * Source: spec xacml-altinn.md 3.3 and 4.4 (Altinn/altinn-resource-registry:
 * src/Altinn.ResourceRegistry.Core/Helpers/PolicyHelper.cs
 * FlattenXacmlRule, GetMatchValueFromAllOff).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"

static void check_any(struct ap_lint_ctx *ctx, const struct ap_node *any)
{
	const struct ap_node *all, *m, *first = NULL, *other = NULL;

	if (ap_vocab__rule_of(any) == NULL)
		return;
	for (all = any->first_child; all; all = all->next) {
		if (all->kind != AP_NODE_ALL_OF)
			continue;
		for (m = all->first_child; m; m = m->next) {
			const struct ap_node *d;
			const char *cat;

			if (m->kind != AP_NODE_MATCH)
				continue;
			d = ap_vocab__designator(m);
			if (d == NULL || d->u.designator.category_id == NULL)
				return; /* the registry fails differently */
			cat = d->u.designator.category_id;
			/* attribute values are interned: equal ids mostly
			 * share a pointer */
			if (first == NULL)
				first = d;
			else if (other == NULL &&
				 cat != first->u.designator.category_id &&
				 strcmp(cat, first->u.designator.category_id) != 0)
				other = d;
		}
	}
	if (first == NULL)
		return;
	if (other != NULL) {
		ap_lint_report(ctx, any,
			       "AnyOf mixes categories ('%s' and '%s'): the resource registry's rules and rights endpoints throw for this policy, so its rights cannot be listed or delegated; keep subjects, resources and actions in separate AnyOfs",
			       first->u.designator.category_id,
			       other->u.designator.category_id);
		return;
	}
	if (first->u.designator.category != AP_CAT_ACTION)
		return;
	for (all = any->first_child; all; all = all->next) {
		size_t matches = 0;

		if (all->kind != AP_NODE_ALL_OF)
			continue;
		/* (an AllOf without a Match is AX-S009's) */
		for (m = all->first_child; m && matches < 2; m = m->next)
			matches += m->kind == AP_NODE_MATCH;
		if (matches >= 2)
			ap_lint_report(ctx, all,
				       "action AllOf holds more than one match: the resource registry's rules and rights endpoints accept one action per AllOf and throw for this policy, so its rights cannot be listed or delegated; put each action in an AllOf of its own");
	}
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

const struct ap_rule ap_rule_AX_R007 = {
	.id = "AX-R007",
	.name = "registry-rights-shape",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "an AnyOf mixes categories or an action AllOf holds several matches: registry rights endpoints throw",
	.source = "PolicyHelper.cs FlattenXacmlRule, GetMatchValueFromAllOff",
};
