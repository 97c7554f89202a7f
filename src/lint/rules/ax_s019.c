/*
 * AX-S019: no Description or VariableReference inside an Apply.
 *
 * Source: spec xacml-altinn.md 1.6 and 4.1.  XacmlParser.cs ReadApply
 * reads its arguments with a choice loop over Apply, Function,
 * AttributeValue, AttributeDesignator, AttributeSelector and the XACML 2.0
 * designator names; a Description (standard XACML allows one first) or a
 * VariableReference stops the loop and the end-element read throws.
 * AX-S007 leaves exactly these two to this rule; any other unexpected
 * element in an Apply is AX-S007's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *c;
	int reach = -1;

	for (c = n->first_child; c != NULL; c = c->next) {
		if ((c->kind == AP_NODE_DESCRIPTION ||
		     c->kind == AP_NODE_VARIABLE_REFERENCE) &&
		    !ap_structure__gate(ctx, n, &reach))
			return;
		if (c->kind == AP_NODE_DESCRIPTION)
			ap_lint_report(ctx, c,
				       "'Description' inside 'Apply': standard "
				       "XACML allows it, but Altinn's parser "
				       "does not and rejects the policy; move "
				       "the text to the Rule's Description or "
				       "into an XML comment");
		else if (c->kind == AP_NODE_VARIABLE_REFERENCE)
			ap_lint_report(ctx, c,
				       "'VariableReference' inside 'Apply': "
				       "Altinn's parser does not read variable "
				       "references there and rejects the "
				       "policy (and never evaluates "
				       "VariableDefinition); write the "
				       "referenced expression in its place");
	}
}

const struct ap_rule ap_rule_AX_S019 = {
	.id = "AX-S019", .name = "apply-description-or-variable",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_APPLY), .check = check, .check_doc = NULL,
	.summary = "no Description or VariableReference inside Apply",
	.source = "XacmlParser.cs ReadApply",
};
