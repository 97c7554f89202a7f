/*
 * AX-E011: a non-empty policy-level Target.
 *
 * Source: spec xacml-altinn.md 1.8 and 4.2.  PolicyDecisionPoint.cs never
 * looks at the policy's Target: Altinn picks the policy by the resource of
 * the request (the registry id, or org and app), then evaluates the rules.
 * Matches in the policy Target restrict nothing, which gives a false
 * impression of scoping.  Its structure is AX-S006/S008/S009's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static size_t count_matches(const struct ap_node *n)
{
	const struct ap_node *c;
	size_t k = 0;

	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_MATCH)
			k++;
		else if (c->kind == AP_NODE_ANY_OF || c->kind == AP_NODE_ALL_OF)
			k += count_matches(c);
	}
	return k;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	size_t k;

	if (n->parent == NULL || n->parent->kind != AP_NODE_POLICY ||
	    ap_structure__count(n, AP_NODE_ANY_OF) == 0 ||
	    n->parent != ap_structure__policy(ctx))
		return;
	k = count_matches(n);
	ap_lint_report(ctx, n,
		       "the policy Target holds %zu Match%s, but Altinn's PDP "
		       "ignores the policy Target (it picks the policy by the "
		       "request's resource), so %s nothing; move the "
		       "constraints into the rules' Targets and write an "
		       "empty <Target/> here", k, k == 1 ? "" : "es",
		       k == 1 ? "it restricts" : "they restrict");
}

const struct ap_rule ap_rule_AX_E011 = {
	.id = "AX-E011", .name = "policy-target-ignored",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_TARGET), .check = check, .check_doc = NULL,
	.summary = "the policy-level Target is ignored by Altinn's PDP",
	.source = "PolicyDecisionPoint.cs",
};
