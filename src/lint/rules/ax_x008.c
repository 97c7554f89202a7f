/*
 * AX-X008: a policy that grants write or sign without an end-user
 * authentication level of at least 3, or with none at all.
 * ID-porten "substantial" is level 3 (IdPortenXacmlMapper.cs: loa-low
 * satisfies up to 2); Studio's editor offers only 0, 3 and 4 (Policy.ts).
 * The level is the first assignment of Category
 * urn:altinn:minimum-authenticationlevel in a policy-level
 * ObligationExpression with FulfillOn Permit (what the PEP reads,
 * DecisionHelper.cs); a non-integer level is AX-V014's.  Whether write or
 * sign is granted to anyone is asked of Altinn's evaluator
 * (ap_grants__anyone), so rules that never match do not count.
 * Not run on delegation policies: without obligations of their own they
 * inherit the resource policy's (DecisionController.cs).
 * Source: spec xacml-altinn.md 2.6, 4.6.
 */
#include "internal.h"
#include "lint/grants.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

static const char *const writes[] = {"write", "sign"};

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	const struct ap_node *granting = NULL;
	const char *action = NULL;
	struct ap_smell_levels lv;
	size_t i;
	long level = 0;

	(void)doc;
	if (policy == NULL)
		return;
	/* a level of 3 or more (or one the PEP cannot read, AX-V014's) is
	 * fine whatever the policy grants: decided before the evaluator */
	ap_smell__levels(policy, &lv);
	if (lv.user != NULL &&
	    (!ap_smell__level_value(lv.user_value, &level) || level >= 3))
		return;
	for (i = 0; i < ARRAY_SIZE(writes) && granting == NULL; i++) {
		granting = ap_grants__anyone(policy,
					     ap_lint_ctx_resource_id(ctx),
					     writes[i]);
		action = writes[i];
	}
	if (granting == NULL)
		return;
	if (lv.user == NULL) {
		const struct ap_node *at = lv.user_unreturned;

		if (at == NULL)
			at = ap_node__child(policy,
					    AP_NODE_OBLIGATION_EXPRESSIONS);
		ap_lint_report(ctx, at ? at : policy,
			       "the policy grants '%s' (rule '%s') but %s: any login is accepted, down to self-registered users; add an obligation assignment with Category '" AP_SMELL_CAT_AUTHLEVEL "' and level 3 or higher",
			       action, ap_smell__rule_id(granting),
			       lv.user_unreturned
			       ? "its end-user authentication level sits in an ObligationExpression with FulfillOn other than Permit, which never reaches the PEP"
			       : "sets no minimum authentication level for end users");
		return;
	}
	ap_lint_report(ctx, lv.user_value,
		       "end-user authentication level %ld is below 3 (ID-porten 'substantial') although the policy grants '%s' (rule '%s'): raise it to 3 or 4, the levels Studio offers",
		       level, action, ap_smell__rule_id(granting));
}

const struct ap_rule ap_rule_AX_X008 = {
	.id = "AX-X008",
	.name = "weak-authentication-level",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "write or sign granted with an end-user authentication level below 3, or none",
	.source = "IdPortenXacmlMapper.cs; DecisionHelper.cs; Policy.ts",
};
