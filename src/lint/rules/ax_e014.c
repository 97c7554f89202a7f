/*
 * AX-E014: the string-is-in function.
 *
 * Source: spec xacml-altinn.md 1.10 and 4.2.  In the released PDP
 * AttributeMatcher.cs implements string-is-in as a substring test: a
 * Match grants to any request value that contains the policy value (a
 * privilege-escalation bug, fixed to equality in the June 2026 source).
 * In a Condition the arguments are swapped (XacmlApply.cs), so there any
 * request value that is a substring of the policy value matches.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#define FIX "use 'urn:oasis:names:tc:xacml:3.0:function:" \
	    "string-equal-ignore-case' or '" AP_FN_STRING_EQUAL "'"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const struct ap_node *x;
	const char *v;

	if (n->kind == AP_NODE_MATCH) {
		if (n->u.match.fn != AP_MATCH_FN_STRING_IS_IN ||
		    !ap_engine__match_evaluated(ctx, n))
			return;
		v = ap_engine__match_text(n);
		ap_lint_report(ctx, n,
			       "string-is-in is a substring test in the "
			       "released PDP: any request value that contains "
			       "'%s' matches (for example 'x%sx'), which grants "
			       "more than written; the current source compares "
			       "for equality; " FIX, v, v);
		return;
	}
	for (x = n->first_child; x != NULL && x->kind == AP_NODE_COMMENT;
	     x = x->next)
		;
	if (x == NULL || x->kind != AP_NODE_APPLY ||
	    ap_ids_match_fn(ap_node_attr(x, "FunctionId")) !=
	    AP_MATCH_FN_STRING_IS_IN || !ap_structure__reached(ctx, n))
		return;
	ap_lint_report(ctx, x,
		       "string-is-in in a Condition: with the arguments "
		       "swapped as Altinn passes them, the released PDP "
		       "matches any request value that is a substring of the "
		       "policy value (even an empty one); " FIX);
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->kind == AP_NODE_MATCH && n->u.match.fn != AP_MATCH_FN_STRING_IS_IN)
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule; a Condition
 * as it comes. */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->kind == AP_NODE_RULE)
		ap_engine__each_evaluated(ctx, n, match);
	else
		check_slow(ctx, n);
}

const struct ap_rule ap_rule_AX_E014 = {
	.id = "AX-E014", .name = "string-is-in-substring",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE) | AP_VISIT(AP_NODE_CONDITION),
	.check = check, .check_doc = NULL,
	.summary = "string-is-in is a substring test in the released PDP",
	.source = "Xacml/AttributeMatcher.cs",
};
