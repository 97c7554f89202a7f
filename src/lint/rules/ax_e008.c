/*
 * AX-E008: no AttributeSelector in a Match.
 *
 * Source: spec xacml-altinn.md 1.4, 1.11 (point 8) and 4.2.  The parser
 * accepts an AttributeSelector in a Match, but XacmlRule.cs reads the
 * category of every Match's AttributeDesignator while it evaluates a rule,
 * and a selector Match has none: a null dereference, so every request that
 * evaluates this rule fails (Indeterminate, no access), whatever the other
 * rules grant.  Altinn requests carry no XML content for a selector to
 * read anyway.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_SELECTOR ||
	    ap_engine__match_rule(ctx, n) == NULL)
		return;
	ap_lint_report(ctx, d,
		       "AttributeSelector in a Match: Altinn's PDP expects an "
		       "AttributeDesignator and fails on a null designator "
		       "when it evaluates this rule, so every request that "
		       "reaches the rule is Indeterminate (no access); match "
		       "the attribute with an AttributeDesignator");
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_SELECTOR)
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	/* a Rule with one Target has a selector there only if it says so */
	if (!n->u.rule.has_selector && ap_engine__one_target(n))
		return;
	ap_engine__each_match(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E008 = {
	.id = "AX-E008", .name = "attribute-selector-in-match",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "AttributeSelector in a Match makes evaluation fail",
	.source = "Xacml/XacmlRule.cs",
};
