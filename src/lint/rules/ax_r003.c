/*
 * AX-R003: a rule's urn:altinn:resource value differs from the published
 * identifier only in letter case or surrounding whitespace.  The registry
 * compares exactly, so it rejects the policy as naming a different
 * resource; so would the PDP's matching with string-equal.  Runs only
 * when the published identifier is known for certain.
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
	int spaced, cased;

	if (pid == NULL || m->u.match.value == NULL ||
	    ap_vocab__match_on(m, AP_CAT_RESOURCE, AP_ID_RESOURCE) == NULL ||
	    ap_vocab__rule_of(m) == NULL)
		return;
	v = ap_vocab__value(m);
	if (strcmp(v, pid) == 0)
		return;
	t = ap_vocab__trim(v, &len);
	if (len != strlen(pid) || strncasecmp(t, pid, len) != 0)
		return; /* another resource: AX-R002 */
	spaced = len != strlen(v);
	cased = strncmp(t, pid, len) != 0;
	ap_lint_report(ctx, m->u.match.value,
		       "resource id '%.*s'%s differs from the published identifier '%s' only in %s: the registry compares exactly and rejects the policy (\"Contains rules for a different registry resource\"); write '%s'%s",
		       ap_vocab__clip(t, len, 80), t,
		       spaced ? " (with whitespace around it)" : "", pid,
		       spaced && cased ? "letter case and whitespace"
				       : spaced ? "whitespace" : "letter case",
		       pid, spaced ? " with no whitespace inside the element" : "");
}

/* Nothing to check without a published id: one call per document, and a
 * walk over the Match elements only when there is one. */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	if (ap_lint_ctx_published_id(ctx) != NULL)
		ap_vocab__each(ctx, doc, AP_NODE_MATCH, check);
}

const struct ap_rule ap_rule_AX_R003 = {
	.id = "AX-R003",
	.name = "resource-id-case-or-space",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.check_doc = check_doc,
	.summary = "a resource id differs from the published one only in case or whitespace",
	.source = "PolicyHelper.cs EnsureValidPolicy",
};
