/*
 * AX-C004: DAGL (daglig leder) is granted read, write and subscribe on the
 * resource through urn:altinn:rolecode, in whatever case Altinn sends the
 * role code.  Decided with Altinn's evaluator: a Deny rule, a Match in the
 * wrong category or a case-sensitive match cannot fool it.
 * Source: the correspondence docs' ExamplePolicy.xml (intent) and
 * Altinn/altinn-correspondence dagl-correspondence-1.xml (working form);
 * spec xacml-altinn.md 2.2 (role-code case not fixed), 2.7, 4.5.
 */
#include "internal.h"
#include "lint/grants.h"
#include "lint/rule.h"
#include "policy/ids.h"

static const char *const actions[] = {"read", "write", "subscribe"};

/* First Match of the policy whose value is DAGL and whose designator
 * satisfies want_rolecode (1: on urn:altinn:rolecode, 0: on another id). */
static const struct ap_node *find_dagl_match(const struct ap_node *n,
					     int want_rolecode)
{
	const struct ap_node *c, *found;

	if (n->kind == AP_NODE_MATCH) {
		const struct ap_node *d = n->u.match.designator;
		const struct ap_node *v = n->u.match.value;

		if (d && v && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR && ap_node__text_is_ci(v, "DAGL") &&
		    ap_streq(d->u.designator.attribute_id, AP_ID_ROLECODE) == want_rolecode)
			return n;
		return NULL;
	}
	for (c = n->first_child; c; c = c->next)
		if ((found = find_dagl_match(c, want_rolecode)) != NULL)
			return found;
	return NULL;
}

/* Decision for DAGL in the given letter case; *denier gets a Deny rule. */
static int permitted(const struct ap_node *policy, const char *rid,
		     const char *value, const char *action,
		     const struct ap_node **denier)
{
	struct ap_req_attr subject;
	const struct ap_node *decider = NULL;
	enum ap_decision d;

	subject.category = AP_CAT_SUBJECT;
	subject.id = AP_ID_ROLECODE;
	subject.value = value;
	subject.data_type = NULL;
	d = ap_grants__decide(policy, rid, action, &subject, 1, &decider);
	if (d == AP_DECISION_DENY && decider && !*denier)
		*denier = decider;
	return d == AP_DECISION_PERMIT;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	const char *rid = ap_lint_ctx_resource_id(ctx);
	char missing[64] = "", one_case[64] = "";
	const struct ap_node *near, *where, *denier = NULL;
	size_t i;

	(void)doc;
	if (policy == NULL || ap_node__child(policy, AP_NODE_RULE) == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		int upper = permitted(policy, rid, "DAGL", actions[i], &denier);
		int lower = permitted(policy, rid, "dagl", actions[i], &denier);
		char *list = upper && lower ? NULL : (upper || lower) ? one_case : missing;

		if (list == NULL)
			continue;
		/* granted to nobody at all: AX-C001..AX-C003 report that */
		if (list == missing && ap_grants__anyone(policy, rid, actions[i]) == NULL)
			continue;
		if (list[0])
			strncat(list, ", ", sizeof(missing) - strlen(list) - 1);
		strncat(list, actions[i], sizeof(missing) - strlen(list) - 1);
	}
	if (missing[0]) {
		near = find_dagl_match(policy, 0);
		if (near) {
			const struct ap_node *d = near->u.match.designator;

			ap_lint_report(ctx, d,
				       "DAGL is not granted %s%s%s%s: DAGL is matched on '%s', which Altinn never fills for role codes; did you mean 'urn:altinn:rolecode'?",
				       missing, rid ? " on resource '" : "",
				       rid ? rid : "", rid ? "'" : "",
				       d->u.designator.attribute_id);
		} else if (denier) {
			ap_lint_report(ctx, denier,
				       "DAGL is not granted %s%s%s%s: this Deny rule ('%s') takes it away",
				       missing, rid ? " on resource '" : "", rid ? rid : "",
				       rid ? "'" : "",
				       denier->u.rule.rule_id ? denier->u.rule.rule_id : "");
		} else {
			where = rid ? ap_grants__rule_for_resource(policy, rid) : NULL;
			ap_lint_report(ctx, where ? where : policy,
				       "DAGL (daglig leder, subject 'urn:altinn:rolecode') is not granted %s%s%s%s: add a Permit rule matching DAGL on 'urn:altinn:rolecode' with string-equal-ignore-case",
				       missing, rid ? " on resource '" : "", rid ? rid : "",
				       rid ? "'" : "");
		}
	}
	if (one_case[0]) {
		near = find_dagl_match(policy, 1);
		ap_lint_report(ctx, near ? near : policy,
			       "DAGL is granted %s only when the role code arrives in one letter case: Altinn does not fix the case of role codes; match with 'urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case'",
			       one_case);
	}
}

const struct ap_rule ap_rule_AX_C004 = {
	.id = "AX-C004",
	.name = "dagl-granted",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "DAGL on urn:altinn:rolecode is granted read, write and subscribe",
	.source = "altinn-studio-docs correspondence ExamplePolicy.xml (intent); altinn-correspondence dagl-correspondence-1.xml",
};
