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

#define MAX_CACHED 16

/* Which strong actions the rule's action category admits, asked once per
 * rule (bit i: ap_smell_strong_actions[i]). */
struct admits {
	int known;
	unsigned bits;
};

/*
 * The evaluator's answers for the subject sets asked about so far: rules
 * repeat the same broad subject (PRIV in several rules), and the question
 * (this subject, this action, the policy's resource) does not depend on
 * the rule it comes from.
 */
struct answers {
	struct {
		struct ap_req_attr subj[MAX_SUBJECT];
		size_t n;
		unsigned known, permit; /* per strong action */
	} e[MAX_CACHED];
	size_t count;
	const char *rid;
	int rid_known;
};

static int same_subject(const struct ap_req_attr *a,
			const struct ap_req_attr *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].id != b[i].id || a[i].value != b[i].value ||
		    a[i].data_type != b[i].data_type)
			return 0;
	return 1;
}

/* Is action i granted to the subject set subj[0..n)? */
static int granted(struct ap_lint_ctx *ctx, const struct ap_node *policy,
		   struct answers *an, const struct ap_req_attr *subj,
		   size_t n, size_t i)
{
	const struct ap_node *decider;
	size_t e;
	int yes;

	for (e = 0; e < an->count; e++)
		if (an->e[e].n == n && same_subject(an->e[e].subj, subj, n))
			break;
	if (e < an->count && ((an->e[e].known >> i) & 1u))
		return (an->e[e].permit >> i) & 1u;
	if (!an->rid_known) {
		an->rid_known = 1;
		an->rid = ap_lint_ctx_resource_id(ctx);
	}
	yes = ap_grants__decide(policy, an->rid, ap_smell_strong_actions[i],
				subj, n, &decider) == AP_DECISION_PERMIT;
	if (e == an->count && an->count < MAX_CACHED) {
		memcpy(an->e[e].subj, subj, n * sizeof(*subj));
		an->e[e].n = n;
		an->e[e].known = an->e[e].permit = 0;
		an->count++;
	}
	if (e < an->count) {
		an->e[e].known |= 1u << i;
		if (yes)
			an->e[e].permit |= 1u << i;
	}
	return yes;
}

static void check_allof(struct ap_lint_ctx *ctx, const struct ap_node *policy,
			const struct ap_node *rule, const struct ap_node *all,
			struct admits *ad, struct answers *an)
{
	struct ap_req_attr subj[MAX_SUBJECT];
	const struct ap_node *m, *first = NULL;
	const char *who = NULL;
	char granted_list[64] = "";
	size_t n = 0, i;

	for (m = all->first_child; m; m = m->next) {
		const struct ap_node *d, *v;
		const char *text;
		size_t len;

		if (m->kind != AP_NODE_MATCH)
			continue;
		d = m->u.match.designator;
		v = m->u.match.value;
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
	if (!ad->known) {
		ad->known = 1;
		ad->bits = ap_smell__admits_actions(rule, ap_smell_strong_actions,
						    ap_smell_strong_actions_len);
	}
	if (ad->bits == 0)
		return;
	for (i = 0; i < ap_smell_strong_actions_len; i++) {
		const char *action = ap_smell_strong_actions[i];

		if (!(ad->bits & (1u << i)) ||
		    !granted(ctx, policy, an, subj, n, i))
			continue;
		if (granted_list[0])
			strncat(granted_list, ", ",
				sizeof(granted_list) - strlen(granted_list) - 1);
		strncat(granted_list, action,
			sizeof(granted_list) - strlen(granted_list) - 1);
	}
	if (granted_list[0] == '\0')
		return;
	ap_lint_report(ctx, first,
		       "'%s' = '%s' admits %s, and Permit rule '%s' grants it %s: a very large population; narrow the subject to roles or access packages that carry the responsibility, or confirm that everyone in it may do this",
		       first->u.match.designator->u.designator.attribute_id,
		       first->u.match.value->text, who, ap_smell__rule_id(rule),
		       granted_list);
}

/* The Permit rules of the policy, one AllOf at a time. */
static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *rule, *any, *all;
	struct answers an;

	(void)doc;
	if (policy == NULL)
		return;
	an.count = 0;
	an.rid = NULL;
	an.rid_known = 0;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		struct admits ad = {0, 0};

		/* only subject AllOfs can hold a broad subject */
		if (rule->u.rule.by_cat[0].count == 0 ||
		    ap_smell__effect(rule) != AP_DECISION_PERMIT ||
		    rule->u.rule.target == NULL)
			continue;
		for (any = rule->u.rule.target->first_child; any; any = any->next) {
			if (any->kind != AP_NODE_ANY_OF)
				continue;
			for (all = any->first_child; all; all = all->next)
				if (all->kind == AP_NODE_ALL_OF)
					check_allof(ctx, policy, rule, all,
						    &ad, &an);
		}
	}
}

const struct ap_rule ap_rule_AX_X007 = {
	.id = "AX-X007",
	.name = "broad-subject-strong-action",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.check_doc = check,
	.summary = "PRIV, SELN, a party type or a scope is granted write, delete or sign",
	.source = "ContextHandler.cs; DecisionHelper.cs",
};
