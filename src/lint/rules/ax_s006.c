/*
 * AX-S006: the policy Target is present, after Description, PolicyIssuer
 * and PolicyDefaults and before the rules.
 *
 * Source: spec xacml-altinn.md 1.3 and 4.1.  XacmlParser.cs reads the
 * optional header elements, then requires the Target ("Invalid XACML
 * Policy Target is missing"), then the rules; being a streaming reader it
 * cannot find a Target anywhere else.  The order of the other Policy
 * children is AX-S007's; this rule owns everything about the Target.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static int is_header(enum ap_node_kind k)
{
	return k == AP_NODE_DESCRIPTION || k == AP_NODE_POLICY_ISSUER ||
	       k == AP_NODE_POLICY_DEFAULTS;
}

static int is_body(enum ap_node_kind k)
{
	return k == AP_NODE_RULE || k == AP_NODE_VARIABLE_DEFINITION ||
	       k == AP_NODE_COMBINER_PARAMETERS ||
	       k == AP_NODE_RULE_COMBINER_PARAMETERS ||
	       k == AP_NODE_OBLIGATION_EXPRESSIONS ||
	       k == AP_NODE_ADVICE_EXPRESSIONS;
}

/* The first rule-part element before target (it must come after). */
static const struct ap_node *body_before(const struct ap_node *target)
{
	const struct ap_node *c;

	for (c = target->parent->first_child; c != target; c = c->next)
		if (is_body(c->kind))
			return c;
	return NULL;
}

static const struct ap_node *header_after(const struct ap_node *target)
{
	const struct ap_node *c;

	for (c = target->next; c != NULL; c = c->next)
		if (is_header(c->kind))
			return c;
	return NULL;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *target, *c;

	if (n != ap_structure__policy(ctx))
		return;
	target = ap_node__child(n, AP_NODE_TARGET);
	if (target == NULL) {
		ap_lint_report(ctx, n,
			       "'Policy' has no Target: Altinn's parser "
			       "requires one ('Target is missing'); add "
			       "<%s%sTarget/> before the first Rule",
			       n->prefix ? n->prefix : "", n->prefix ? ":" : "");
		return;
	}
	if ((c = body_before(target)) != NULL)
		ap_lint_report(ctx, target,
			       "'Target' must come before '%s' in 'Policy': "
			       "Altinn's parser reads the policy Target "
			       "before the rules; move it up", c->name);
	else if ((c = header_after(target)) != NULL)
		ap_lint_report(ctx, target,
			       "'Target' must come after '%s' in 'Policy': "
			       "Altinn's parser reads Description, "
			       "PolicyIssuer and PolicyDefaults first; move "
			       "the Target below them", c->name);
	for (c = ap_node__next_sibling(target, AP_NODE_TARGET); c != NULL;
	     c = ap_node__next_sibling(c, AP_NODE_TARGET))
		ap_lint_report(ctx, c,
			       "second 'Target' in 'Policy': a policy has "
			       "exactly one Target; merge or remove it");
}

const struct ap_rule ap_rule_AX_S006 = {
	.id = "AX-S006", .name = "policy-target",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "the policy Target is required, after Description, "
		   "PolicyIssuer and PolicyDefaults and before the rules",
	.source = "XacmlParser.cs",
};
