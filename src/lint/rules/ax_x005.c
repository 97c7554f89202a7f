/*
 * AX-X005: a Deny rule that never or not always takes effect.
 *
 * Altinn's PEPs accept only the decision Permit (DecisionHelper.cs), so a
 * Deny rule matters only where it overrides a Permit.  Under the current
 * PDP (RuleCombiner.cs, spec xacml-altinn.md 1.9):
 *   - permit-overrides (and its ordered and policy variants) and
 *     deny-unless-permit: a Permit from any rule wins, and without one the
 *     answer is no access anyway, so a Deny rule never changes anything;
 *   - first-applicable: a Deny rule every request of which an earlier rule
 *     already decides is never reached (found with the evaluator on
 *     candidate requests, src/lint/coverage.c);
 *   - deny-overrides, permit-unless-deny: a matching Deny wins.
 * That the released PDP ("PDP-old") never returns Deny at all is AX-E003's
 * finding; an algorithm Altinn does not know is AX-E001's.
 * Source: PolicyDecisionPoint.cs (old); RuleCombiner.cs; spec 1.9, 4.6.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

/* The algorithm's last URN segment ("permit-overrides"). */
static const char *alg_name(const char *id)
{
	const char *p = strrchr(id, ':');

	return p ? p + 1 : id;
}

#define SMALL 4 /* words of a rule set kept on the stack */

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *rule, *by;
	struct ap_coverage *cov = NULL;
	uint64_t small[SMALL], *earlier = small;
	enum ap_combining alg;
	enum ap_decision eff;
	const char *name;
	size_t index, words;

	(void)doc;
	if (policy == NULL || policy->u.policy.combining_alg == NULL)
		return;
	alg = ap_ids_combining(policy->u.policy.combining_alg);
	name = alg_name(policy->u.policy.combining_alg);
	if (alg != AP_COMB_PERMIT_OVERRIDES &&
	    alg != AP_COMB_DENY_UNLESS_PERMIT &&
	    alg != AP_COMB_FIRST_APPLICABLE)
		return;
	index = 0;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE), index++) {
		eff = ap_smell__effect(rule);
		if (alg == AP_COMB_FIRST_APPLICABLE && cov != NULL &&
		    (eff == AP_DECISION_PERMIT || eff == AP_DECISION_DENY))
			earlier[index / 64] |= UINT64_C(1) << (index % 64);
		if (eff != AP_DECISION_DENY)
			continue;
		if (alg != AP_COMB_FIRST_APPLICABLE) {
			ap_lint_report(ctx, rule,
				       "Deny rule '%s' never takes access away: under %s a Permit from any other rule wins, and without one the answer is no access anyway; remove it, or combine with 'urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides' if it is meant to restrict",
				       ap_smell__rule_id(rule), name);
			continue;
		}
		if (cov == NULL) {
			const struct ap_node *r;
			size_t i = 0;

			/* the rules up to this one that decide (Permit or
			 * Deny); its own bit is ignored */
			if (ap_coverage__new(&cov, policy) != AP_OK) {
				ap_lint_ctx_nomem(ctx);
				break;
			}
			words = ap_coverage__words(cov);
			if (words > SMALL &&
			    (earlier = ap_malloc(words * sizeof(*earlier))) == NULL) {
				ap_lint_ctx_nomem(ctx);
				break;
			}
			memset(earlier, 0, words * sizeof(*earlier));
			for (r = ap_node__child(policy, AP_NODE_RULE); i <= index;
			     r = ap_node__next_sibling(r, AP_NODE_RULE), i++) {
				enum ap_decision e = ap_smell__effect(r);

				if (e == AP_DECISION_PERMIT || e == AP_DECISION_DENY)
					earlier[i / 64] |= UINT64_C(1) << (i % 64);
			}
		}
		if (ap_coverage__rule(cov, index, earlier, &by) != AP_COVER_FULL)
			continue;
		if (by)
			ap_lint_report(ctx, rule,
				       "Deny rule '%s' never takes effect: under first-applicable the earlier rule '%s' (line %u) already decides every request it matches; move it before the rules it is meant to restrict",
				       ap_smell__rule_id(rule),
				       ap_smell__rule_id(by), by->line);
		else
			ap_lint_report(ctx, rule,
				       "Deny rule '%s' never takes effect: under first-applicable earlier rules already decide every request it matches; move it before the rules it is meant to restrict",
				       ap_smell__rule_id(rule));
	}
	if (ap_coverage__nomem(cov))
		ap_lint_ctx_nomem(ctx);
	ap_coverage__free(cov);
	if (earlier != small)
		ap_free(earlier);
}

const struct ap_rule ap_rule_AX_X005 = {
	.id = "AX-X005",
	.name = "deny-not-effective",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.check_doc = check,
	.summary = "a Deny rule never takes access away under the combining algorithm",
	.source = "PolicyDecisionPoint.cs (old); RuleCombiner.cs",
};
