/*
 * AX-X001: a Permit rule without a Target, or with an empty <Target/>,
 * matches every subject, resource and action.
 * Source: spec xacml-altinn.md 1.5, 1.11 point 3, 4.6; Altinn
 * XacmlRule.cs MatchAttributes (a category without matches is
 * unconstrained).  The Studio placeholder rule ("Empty rule. Not Valid")
 * is AX-Q005's.  A rule with a Condition is left alone: the Condition may
 * restrict it, or disable it the way Altinn evaluates conditions (AX-E009).
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *target = rule->u.rule.target;

	if (!ap_smell__policy_rule(rule) || rule->u.rule.condition != NULL ||
	    !ap_smell__matches_all(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT ||
	    ap_smell__is_placeholder(rule))
		return;
	ap_lint_report(ctx, target ? target : rule,
		       "Permit rule '%s' has %s, so Altinn applies it to every subject, resource and action: everyone is granted everything; add subject, resource and action matches",
		       ap_smell__rule_id(rule),
		       target ? "an empty Target" : "no Target");
}

const struct ap_rule ap_rule_AX_X001 = {
	.id = "AX-X001",
	.name = "permit-matches-everything",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a Permit rule without a Target, or with <Target/>, grants everything to everyone",
	.source = "XacmlRule.cs",
};
