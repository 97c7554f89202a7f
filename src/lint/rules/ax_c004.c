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

#include <stdio.h>

/* First Match of the policy whose value is the subject value (any case)
 * and whose designator is (want_same 1) or is not (0) the subject id. */
static const struct ap_node *find_subject_match(const struct ap_node *n,
						const struct ap_requirements *req,
						int want_same)
{
	const struct ap_node *c, *found;

	if (n->kind == AP_NODE_MATCH) {
		const struct ap_node *d = n->u.match.designator;
		const struct ap_node *v = n->u.match.value;

		if (d && v && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
		    ap_node__text_is_ci(v, req->subject_value) &&
		    ap_streq(d->u.designator.attribute_id, req->subject_id) == want_same)
			return n;
		return NULL;
	}
	for (c = n->first_child; c; c = c->next)
		if ((found = find_subject_match(c, req, want_same)) != NULL)
			return found;
	return NULL;
}

/* Decision for the subject with this value; *denier gets a Deny rule. */
static int permitted(const struct ap_node *policy, const char *rid,
		     const char *id, const char *value, const char *action,
		     const struct ap_node **denier)
{
	struct ap_req_attr subject;
	const struct ap_node *decider = NULL;
	enum ap_decision d;

	memset(&subject, 0, sizeof(subject));
	subject.category = AP_CAT_SUBJECT;
	subject.id = id;
	subject.value = value;
	subject.data_type = NULL;
	d = ap_grants__decide(policy, rid, action, &subject, 1, &decider);
	if (d == AP_DECISION_DENY && decider && !*denier)
		*denier = decider;
	return d == AP_DECISION_PERMIT;
}

static void append(char *list, size_t size, const char *action)
{
	if (list[0])
		strncat(list, ", ", size - strlen(list) - 1);
	strncat(list, action, size - strlen(list) - 1);
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_requirements *req = ap_lint_ctx_requirements(ctx);
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	const char *rid = ap_lint_ctx_resource_id(ctx);
	/* role codes arrive in a letter case Altinn does not fix */
	int any_case = strcmp(req->subject_id, AP_ID_ROLECODE) == 0;
	char missing[256] = "", one_case[256] = "", upper[64], lower[64];
	const struct ap_node *near, *where, *denier = NULL;
	size_t i;

	(void)doc;
	if (policy == NULL || ap_node__child(policy, AP_NODE_RULE) == NULL)
		return;
	snprintf(upper, sizeof(upper), "%s", req->subject_value);
	snprintf(lower, sizeof(lower), "%s", req->subject_value);
	for (i = 0; upper[i]; i++) {
		if (upper[i] >= 'a' && upper[i] <= 'z')
			upper[i] = (char)(upper[i] - 'a' + 'A');
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	}
	for (i = 0; i < req->nactions; i++) {
		const char *a = req->actions[i];
		int up = permitted(policy, rid, req->subject_id,
				   any_case ? upper : req->subject_value, a, &denier);
		int low = any_case ? permitted(policy, rid, req->subject_id, lower, a, &denier) : up;

		if (up && low)
			continue;
		if (up || low) {
			append(one_case, sizeof(one_case), a);
			continue;
		}
		/* granted to nobody at all: AX-C001..AX-C003 report that */
		if (ap_grants__anyone(policy, rid, a) == NULL)
			continue;
		append(missing, sizeof(missing), a);
	}
	if (missing[0]) {
		near = find_subject_match(policy, req, 0);
		if (near) {
			const struct ap_node *d = near->u.match.designator;

			ap_lint_report(ctx, d,
				       "%s is not granted %s%s%s%s: %s is matched on '%s', which Altinn never fills with that value; did you mean '%s'?",
				       req->subject_value, missing, rid ? " on resource '" : "",
				       rid ? rid : "", rid ? "'" : "", req->subject_value,
				       d->u.designator.attribute_id, req->subject_id);
		} else if (denier) {
			ap_lint_report(ctx, denier,
				       "%s is not granted %s%s%s%s: this Deny rule ('%s') takes it away",
				       req->subject_value, missing, rid ? " on resource '" : "",
				       rid ? rid : "", rid ? "'" : "",
				       denier->u.rule.rule_id ? denier->u.rule.rule_id : "");
		} else {
			where = rid ? ap_grants__rule_for_resource(policy, rid) : NULL;
			ap_lint_report(ctx, where ? where : policy,
				       "%s (subject '%s') is not granted %s%s%s%s: add a Permit rule matching %s on '%s'%s",
				       req->subject_value, req->subject_id, missing,
				       rid ? " on resource '" : "", rid ? rid : "", rid ? "'" : "",
				       req->subject_value, req->subject_id,
				       any_case ? " with string-equal-ignore-case" : "");
		}
	}
	if (one_case[0]) {
		near = find_subject_match(policy, req, 1);
		ap_lint_report(ctx, near ? near : policy,
			       "%s is granted %s only when the role code arrives in one letter case: Altinn does not fix the case of role codes; match with 'urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case'",
			       req->subject_value, one_case);
	}
}

const struct ap_rule ap_rule_AX_C004 = {
	.id = "AX-C004",
	.name = "dagl-granted",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "DAGL (or the configured subject) is granted every required action",
	.source = "altinn-studio-docs correspondence ExamplePolicy.xml (intent); altinn-correspondence dagl-correspondence-1.xml",
};
