/*
 * AX-E004: a Match's MatchId, and the function of a Condition's Apply,
 * is one of the functions Altinn's PDP implements.
 *
 * Source: spec xacml-altinn.md 1.10, 1.11 and 4.2.  AttributeMatcher.cs
 * (Altinn/altinn-authorization:src/Altinn.Authorization.ABAC/Xacml/
 * AttributeMatcher.cs) implements ten functions (ids.h); any other id is
 * accepted by the parser and throws NotImplementedException when
 * evaluation reaches it, which happens only once a request carries the
 * attribute with the value's data type; the decision API then answers
 * Indeterminate (no access).  A Condition's top-level Apply hands its
 * value and attribute to the same matcher (XacmlApply.cs), except when its
 * nested Apply is a bag-size function.  Near misses of a supported id (the
 * docs sample's "...:1.0:function:string-equal-ignore-case") get a
 * suggestion.  Matches Altinn never evaluates (AttributeSelector:
 * AX-E008; other categories: AX-E006) and empty ids (AX-S010) are left to
 * those rules.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#define USE "use 'urn:oasis:names:tc:xacml:1.0:function:string-equal' or " \
	    "'urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case'"

/* Why id is not supported (*what) and the supported id it is a near
 * miss of (*near, or NULL). */
static void explain(const char *id, const char **what, const char **near)
{
	*near = ap_ids_match_fn_near(id);
	if (*near != NULL)
		*what = "is not a function Altinn's PDP implements";
	else if (ap_ids_xacml_function(id))
		*what = "is a XACML function Altinn's PDP does not implement";
	else
		*what = "is not a XACML function";
}

static void check_match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator, *v = n->u.match.value;
	const char *id = n->u.match.match_id, *what, *near;

	if (id == NULL || id[0] == '\0' ||
	    n->u.match.fn != AP_MATCH_FN_UNSUPPORTED ||
	    !ap_engine__match_evaluated(ctx, n))
		return;
	explain(id, &what, &near);
	ap_lint_report(ctx, n,
		       "MatchId '%s' %s: evaluating this Match throws, and the "
		       "decision is Indeterminate (no access), as soon as a "
		       "request carries '%s'%s%s%s; %s%s%s", id, what,
		       d->u.designator.attribute_id ?
		       d->u.designator.attribute_id : "",
		       v && v->u.value.data_type ? " typed '" : "",
		       v && v->u.value.data_type ? v->u.value.data_type : "",
		       v && v->u.value.data_type ? "'" : "",
		       near ? "use '" : "", near ? near : USE, near ? "'" : "");
}

/* True when XacmlApply.cs compares bag sizes instead of calling the
 * matcher: the last nested Apply is a bag-size function. */
static int bag_size_condition(const struct ap_node *apply)
{
	const struct ap_node *c, *nested = NULL;

	for (c = apply->first_child; c != NULL; c = c->next)
		if (c->kind == AP_NODE_APPLY)
			nested = c;
	return nested != NULL &&
	       ap_ids_bag_size_fn(ap_node_attr(nested, "FunctionId"));
}

static void check_condition(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *apply;
	const char *id, *what, *near;

	for (apply = n->first_child; apply != NULL &&
	     apply->kind == AP_NODE_COMMENT; apply = apply->next)
		;
	if (apply == NULL || apply->kind != AP_NODE_APPLY ||
	    !ap_structure__reached(ctx, n))
		return;
	id = ap_node_attr(apply, "FunctionId");
	if (id == NULL || id[0] == '\0' ||
	    ap_ids_match_fn(id) != AP_MATCH_FN_UNSUPPORTED ||
	    bag_size_condition(apply))
		return;
	explain(id, &what, &near);
	if (near == NULL && ap_ids_xacml_function(id))
		what = "is not one of the match functions Altinn's PDP "
		       "evaluates conditions with";
	ap_lint_report(ctx, apply,
		       "condition FunctionId '%s' %s%s: this rule never "
		       "applies, and a request that reaches the condition can "
		       "fail as a whole (Indeterminate, no access); %s%s%s",
		       id, what,
		       ap_ids_logic_fn(id) ? " (nested logic is not evaluated)" : "",
		       near ? "use '" : "",
		       near ? near : "express the condition as Matches in the "
				     "rule's Target", near ? "'" : "");
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	if (n->kind == AP_NODE_MATCH)
		check_match(ctx, n);
	else
		check_condition(ctx, n);
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->kind == AP_NODE_MATCH &&
	    (n->u.match.match_id == NULL || n->u.match.match_id[0] == '\0' ||
	     n->u.match.fn != AP_MATCH_FN_UNSUPPORTED))
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

const struct ap_rule ap_rule_AX_E004 = {
	.id = "AX-E004", .name = "function-unsupported",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE) | AP_VISIT(AP_NODE_CONDITION),
	.check = check, .check_doc = NULL,
	.summary = "MatchId and condition FunctionId must be functions "
		   "Altinn's PDP implements",
	.source = "AttributeMatcher.cs; XacmlApply.cs",
};
