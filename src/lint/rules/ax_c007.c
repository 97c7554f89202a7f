/*
 * AX-C007: the end-user authentication level obligation is missing, or is
 * not in the first ObligationExpression.  Without it the PEP applies no
 * level check; Dialogporten reads the level only from the first
 * ObligationExpression and assumes 3 when it finds none there.
 * The level is an assignment of Category
 * urn:altinn:minimum-authenticationlevel in a policy-level
 * ObligationExpression with FulfillOn Permit (spec 2.6); an assignment
 * elsewhere never reaches the PEP (AX-E012).
 * Source: DecisionHelper.cs; Altinn/dialogporten ResourceRegistryClient.cs
 * and IServiceResourceMinimumAuthenticationLevelResolver.cs; spec
 * xacml-altinn.md 2.6, 4.5.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *at;
	struct ap_smell_levels lv;

	(void)doc;
	if (policy == NULL || ap_node__child(policy, AP_NODE_RULE) == NULL)
		return;
	ap_smell__levels(policy, &lv);
	if (lv.user == NULL) {
		at = lv.user_unreturned ? lv.user_unreturned
		     : ap_node__child(policy, AP_NODE_OBLIGATION_EXPRESSIONS);
		ap_lint_report(ctx, at ? at : policy,
			       "%s: the PEP checks no login level, and Dialogporten assumes 3; add a first ObligationExpression (FulfillOn=\"Permit\") with an assignment of Category '" AP_SMELL_CAT_AUTHLEVEL "' and the level",
			       lv.user_unreturned
			       ? "the end-user authentication level sits in an ObligationExpression whose FulfillOn is not Permit, so it never reaches anyone"
			       : "no minimum authentication level for end users");
		return;
	}
	if (lv.user_in_first)
		return;
	ap_lint_report(ctx, lv.first,
		       "the end-user authentication level (line %u) is not in the first ObligationExpression: Dialogporten reads only the first and assumes level 3 otherwise; move it first",
		       lv.user->line);
}

const struct ap_rule ap_rule_AX_C007 = {
	.id = "AX-C007",
	.name = "authentication-level-first",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "the end-user authentication level is missing or not the first obligation",
	.source = "DecisionHelper.cs; dialogporten ResourceRegistryClient.cs",
};
