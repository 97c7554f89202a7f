/*
 * AX-X007: broad subjects granted strong actions.  A subject AllOf made
 * only of a broad subject (role codes PRIV and SELN, urn:altinn:partytype
 * person or organization, any urn:scope) that the policy permits write,
 * delete or sign on its resource.
 * Decided with Altinn's evaluator (ap_grants__decide), so a Deny rule that
 * takes the action away, or a match Altinn never evaluates, is seen.
 * Not run on app policies: there PRIV writing and deleting instances of
 * its own party is what the Studio app template does, and the instance
 * owner is checked by the app; nor on delegation policies.
 * Source: spec xacml-altinn.md 2.2 (ContextHandler.cs enrichment: who
 * holds PRIV, partytype; DecisionHelper.cs: scope claims), 4.6;
 * Altinn/altinn-studio-docs subjectoptions.json (PRIV, SELN).
 */
#include "internal.h"
#include "lint/grants.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

#define MAX_SUBJECT 8

static void check_allof(struct ap_lint_ctx *ctx, const struct ap_node *policy,
			const struct ap_node *rule, const struct ap_node *all,
			const char *rid)
{
	struct ap_req_attr subj[MAX_SUBJECT];
	const struct ap_node *m, *first = NULL, *decider;
	const char *who = NULL;
	char granted[64] = "";
	size_t n = 0, i;

	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		const struct ap_node *d = m->u.match.designator;
		const struct ap_node *v = m->u.match.value;
		const char *text;
		size_t len;

		if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    d->u.designator.category != AP_CAT_SUBJECT)
			continue;
		if (v == NULL || n == MAX_SUBJECT)
			return;
		text = ap_smell_trim(v->text, &len);
		who = ap_smell_broad_subject(d->u.designator.attribute_id,
					     text, len);
		if (who == NULL)
			return; /* narrowed by a specific subject */
		if (first == NULL)
			first = m;
		subj[n].category = AP_CAT_SUBJECT;
		subj[n].id = d->u.designator.attribute_id;
		subj[n].value = v->text;
		subj[n].data_type = v->u.value.data_type;
		n++;
	}
	if (first == NULL)
		return;
	for (i = 0; i < ap_smell_strong_actions_len; i++) {
		const char *action = ap_smell_strong_actions[i];

		if (!ap_smell__admits_action(rule, action) ||
		    ap_grants__decide(policy, rid, action, subj, n, &decider) !=
		    AP_DECISION_PERMIT)
			continue;
		if (granted[0])
			strncat(granted, ", ", sizeof(granted) - strlen(granted) - 1);
		strncat(granted, action, sizeof(granted) - strlen(granted) - 1);
	}
	if (granted[0] == '\0')
		return;
	ap_lint_report(ctx, first,
		       "'%s' = '%s' admits %s, and Permit rule '%s' grants it %s: a very large population; narrow the subject to roles or access packages that carry the responsibility, or confirm that everyone in it may do this",
		       first->u.match.designator->u.designator.attribute_id,
		       first->u.match.value->text, who, ap_smell__rule_id(rule),
		       granted);
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *any, *all;

	if (policy == NULL || !ap_smell__policy_rule(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT ||
	    rule->u.rule.target == NULL)
		return;
	for (any = ap_node__child(rule->u.rule.target, AP_NODE_ANY_OF); any;
	     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
		for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
		     all = ap_node__next_sibling(all, AP_NODE_ALL_OF))
			check_allof(ctx, policy, rule, all,
				    ap_lint_ctx_resource_id(ctx));
}

const struct ap_rule ap_rule_AX_X007 = {
	.id = "AX-X007",
	.name = "broad-subject-strong-action",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "PRIV, SELN, a party type or a scope is granted write, delete or sign",
	.source = "ContextHandler.cs; DecisionHelper.cs",
};
