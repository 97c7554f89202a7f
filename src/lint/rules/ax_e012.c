/*
 * AX-E012: obligations and advice Altinn never returns.
 *
 * Source: spec xacml-altinn.md 1.7 and 4.2.  PolicyDecisionPoint.cs
 * AddObligations returns only the policy's own ObligationExpressions with
 * FulfillOn Permit, only on a Permit, and of each only the assignments
 * whose expression is a plain AttributeValue.  Obligations on a Rule, any
 * AdviceExpressions, obligations to fulfil on Deny and assignments of
 * other expressions are parsed and dropped: a minimum authentication
 * level written there is not enforced.  Attribute and FulfillOn spelling
 * is AX-S017's; the missing Category of an assignment AX-X010's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

#define V(k) AP_VISIT(AP_NODE_##k)

/* The effect FulfillOn of a policy-level ObligationExpression reads as,
 * or -1 when n is not one or FulfillOn is missing or unparseable. */
static int policy_fulfill_on(const struct ap_node *n)
{
	struct ap_effect e;

	if (n->parent == NULL || n->parent->parent == NULL ||
	    n->parent->parent->kind != AP_NODE_POLICY)
		return -1;
	e = ap_ids_effect(ap_node_attr(n, "FulfillOn"));
	return e.form == AP_EFFECT_INVALID ? -1 : (int)e.value;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *c;

	/* each finding's own conditions first, the ancestors last */
	switch (n->kind) {
	case AP_NODE_OBLIGATION_EXPRESSIONS:
		if (n->parent != NULL && n->parent->kind == AP_NODE_RULE &&
		    ap_structure__reached(ctx, n))
			ap_lint_report(ctx, n,
				       "obligations on a Rule are never "
				       "returned: Altinn's PDP returns only "
				       "the policy's own obligations, so a "
				       "minimum authentication level here is "
				       "not enforced; move them to the "
				       "policy's ObligationExpressions");
		break;
	case AP_NODE_ADVICE_EXPRESSIONS:
		if (!ap_structure__reached(ctx, n))
			break;
		ap_lint_report(ctx, n,
			       "advice is never returned: Altinn's PDP drops "
			       "all AdviceExpressions, on rules and on the "
			       "policy; remove them, or use a policy "
			       "obligation for what the PEP must do");
		break;
	case AP_NODE_OBLIGATION_EXPRESSION:
		if (policy_fulfill_on(n) > 0 && ap_structure__reached(ctx, n))
			ap_lint_report(ctx, n,
				       "obligation with FulfillOn '%s' is never "
				       "returned: Altinn's PDP returns "
				       "obligations only with a Permit; write "
				       "FulfillOn=\"Permit\" or remove it",
				       ap_node_attr(n, "FulfillOn"));
		break;
	default: /* AttributeAssignmentExpression */
		if (n->parent == NULL ||
		    n->parent->kind != AP_NODE_OBLIGATION_EXPRESSION ||
		    policy_fulfill_on(n->parent) != 0)
			break;
		for (c = n->first_child; c != NULL &&
		     (c->kind == AP_NODE_COMMENT || c->kind == AP_NODE_UNKNOWN);
		     c = c->next)
			;
		if (c != NULL && c->kind != AP_NODE_ATTRIBUTE_VALUE &&
		    c->name != NULL && ap_structure__reached(ctx, n))
			ap_lint_report(ctx, c,
				       "assignment holding '%s' is never "
				       "returned: "
				       "Altinn's PDP returns only assignments "
				       "holding a plain AttributeValue; write "
				       "the value as an AttributeValue",
				       c->name);
		break;
	}
}

const struct ap_rule ap_rule_AX_E012 = {
	.id = "AX-E012", .name = "obligation-never-returned",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = V(OBLIGATION_EXPRESSIONS) | V(ADVICE_EXPRESSIONS) |
		  V(OBLIGATION_EXPRESSION) | V(ATTRIBUTE_ASSIGNMENT_EXPRESSION),
	.check = check, .check_doc = NULL,
	.summary = "rule obligations, advice and Deny obligations are never "
		   "returned to the PEP",
	.source = "PolicyDecisionPoint.cs AddObligations",
};
