/*
 * AX-E002: prefer urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:
 * deny-overrides.
 *
 * Source: spec xacml-altinn.md 1.9 and 4.2.  Studio's converter writes
 * that id into every policy it saves, replacing whatever was there
 * (Altinn/altinn-studio:src/Designer/backend/PolicyAdmin/PolicyConverter.cs),
 * and the other supported algorithms behave differently in the released
 * PDP (PolicyDecisionPoint.cs: any Permit wins, except that under the
 * exact 3.0 rule deny-overrides id a matching Deny stops later rules) and
 * the current one (RuleCombiner.cs: the standard tables).  The message
 * says what the chosen algorithm does in each.
 *
 * Delegation policies are written by access management, not Studio, and
 * legitimately use the policy-combining deny-overrides id; in that profile
 * only algorithms whose outcome differs between the two PDPs for Permit
 * rules alone (permit-unless-deny) are reported, Deny rules being
 * AX-E003's.  Unsupported ids are AX-E001's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#define STUDIO_ALG "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *alg = n->u.policy.combining_alg;
	int delegation = ap_lint_ctx_profile(ctx) == AP_PROFILE_DELEGATION;
	const char *what;
	enum ap_combining c;

	if (alg == NULL || n != ap_structure__policy(ctx) ||
	    strcmp(alg, STUDIO_ALG) == 0)
		return;
	c = ap_ids_combining(alg);
	switch (c) {
	case AP_COMB_UNSUPPORTED:
		return; /* AX-E001 */
	case AP_COMB_DENY_OVERRIDES:
		/* policy-combining or ordered id: deny-overrides in the
		 * current PDP, permit-overrides in the released one */
		if (delegation)
			return;
		what = "the current PDP applies it as deny-overrides, but the "
		       "released PDP special-cases only the rule-combining "
		       "deny-overrides id and lets any Permit win here";
		break;
	case AP_COMB_PERMIT_OVERRIDES:
	case AP_COMB_DENY_UNLESS_PERMIT:
		if (delegation)
			return;
		what = "a matching Deny rule never takes away what a Permit "
		       "rule grants";
		break;
	case AP_COMB_FIRST_APPLICABLE:
		if (delegation)
			return;
		what = "the current PDP lets the first applicable rule decide "
		       "(rule order matters), while the released PDP lets any "
		       "Permit win";
		break;
	default: /* AP_COMB_PERMIT_UNLESS_DENY */
		what = "the current PDP permits every request no Deny rule "
		       "matches, even when no Permit rule matches it, while the "
		       "released PDP permits only what a Permit rule matches";
		break;
	}
	ap_lint_report(ctx, n,
		       "RuleCombiningAlgId '%s': %s; use '%s'%s", alg, what,
		       STUDIO_ALG,
		       delegation ? "" : ", which Studio writes (it replaces "
					 "any other algorithm when it saves "
					 "the policy)");
}

const struct ap_rule ap_rule_AX_E002 = {
	.id = "AX-E002", .name = "combining-algorithm-not-deny-overrides",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "prefer the rule-combining deny-overrides algorithm "
		   "Studio writes",
	.source = "PolicyConverter.cs; RuleCombiner.cs; PolicyDecisionPoint.cs",
};
