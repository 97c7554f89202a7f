/*
 * AX-R002: a rule names a registry resource other than the one being
 * published (a resource-category urn:altinn:resource match with another
 * value).  The registry rejects the upload with "Policy not accepted:
 * Contains rules for a different registry resource".  A value that differs
 * from the published identifier only in letter case or surrounding
 * whitespace is AX-R003's.  Runs only when the published identifier is
 * known for certain.
 * Source: spec xacml-altinn.md 3.3 and 4.4 (PolicyHelper.cs
 * EnsureValidPolicy).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"

#include <strings.h>

static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const char *pid = ap_lint_ctx_published_id(ctx);
	const char *v, *t;
	size_t len;

	if (pid == NULL || m->u.match.value == NULL ||
	    ap_vocab__match_on(m, AP_CAT_RESOURCE, AP_ID_RESOURCE) == NULL ||
	    ap_vocab__rule_of(m) == NULL)
		return;
	v = ap_vocab__value(m);
	if (strcmp(v, pid) == 0)
		return;
	t = ap_vocab__trim(v, &len);
	if (len == strlen(pid) && strncasecmp(t, pid, len) == 0)
		return; /* AX-R003 */
	ap_lint_report(ctx, m->u.match.value,
		       "rule names registry resource '%.*s', but the policy is published for '%s': the registry rejects the whole policy (\"Contains rules for a different registry resource\"); write '%s' or move the rule to that resource's policy",
		       ap_vocab__clip(t, len, 80), t, pid, pid);
}

/* Nothing to check without a published id: one call per document, and a
 * walk over the Match elements only when there is one. */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	if (ap_lint_ctx_published_id(ctx) != NULL)
		ap_vocab__each(ctx, doc, AP_NODE_MATCH, check);
}

const struct ap_rule ap_rule_AX_R002 = {
	.id = "AX-R002",
	.name = "rule-for-other-resource",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.check_doc = check_doc,
	.summary = "a rule names a registry resource other than the one published",
	.source = "PolicyHelper.cs EnsureValidPolicy",
};
