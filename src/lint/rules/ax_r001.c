/*
 * AX-R001: every rule must reference the resource being published: a
 * resource-category urn:altinn:resource match whose value equals the
 * resource identifier exactly, or, for an app resource app_<org>_<app>
 * (exactly three parts), urn:altinn:org and urn:altinn:app matches equal
 * to org and app ignoring case.  Otherwise the registry rejects the upload
 * with "Policy not accepted: Contains rule without reference to registry
 * resource id"; a rule without a Target is rejected the same way.  Runs
 * only when the published identifier is known for certain (--resource-id,
 * or resource.json beside the policy).  A rule that names the resource in
 * another spelling or names another resource is AX-R003's or AX-R002's.
 * Source: spec xacml-altinn.md 3.3 and 4.4 (Altinn/altinn-resource-registry:
 * src/Altinn.ResourceRegistry.Core/Helpers/PolicyHelper.cs
 * EnsureValidPolicy).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

#include <strings.h>

/* Splits "app_<org>_<app>" as the registry does (Split('_') into exactly
 * three parts); returns 0 when pid is not such an id. */
static int split_app(const char *pid, const char **org, size_t *org_len,
		     const char **app)
{
	const char *u;

	if (strncmp(pid, "app_", 4) != 0)
		return 0;
	*org = pid + 4;
	u = strchr(*org, '_');
	if (u == NULL || strchr(u + 1, '_') != NULL)
		return 0;
	*org_len = (size_t)(u - *org);
	*app = u + 1;
	return 1;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const char *pid = ap_lint_ctx_published_id(ctx);
	const struct ap_node *target = rule->u.rule.target, *any, *all, *m;
	const char *org = NULL, *app = NULL;
	size_t org_len = 0;
	int is_app, named = 0, other = 0, has_org = 0, has_app = 0;

	if (pid == NULL)
		return;
	is_app = split_app(pid, &org, &org_len, &app);
	for (any = target ? ap_node__child(target, AP_NODE_ANY_OF) : NULL; any;
	     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
		for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
		     all = ap_node__next_sibling(all, AP_NODE_ALL_OF))
			for (m = ap_node__child(all, AP_NODE_MATCH); m;
			     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
				const struct ap_node *d =
					ap_vocab__match_on(m, AP_CAT_RESOURCE, NULL);
				const char *id, *v;

				if (d == NULL)
					continue;
				id = d->u.designator.attribute_id;
				v = ap_vocab__value(m);
				if (ap_streq(id, AP_ID_RESOURCE)) {
					if (strcmp(v, pid) == 0)
						named = 1;
					else
						other = 1;
				} else if (is_app && ap_streq(id, AP_VOCAB_ORG)) {
					if (strlen(v) == org_len &&
					    strncasecmp(v, org, org_len) == 0)
						has_org = 1;
				} else if (is_app && ap_streq(id, AP_VOCAB_APP)) {
					if (strcasecmp(v, app) == 0)
						has_app = 1;
				}
			}
	/* another urn:altinn:resource value: AX-R002/AX-R003 report it */
	if (named || other || (has_org && has_app))
		return;
	if (is_app)
		ap_lint_report(ctx, rule,
			       "rule '%s' does not reference the published resource: the registry rejects the policy (\"Contains rule without reference to registry resource id\"); add a resource match 'urn:altinn:resource' = '%s', or 'urn:altinn:org' = '%.*s' with 'urn:altinn:app' = '%s'",
			       rule->u.rule.rule_id ? rule->u.rule.rule_id : "",
			       pid, (int)org_len, org, app);
	else
		ap_lint_report(ctx, rule,
			       "rule '%s' does not reference the published resource: the registry rejects the policy (\"Contains rule without reference to registry resource id\"); add a resource match 'urn:altinn:resource' = '%s'",
			       rule->u.rule.rule_id ? rule->u.rule.rule_id : "", pid);
}

/* Nothing to check without a published id: one call per document, and a
 * walk over the Rule elements only when there is one. */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	if (ap_lint_ctx_published_id(ctx) != NULL)
		ap_vocab__each(ctx, doc, AP_NODE_RULE, check);
}

const struct ap_rule ap_rule_AX_R001 = {
	.id = "AX-R001",
	.name = "rule-without-published-resource",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.check_doc = check_doc,
	.summary = "a rule does not reference the resource being published",
	.source = "PolicyHelper.cs EnsureValidPolicy",
};
