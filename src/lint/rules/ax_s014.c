/*
 * AX-S014: a Policy holds at least one Rule.
 *
 * Source: spec xacml-altinn.md 1.3 and 4.1.  XacmlParser.cs throws
 * "VariableDefinition or Rule are required" when a policy has neither; a
 * policy with only VariableDefinitions parses (and grants nothing, since
 * variables are never evaluated).  Rules in a wrong namespace count here
 * (AX-S003 reports the namespace).
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n != ap_structure__policy(ctx) ||
	    ap_structure__count(n, AP_NODE_RULE) > 0 ||
	    ap_structure__count(n, AP_NODE_VARIABLE_DEFINITION) > 0)
		return;
	ap_lint_report(ctx, n,
		       "'Policy' has no Rule: Altinn's parser requires at "
		       "least one ('VariableDefinition or Rule are "
		       "required'); add a Rule after the Target");
}

const struct ap_rule ap_rule_AX_S014 = {
	.id = "AX-S014", .name = "policy-without-rules",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "a Policy needs at least one Rule",
	.source = "XacmlParser.cs",
};
