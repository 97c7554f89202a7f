/*
 * AX-X004: a rule without a resource match.  In a registry policy the
 * resource registry rejects it ("Contains rule without reference to
 * registry resource id"): error.  In an app or delegation policy it
 * applies to every task and sub-resource the policy is consulted for:
 * warning.
 * Source: spec xacml-altinn.md 1.11 point 3, 3.3, 4.6; Altinn
 * XacmlRule.cs; Altinn/altinn-resource-registry PolicyHelper.cs
 * EnsureValidPolicy.  Permit rules without any Target are AX-X001's and
 * the Studio placeholder rule AX-Q005's; whether the match names the right
 * resource is AX-R001's.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	struct ap_smell_shape sh;
	enum ap_decision effect;
	const struct ap_node *at;
	const char *id = NULL;
	enum ap_profile profile;

	/* the usual case, a resource match, is seen without the walk */
	if (!ap_smell__policy_rule(rule) ||
	    ap_smell__count(rule, AP_CAT_RESOURCE) > 0)
		return;
	effect = ap_smell__effect(rule);
	if ((effect == AP_DECISION_PERMIT && ap_smell__matches_all(rule) &&
	     rule->u.rule.condition == NULL) ||
	    ap_smell__is_placeholder(rule))
		return;
	ap_smell__shape(rule, &sh);
	if (sh.n_cat[AP_CAT_NONE] > 0)
		return; /* a designator without Category: AX-S012 */
	id = ap_smell__rule_id(rule);
	profile = ap_lint_ctx_profile(ctx);
	/* the registry looks at the Target only; elsewhere a Condition on the
	 * resource constrains it */
	if ((profile == AP_PROFILE_APP || profile == AP_PROFILE_DELEGATION) &&
	    ap_smell__condition_uses(rule, AP_CAT_RESOURCE))
		return;
	at = sh.target ? sh.target : rule;
	switch (profile) {
	case AP_PROFILE_APP:
		ap_lint_report_sev(ctx, at, AP_SEV_WARNING,
				   "rule '%s' has no resource match%s, so it applies to every task, process step and sub-resource of the app: add the org and app matches (and a task or end event if it is meant for one)",
				   id, ap_smell__dropped_note(&sh));
		break;
	case AP_PROFILE_DELEGATION:
		ap_lint_report_sev(ctx, at, AP_SEV_WARNING,
				   "rule '%s' has no resource match%s, so it applies to every resource the policy is consulted for: add the resource matches",
				   id, ap_smell__dropped_note(&sh));
		break;
	default:
		ap_lint_report_sev(ctx, at, AP_SEV_ERROR,
				   "rule '%s' has no resource match%s: the resource registry rejects the policy ('Contains rule without reference to registry resource id'); add a match on 'urn:altinn:resource' with the resource id",
				   id, ap_smell__dropped_note(&sh));
		break;
	}
}

const struct ap_rule ap_rule_AX_X004 = {
	.id = "AX-X004",
	.name = "rule-without-resource",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a rule without a resource match (error for registry policies, warning for apps)",
	.source = "XacmlRule.cs; PolicyHelper.cs",
};
