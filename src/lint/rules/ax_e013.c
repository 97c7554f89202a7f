/*
 * AX-E013: elements Altinn parses and ignores: VariableDefinition,
 * CombinerParameters, RuleCombinerParameters, PolicyIssuer,
 * PolicyDefaults.
 *
 * Source: spec xacml-altinn.md 1.3, 1.6, 1.8 and 4.2.  XacmlParser.cs
 * reads them and PolicyDecisionPoint.cs never uses them: variables are
 * never evaluated (and a VariableReference inside an Apply does not even
 * parse: AX-S019), combiner parameters never reach the combining
 * algorithm, and the issuer and XPath defaults change nothing.  One
 * finding per element; their position is AX-S007's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

#define V(k) AP_VISIT(AP_NODE_##k)

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *why;

	if (n->parent == NULL || n->parent->kind != AP_NODE_POLICY ||
	    !ap_structure__reached(ctx, n))
		return;
	switch (n->kind) {
	case AP_NODE_VARIABLE_DEFINITION:
		why = "variables are never evaluated";
		break;
	case AP_NODE_COMBINER_PARAMETERS:
	case AP_NODE_RULE_COMBINER_PARAMETERS:
		why = "no combining algorithm reads parameters";
		break;
	case AP_NODE_POLICY_ISSUER:
		why = "the issuer is not used";
		break;
	default:
		why = "the XPath version is not used";
		break;
	}
	ap_lint_report(ctx, n,
		       "'%s' is parsed and ignored by Altinn's PDP (%s); "
		       "remove it so the policy does not suggest otherwise",
		       n->name, why);
}

const struct ap_rule ap_rule_AX_E013 = {
	.id = "AX-E013", .name = "ignored-element",
	.severity = AP_SEV_INFO, .profiles = AP_PROFILES_ALL,
	.visits = V(VARIABLE_DEFINITION) | V(COMBINER_PARAMETERS) |
		  V(RULE_COMBINER_PARAMETERS) | V(POLICY_ISSUER) |
		  V(POLICY_DEFAULTS),
	.check = check, .check_doc = NULL,
	.summary = "VariableDefinition, combiner parameters, PolicyIssuer and "
		   "PolicyDefaults are parsed and ignored",
	.source = "XacmlParser.cs; PolicyDecisionPoint.cs",
};
