/*
 * AX-X003: a Permit rule without an action match grants every action,
 * including actions added to the service later.
 * Source: spec xacml-altinn.md 1.11 point 3, 4.6; Altinn XacmlRule.cs
 * MatchAttributes.  Rules without any Target are AX-X001's; rules with a
 * Condition are left alone (it may restrict or disable them: AX-E009).
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	struct ap_smell_shape sh;

	/* the usual case, an action match, is seen without the walk */
	if (!ap_smell__policy_rule(rule) || rule->u.rule.condition != NULL ||
	    ap_smell__count(rule, AP_CAT_ACTION) > 0 ||
	    ap_smell__matches_all(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT)
		return;
	ap_smell__shape(rule, &sh);
	if (sh.n_cat[AP_CAT_NONE] > 0)
		return; /* a designator without Category: AX-S012 */
	ap_lint_report(ctx, sh.target,
		       "Permit rule '%s' has no action match%s, so it grants every action, including ones added to the service later: add an AnyOf listing the actions it is meant to grant",
		       ap_smell__rule_id(rule), ap_smell__dropped_note(&sh));
}

const struct ap_rule ap_rule_AX_X003 = {
	.id = "AX-X003",
	.name = "permit-without-action",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a Permit rule without an action match grants every action",
	.source = "XacmlRule.cs",
};
