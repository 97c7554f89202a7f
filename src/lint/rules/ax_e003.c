/*
 * AX-E003: a Rule with Effect="Deny".
 *
 * Source: spec xacml-altinn.md 1.9, 3.1 and 4.2.  The released PDP never
 * returns Deny (Altinn/altinn-authorization:src/Altinn.Authorization.ABAC/
 * PolicyDecisionPoint.cs: under the 3.0 rule deny-overrides id a matching
 * Deny only stops the loop and the result is rebuilt from the earlier
 * rules; under every other algorithm Deny rules are ignored), while the
 * current PDP applies the standard combining tables (RuleCombiner.cs), so
 * what a Deny rule does depends on the PDP version.  Studio's converter
 * writes every rule as Permit when it saves a policy
 * (Altinn/altinn-studio:src/Designer/backend/PolicyAdmin/PolicyConverter.cs),
 * turning a Deny rule into a grant.  The catalogue makes this an error
 * for files managed in Studio; whether a file is managed there cannot be
 * known from the file, so it is a warning everywhere.  Whether the Deny
 * is effective under the chosen algorithm is AX-X005's; Effects written
 * as numbers or lists are AX-S016's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	struct ap_effect e = ap_engine__rule_effect(n);
	const char *id = n->u.rule.rule_id ? n->u.rule.rule_id : "";

	if ((e.form != AP_EFFECT_EXACT && e.form != AP_EFFECT_CASE) ||
	    e.value != AP_EFFECT_DENY || !ap_structure__reached(ctx, n))
		return;
	ap_lint_report(ctx, n,
		       "Deny rule '%s': the released PDP never returns Deny "
		       "(under deny-overrides a matching Deny only stops the "
		       "rules after it; under other algorithms it is "
		       "ignored) while the current PDP applies it%s; restrict "
		       "access by narrowing the Permit rules instead", id,
		       ap_lint_ctx_profile(ctx) == AP_PROFILE_DELEGATION ? "" :
		       ", and Studio turns it into a Permit rule when it saves "
		       "the policy");
}

const struct ap_rule ap_rule_AX_E003 = {
	.id = "AX-E003", .name = "deny-rule",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "Deny rules behave differently in the released and current "
		   "PDP, and Studio rewrites them to Permit",
	.source = "PolicyDecisionPoint.cs (released); RuleCombiner.cs; "
		  "PolicyConverter.cs",
};
