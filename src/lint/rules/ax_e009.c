/*
 * AX-E009: a Rule has a Condition.
 *
 * Source: spec xacml-altinn.md 1.6, 1.11 (points 4 and 9) and 4.2.
 * Xacml/XacmlApply.cs evaluates a Condition in a reduced way: only an
 * Apply is evaluated (anything else makes the rule never apply); of its
 * arguments it takes the last AttributeValue and the last
 * AttributeDesignator (looking one level into the last nested Apply for
 * the designator, for bag functions), looks the attribute up in the
 * designator's category (a request without that category is
 * Indeterminate) and calls the match function with the request value in
 * the policy value's place.  Nested logic (and, or, not) is not
 * evaluated.  The message says which of these applies: not an Apply,
 * operands missing, more than one comparison (logic ignored), or a single
 * comparison (works, with swapped arguments: for a regular expression
 * the request value becomes the pattern; string-is-in is AX-E014's).
 * An unsupported function is AX-E004's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

struct operands {
	const struct ap_node *value, *designator, *nested;
	unsigned values, designators, applies, others;
};

static void collect(const struct ap_node *apply, struct operands *o)
{
	const struct ap_node *c;

	for (c = apply->first_child; c != NULL; c = c->next) {
		switch (c->kind) {
		case AP_NODE_COMMENT:
			break;
		case AP_NODE_ATTRIBUTE_VALUE:
			o->value = c;
			o->values++;
			break;
		case AP_NODE_ATTRIBUTE_DESIGNATOR:
			o->designator = c;
			o->designators++;
			break;
		case AP_NODE_APPLY:
			o->nested = c;
			o->applies++;
			break;
		default:
			o->others++;
			break;
		}
	}
}

/* True when the nested Apply holds only a designator (a bag function such
 * as string-one-and-only around the attribute). */
static int simple_nested(const struct ap_node *nested)
{
	struct operands o;

	memset(&o, 0, sizeof(o));
	collect(nested, &o);
	return o.designators == 1 && o.values == 0 && o.applies == 0 &&
	       o.others == 0;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *x;
	struct operands o;
	const char *swapped = "";
	enum ap_match_fn fn;

	if (n->parent == NULL || n->parent->kind != AP_NODE_RULE ||
	    !ap_structure__reached(ctx, n))
		return;
	for (x = n->first_child; x != NULL && x->kind == AP_NODE_COMMENT;
	     x = x->next)
		;
	if (x == NULL)
		return;
	if (x->kind != AP_NODE_APPLY) {
		ap_lint_report(ctx, n,
			       "Condition holds a '%s', but Altinn's PDP "
			       "evaluates only an Apply: this rule never "
			       "applies; express the constraint as Matches in "
			       "the rule's Target", x->name ? x->name : "");
		return;
	}
	memset(&o, 0, sizeof(o));
	collect(x, &o);
	if (o.designator == NULL && o.nested != NULL) {
		struct operands in;

		memset(&in, 0, sizeof(in));
		collect(o.nested, &in);
		o.designator = in.designator;
	}
	if (o.designator == NULL || (o.value == NULL && o.nested == NULL)) {
		ap_lint_report(ctx, n,
			       "Condition has no %s Altinn's PDP can compare: it "
			       "evaluates a condition as one AttributeValue "
			       "against one AttributeDesignator, so this rule "
			       "never applies and a request reaching it may "
			       "fail (Indeterminate); express the constraint "
			       "as Matches in the rule's Target",
			       o.designator == NULL ? "AttributeDesignator" :
			       "AttributeValue");
		return;
	}
	if (o.values > 1 || o.designators > 1 || o.applies > 1 ||
	    o.others > 0 ||
	    (o.nested != NULL && (o.designators > 0 ||
				  !simple_nested(o.nested)))) {
		ap_lint_report(ctx, n,
			       "Condition is more than one comparison, but "
			       "Altinn's PDP compares only the last "
			       "AttributeValue with the last AttributeDesignator "
			       "and ignores the rest, including nested logic "
			       "(and, or, not), so the rule does not mean what "
			       "it says; express the constraint as Matches "
			       "in the rule's Target, one rule per alternative");
		return;
	}
	if (!ap_ids_category_evaluated(o.designator->u.designator.category)) {
		ap_lint_report(ctx, n,
			       "Condition reads an attribute of category '%s', "
			       "which Altinn's requests never carry: every "
			       "request this rule's Target matches is "
			       "Indeterminate (no access); express the "
			       "constraint as Matches in the rule's Target",
			       o.designator->u.designator.category_id ?
			       o.designator->u.designator.category_id : "");
		return;
	}
	fn = ap_ids_match_fn(ap_node_attr(x, "FunctionId"));
	if (fn == AP_MATCH_FN_STRING_REGEXP)
		swapped = " (so the request value is used as the regular "
			  "expression)";
	ap_lint_report(ctx, n,
		       "Condition: Altinn's PDP evaluates it in its own reduced "
		       "way, passing the request value where the policy value "
		       "belongs%s and answering Indeterminate when the request "
		       "has no '%s' attributes; prefer Matches in the rule's "
		       "Target", swapped,
		       ap_ids_category_noun(o.designator->u.designator.category));
}

const struct ap_rule ap_rule_AX_E009 = {
	.id = "AX-E009", .name = "condition",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_CONDITION), .check = check,
	.check_doc = NULL,
	.summary = "Altinn evaluates a Condition only as one comparison, "
		   "with swapped arguments",
	.source = "Xacml/XacmlApply.cs; Xacml/XacmlRule.cs EvaluateCondition",
};
