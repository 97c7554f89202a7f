/*
 * AX-X002: a Permit rule without any subject match applies to every
 * caller Altinn authenticates.
 * Source: spec xacml-altinn.md 1.11 point 3, 4.6; Altinn XacmlRule.cs
 * MatchAttributes (no subject Match: subject unconstrained); seen in
 * Studio integration-test app policies.  Rules without any Target are
 * AX-X001's; subject matches in a wrong category are AX-X012's; a
 * Condition on the subject counts as a subject constraint.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	struct ap_smell_shape sh;

	/* the usual case, a subject match, is seen without the walk */
	if (!ap_smell__policy_rule(rule) || rule->u.rule.condition != NULL ||
	    ap_smell__count(rule, AP_CAT_SUBJECT) > 0 ||
	    ap_smell__matches_all(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT)
		return;
	ap_smell__shape(rule, &sh);
	if (sh.n_cat[AP_CAT_NONE] > 0)
		return; /* a designator without Category: AX-S012 */
	if (sh.subject_like)
		return;
	ap_lint_report(ctx, sh.target,
		       "Permit rule '%s' has no subject match%s, so every caller Altinn authenticates is granted it: add an AnyOf with the subjects it is meant for (role codes, access packages, organisations)",
		       ap_smell__rule_id(rule), ap_smell__dropped_note(&sh));
}

const struct ap_rule ap_rule_AX_X002 = {
	.id = "AX-X002",
	.name = "permit-without-subject",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a Permit rule without any subject match grants every authenticated caller",
	.source = "XacmlRule.cs",
};
