/*
 * AX-S004: PolicyId and RuleCombiningAlgId present and non-empty.
 *
 * Source: spec xacml-altinn.md 1.2 and 4.1.  XacmlParser.cs throws
 * "PolicyId IsNullOrEmpty" (and the same for RuleCombiningAlgId) when the
 * attribute is missing or empty; the value itself is not checked here
 * (AX-E001 judges the algorithm).
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n != ap_structure__policy(ctx))
		return;
	ap_structure__require_attr(ctx, n, "PolicyId",
				   "Altinn's parser requires it; set "
				   "PolicyId=\"urn:altinn:policyid:1\"");
	ap_structure__require_attr(ctx, n, "RuleCombiningAlgId",
				   "Altinn's parser requires it; set "
				   "RuleCombiningAlgId=\"urn:oasis:names:tc:"
				   "xacml:3.0:rule-combining-algorithm:"
				   "deny-overrides\"");
}

const struct ap_rule ap_rule_AX_S004 = {
	.id = "AX-S004", .name = "policy-attributes-missing",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "PolicyId and RuleCombiningAlgId must be present and "
		   "non-empty",
	.source = "XacmlParser.cs",
};
