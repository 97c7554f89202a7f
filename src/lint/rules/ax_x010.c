/*
 * AX-X010: a policy obligation's AttributeAssignmentExpression without a
 * Category.  The parser accepts it, but the decision API's JSON conversion
 * dereferences the category of every returned assignment (every Permit of
 * the policy fails), Studio's policy loader dereferences it when opening
 * the policy, and the PEP finds the authentication level only by
 * category.  Assignments in rule-level obligations and in advice never
 * reach anyone (AX-E012) and are not reported.
 * Source: spec xacml-altinn.md 1.7, 4.6; XacmlJsonXmlConverter.cs
 * ConvertAttributeAssignment; PolicyConverter.cs GetObligations.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *a)
{
	const struct ap_node *o = a->parent, *os = o ? o->parent : NULL;
	const char *id;

	if (o == NULL || o->kind != AP_NODE_OBLIGATION_EXPRESSION ||
	    os == NULL || os->kind != AP_NODE_OBLIGATION_EXPRESSIONS ||
	    os->parent == NULL || os->parent->kind != AP_NODE_POLICY ||
	    os->parent->parent != NULL || ap_node_attr(a, "Category") != NULL)
		return;
	id = ap_node_attr(a, "AttributeId");
	ap_lint_report(ctx, a,
		       "obligation assignment%s%s%s has no Category: every Permit of this policy then fails in the decision API, Studio cannot open the policy, and the PEP cannot find an authentication level; add Category=\"" AP_SMELL_CAT_AUTHLEVEL "\" (end users) or \"" AP_SMELL_CAT_AUTHLEVEL_ORG "\" (organisations)",
		       id ? " '" : "", id ? id : "", id ? "'" : "");
}

const struct ap_rule ap_rule_AX_X010 = {
	.id = "AX-X010",
	.name = "obligation-without-category",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION),
	.check = check,
	.summary = "a policy obligation assignment has no Category",
	.source = "XacmlJsonXmlConverter.cs; PolicyConverter.cs",
};
