/*
 * AX-E001: RuleCombiningAlgId names an algorithm Altinn's PDP implements.
 *
 * Source: spec xacml-altinn.md 1.9 and 4.2.  The current PDP
 * (Altinn/altinn-authorization-tmp:src/pkgs/Altinn.Authorization.ABAC/
 * src/Altinn.Authorization.ABAC/RuleCombiner.cs) knows the XACML 3.0
 * deny-overrides, permit-overrides and ordered variants, deny-unless-
 * permit and permit-unless-deny (rule and policy ids) and the 1.0
 * first-applicable; anything else, including the XACML 1.0 deny-overrides
 * id, only-one-applicable and typos, makes every decision Indeterminate.
 * The released PDP (Altinn/altinn-authorization:src/Altinn.Authorization.
 * ABAC/PolicyDecisionPoint.cs) silently treats it as permit-overrides.
 * The policy-combining deny-overrides id, which access management writes
 * into delegation policies, is supported (ap_ids_combining).  A missing
 * or empty id is AX-S004's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *alg = n->u.policy.combining_alg;
	const char *near;

	if (alg == NULL || alg[0] == '\0' || n != ap_structure__policy(ctx) ||
	    ap_ids_combining(alg) != AP_COMB_UNSUPPORTED)
		return;
	near = ap_ids_combining_near(alg);
	if (near != NULL)
		ap_lint_report(ctx, n,
			       "RuleCombiningAlgId '%s' is not an algorithm "
			       "Altinn's PDP implements: the current PDP "
			       "answers every request Indeterminate (no "
			       "access) and the released one treats it as "
			       "permit-overrides; use '%s'", alg, near);
	else
		ap_lint_report(ctx, n,
			       "RuleCombiningAlgId '%s' is not an algorithm "
			       "Altinn's PDP implements: the current PDP "
			       "answers every request Indeterminate (no "
			       "access) and the released one treats it as "
			       "permit-overrides; use 'urn:oasis:names:tc:"
			       "xacml:3.0:rule-combining-algorithm:"
			       "deny-overrides'", alg);
}

const struct ap_rule ap_rule_AX_E001 = {
	.id = "AX-E001", .name = "combining-algorithm-unsupported",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "RuleCombiningAlgId must be an algorithm Altinn's PDP "
		   "implements",
	.source = "RuleCombiner.cs; PolicyDecisionPoint.cs (released)",
};
