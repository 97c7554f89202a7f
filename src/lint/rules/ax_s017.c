/*
 * AX-S017: an ObligationExpression has an ObligationId and a FulfillOn of
 * Permit or Deny; an AttributeAssignmentExpression has an AttributeId and
 * exactly one expression.
 *
 * Source: spec xacml-altinn.md 1.7 and 4.1.  XacmlParser.cs
 * ReadObligationExpression requires FulfillOn (parsed like a Rule's
 * Effect, see AX-S016: other case is accepted, a warning; numbers and
 * lists are accepted with surprising meanings, an error; anything else
 * fails) and ObligationId.  ReadAttributeAssignmentExpression requires
 * AttributeId and reads one expression (Apply, Function, AttributeValue,
 * AttributeDesignator, AttributeSelector, VariableReference) before the end
 * tag: none, text, or a second one fail.  Unknown or misplaced elements
 * inside are AX-S007's; the missing Category of an assignment is
 * AX-X010's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

#define V(k) AP_VISIT(AP_NODE_##k)
#define EXPR (V(APPLY) | V(FUNCTION) | V(ATTRIBUTE_VALUE) | \
	      V(ATTRIBUTE_DESIGNATOR) | V(ATTRIBUTE_SELECTOR) | \
	      V(VARIABLE_REFERENCE))

static void check_obligation(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (!ap_structure__require_attr(ctx, n, "FulfillOn",
					"Altinn's parser requires it; set "
					"FulfillOn=\"Permit\""))
		ap_engine__check_effect(ctx, n, "FulfillOn",
					ap_node_attr(n, "FulfillOn"),
					"FulfillOn=\"Permit\"");
	ap_structure__require_attr(ctx, n, "ObligationId",
				   "Altinn's parser requires it; set an "
				   "ObligationId such as \"urn:altinn:"
				   "obligation:authenticationLevel1\"");
}

static void check_assignment(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *c, *first = NULL;
	int other = 0;

	ap_structure__require_attr(ctx, n, "AttributeId",
				   "Altinn's parser requires it; set an "
				   "AttributeId such as \"urn:altinn:"
				   "obligation1-assignment1\"");
	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_COMMENT)
			continue;
		if (!(EXPR & AP_VISIT(c->kind))) {
			other = 1; /* AX-S007 reports it */
			continue;
		}
		if (first == NULL) {
			first = c;
			continue;
		}
		ap_lint_report(ctx, c,
			       "second expression '%s' in "
			       "'AttributeAssignmentExpression': Altinn's "
			       "parser reads exactly one and fails here; "
			       "remove it or put it in its own assignment",
			       c->name);
	}
	if (first == NULL && !other)
		ap_lint_report(ctx, n,
			       n->has_text ?
			       "'AttributeAssignmentExpression' holds text "
			       "instead of an expression: Altinn's parser "
			       "requires one; wrap the value in <AttributeValue "
			       "DataType=\"...\">" :
			       "'AttributeAssignmentExpression' has no "
			       "expression: Altinn's parser requires exactly "
			       "one; add an AttributeValue");
	else if (first != NULL && n->has_text)
		ap_lint_report(ctx, n,
			       "unexpected text beside the expression in "
			       "'AttributeAssignmentExpression': Altinn's "
			       "parser expects only the expression; remove "
			       "the text");
}

/* True when check_obligation or check_assignment would report nothing
 * (the common case, tested without walking the ancestors). */
static int clean(const struct ap_node *n)
{
	const struct ap_node *c;
	size_t exprs = 0;
	int other = 0;

	if (n->kind == AP_NODE_OBLIGATION_EXPRESSION) {
		const char *fo = ap_node_attr(n, "FulfillOn");

		return ap_structure__has_value(fo) &&
		       ap_ids_effect(fo).form == AP_EFFECT_EXACT &&
		       ap_structure__has_value(ap_node_attr(n, "ObligationId"));
	}
	if (!ap_structure__has_value(ap_node_attr(n, "AttributeId")))
		return 0;
	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_COMMENT)
			continue;
		if (EXPR & AP_VISIT(c->kind))
			exprs++;
		else
			other = 1;
	}
	if (exprs > 1)
		return 0;
	if (exprs == 0)
		return other;
	return !n->has_text;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (clean(n) || !ap_structure__reached(ctx, n))
		return;
	if (n->kind == AP_NODE_OBLIGATION_EXPRESSION)
		check_obligation(ctx, n);
	else
		check_assignment(ctx, n);
}

const struct ap_rule ap_rule_AX_S017 = {
	.id = "AX-S017", .name = "obligation-structure",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = V(OBLIGATION_EXPRESSION) | V(ATTRIBUTE_ASSIGNMENT_EXPRESSION),
	.check = check, .check_doc = NULL,
	.summary = "ObligationExpression needs ObligationId and FulfillOn; an "
		   "assignment needs AttributeId and exactly one expression",
	.source = "XacmlParser.cs ReadObligationExpression, "
		  "ReadAttributeAssignmentExpression",
};
