/*
 * AX-Q005: Studio's placeholder rule.  When its model has no rules,
 * Studio's converter writes one rule with RuleId "1", Description "Empty
 * rule. Not Valid" and no Target, because the parser requires a rule.
 * Without a Target it matches everyone and everything (AX-X001 leaves it
 * to this rule); the registry rejects it.
 * Source: Altinn/altinn-studio src/Designer/backend/PolicyAdmin/
 * PolicyConverter.cs (ConvertPolicy); spec xacml-altinn.md 3.1, 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	struct ap_smell_shape sh;

	if (!ap_smell__policy_rule(rule) || !ap_smell__is_placeholder(rule))
		return;
	ap_smell__shape(rule, &sh);
	ap_lint_report(ctx, rule,
		       "rule '%s' is Studio's placeholder 'Empty rule. Not Valid', written when the policy had no rules%s: add the real rules in Studio's policy editor, which then drops it",
		       ap_smell__rule_id(rule),
		       sh.matches_all &&
		       ap_smell__effect(rule) == AP_DECISION_PERMIT
		       ? "; without a Target it grants everyone everything"
		       : "");
}

const struct ap_rule ap_rule_AX_Q005 = {
	.id = "AX-Q005",
	.name = "studio-placeholder-rule",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "Studio's placeholder rule 'Empty rule. Not Valid'",
	.source = "PolicyConverter.cs",
};
