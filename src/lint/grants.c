/* Grant questions over a policy, with Altinn's evaluator. */
#include "internal.h"
#include "lint/grants.h"
#include "policy/ids.h"

#include <strings.h>

#define MAX_ATTRS 32

/* Appends the matches of category cat in AllOf all to attrs. */
static size_t allof_attrs(const struct ap_node *all, enum ap_category cat,
			  struct ap_req_attr *attrs, size_t n)
{
	const struct ap_node *m;

	for (m = ap_node__child(all, AP_NODE_MATCH); m && n < MAX_ATTRS;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		const struct ap_node *d = m->u.match.designator;
		const struct ap_node *v = m->u.match.value;

		if (!d || !v || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    d->u.designator.category != cat ||
		    d->u.designator.attribute_id == NULL)
			continue;
		memset(&attrs[n], 0, sizeof(attrs[n]));
		attrs[n].category = cat;
		attrs[n].id = d->u.designator.attribute_id;
		attrs[n].value = v->text;
		attrs[n].data_type = v->u.value.data_type;
		n++;
	}
	return n;
}

static int allof_names_resource(const struct ap_node *all, const char *rid)
{
	struct ap_req_attr a[MAX_ATTRS];
	size_t i, n = allof_attrs(all, AP_CAT_RESOURCE, a, 0);

	for (i = 0; i < n; i++)
		if (ap_streq(a[i].id, AP_ID_RESOURCE) &&
		    (rid == NULL || strcmp(a[i].value, rid) == 0))
			return 1;
	return 0;
}

/* Does an AllOf's resource request (n attributes) ask exactly what the
 * first request asked: urn:altinn:resource = rid as a plain string?  Then
 * its decision is already known. */
static int repeats_first(const struct ap_req_attr *a, size_t n, const char *rid)
{
	return n == 1 && rid != NULL && ap_streq(a->id, AP_ID_RESOURCE) &&
	       strcmp(a->value, rid) == 0 &&
	       (a->data_type == NULL || strcmp(a->data_type, AP_ID_XS_STRING) == 0);
}

static const char *canonical(const struct ap_node *policy, const char *s)
{
	const char *c = policy->u.policy.doc ? ap_doc__canonical(policy->u.policy.doc, s) : NULL;

	return c ? c : s;
}

static enum ap_decision decide_with(const struct ap_node *policy,
				    struct ap_req_attr *attrs, size_t n,
				    const struct ap_node **decider)
{
	struct ap_request req;

	req.attrs = attrs;
	req.count = n;
	return ap_eval__policy(policy, &req, decider);
}

enum ap_decision ap_grants__decide(const struct ap_node *policy,
				   const char *resource_id, const char *action,
				   const struct ap_req_attr *subject, size_t n,
				   const struct ap_node **decider)
{
	struct ap_req_attr attrs[3 * MAX_ATTRS];
	const struct ap_node *rule, *any, *all;
	enum ap_decision d, best;
	size_t base, k;

	if (n > MAX_ATTRS)
		n = MAX_ATTRS;
	if (n > 0)
		memcpy(attrs, subject, n * sizeof(*subject));
	/* the document's own pointers where it has the string, so the
	 * evaluator compares pointers (once here, not per evaluation) */
	for (k = 0; k < n; k++) {
		attrs[k].id = canonical(policy, attrs[k].id);
		attrs[k].value = canonical(policy, attrs[k].value);
	}
	base = n;
	memset(&attrs[base], 0, 2 * sizeof(attrs[base]));
	attrs[base].category = AP_CAT_ACTION;
	attrs[base].id = canonical(policy, AP_ID_ACTION_ID);
	attrs[base].value = canonical(policy, action);
	attrs[base].data_type = NULL;
	base++;
	k = base;
	if (resource_id) {
		attrs[k].category = AP_CAT_RESOURCE;
		attrs[k].id = canonical(policy, AP_ID_RESOURCE);
		attrs[k].value = canonical(policy, resource_id);
		attrs[k].data_type = NULL;
		k++;
	}
	best = decide_with(policy, attrs, k, decider);
	if (best == AP_DECISION_PERMIT)
		return best;
	/* resource AllOfs that also require other resource attributes */
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		if (!rule->u.rule.target)
			continue;
		for (any = ap_node__child(rule->u.rule.target, AP_NODE_ANY_OF); any;
		     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
			for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
			     all = ap_node__next_sibling(all, AP_NODE_ALL_OF)) {
				if (resource_id && !allof_names_resource(all, resource_id))
					continue;
				k = allof_attrs(all, AP_CAT_RESOURCE, attrs, base);
				if (k == base || repeats_first(&attrs[base], k - base, resource_id))
					continue;
				d = decide_with(policy, attrs, k, decider);
				if (d == AP_DECISION_PERMIT)
					return d;
			}
	}
	return best;
}

static int is_permit_rule(const struct ap_node *rule)
{
	const char *e = rule->u.rule.effect;

	return e != NULL && (strcasecmp(e, "Permit") == 0 || strcmp(e, "0") == 0);
}

/* Could this rule apply to action at all (action category alone)? */
static int rule_admits_action(const struct ap_node *rule, const char *action)
{
	struct ap_req_attr a;
	struct ap_request req;

	memset(&a, 0, sizeof(a));
	a.category = AP_CAT_ACTION;
	a.id = AP_ID_ACTION_ID;
	a.value = action;
	a.data_type = NULL;
	req.attrs = &a;
	req.count = 1;
	return ap_eval__rule_category(rule, AP_CAT_ACTION, &req) == AP_TARGET_MATCH;
}

const struct ap_node *ap_grants__anyone(const struct ap_node *policy,
					const char *resource_id,
					const char *action)
{
	struct ap_req_attr subj[MAX_ATTRS];
	const struct ap_node *rule, *any, *all, *decider;
	size_t n;

	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		int had_subject = 0;

		if (!is_permit_rule(rule) || !rule_admits_action(rule, action))
			continue;
		if (rule->u.rule.target)
			for (any = ap_node__child(rule->u.rule.target, AP_NODE_ANY_OF); any;
			     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
				for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
				     all = ap_node__next_sibling(all, AP_NODE_ALL_OF)) {
					n = allof_attrs(all, AP_CAT_SUBJECT, subj, 0);
					if (n == 0)
						continue;
					had_subject = 1;
					if (ap_grants__decide(policy, resource_id, action,
							      subj, n, &decider) == AP_DECISION_PERMIT)
						return decider ? decider : rule;
				}
		if (!had_subject &&
		    ap_grants__decide(policy, resource_id, action, NULL, 0,
				      &decider) == AP_DECISION_PERMIT)
			return decider ? decider : rule;
	}
	return NULL;
}

const struct ap_node *ap_grants__rule_for_resource(const struct ap_node *policy,
						   const char *resource_id)
{
	const struct ap_node *rule, *any, *all, *first = NULL;

	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		if (!first)
			first = rule;
		if (!is_permit_rule(rule) || !rule->u.rule.target)
			continue;
		for (any = ap_node__child(rule->u.rule.target, AP_NODE_ANY_OF); any;
		     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
			for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
			     all = ap_node__next_sibling(all, AP_NODE_ALL_OF))
				if (allof_names_resource(all, resource_id))
					return rule;
	}
	return first;
}
