/*
 * AX-Q001: duplicate RuleIds.  Nothing in Altinn checks them (parser,
 * PDP, registry, Studio backend), but Studio's policy editor identifies
 * rule cards by the id and edits the first match, and official docs
 * samples carry duplicates (16 corpus files).
 * Not run on delegation policies: access management writes them, and
 * Studio never edits them.
 * Source: Altinn/altinn-studio src/Designer/frontend/packages/policy-
 * editor/src/utils/PolicyRuleUtils/index.ts (getUpdatedRules); spec
 * xacml-altinn.md 1.5, 4.7; corpus.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

#include <stdlib.h>

static int cmp_rule(const void *a, const void *b)
{
	const struct ap_node *x = *(const struct ap_node *const *)a;
	const struct ap_node *y = *(const struct ap_node *const *)b;
	int c = strcmp(x->u.rule.rule_id, y->u.rule.rule_id);

	if (c != 0)
		return c;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *rule;
	const struct ap_node **rules;
	size_t n = 0, i, first = 0;

	(void)doc;
	if (policy == NULL)
		return;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		if (rule->u.rule.rule_id && rule->u.rule.rule_id[0])
			n++;
	if (n < 2)
		return;
	rules = ap_calloc(n, sizeof(*rules));
	if (rules == NULL) {
		ap_lint_ctx_nomem(ctx);
		return;
	}
	n = 0;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		if (rule->u.rule.rule_id && rule->u.rule.rule_id[0])
			rules[n++] = rule;
	qsort(rules, n, sizeof(*rules), cmp_rule);
	for (i = 1; i < n; i++) {
		if (strcmp(rules[i]->u.rule.rule_id,
			   rules[first]->u.rule.rule_id) != 0) {
			first = i;
			continue;
		}
		ap_lint_report(ctx, rules[i],
			       "RuleId '%s' is also used by the rule on line %u: Studio's editor tells rules apart by their ids and edits only the first; give each rule its own id",
			       rules[i]->u.rule.rule_id, rules[first]->line);
	}
	ap_free(rules);
}

const struct ap_rule ap_rule_AX_Q001 = {
	.id = "AX-Q001",
	.name = "duplicate-rule-id",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "two rules share a RuleId",
	.source = "policy-editor PolicyRuleUtils/index.ts (getUpdatedRules)",
};
