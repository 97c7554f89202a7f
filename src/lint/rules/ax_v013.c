/*
 * AX-V013: Studio's placeholders [ORG], [org], [APP], [app] in an
 * AttributeValue.  Studio replaces them with the app's org and name when it
 * deploys an app's policy.xml; nothing replaces them in a policy uploaded
 * to the resource registry, where the match then compares with the
 * literal text and never succeeds.  Error in the correspondence and
 * resource profiles (one finding per value); in the app profile one info
 * finding per file, since the placeholders are how Studio's templates are
 * written.
 * Source: spec xacml-altinn.md 3.1 and 4.3 (Altinn/altinn-studio:src/
 * Designer/backend/src/Designer/Services/Implementation/
 * AuthorizationPolicyService.cs).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"

struct found {
	const struct ap_node *first;
	size_t count;
};

/* Reports (registry) or counts (app) every AttributeValue with a
 * placeholder under n, in document order. */
static void walk(struct ap_lint_ctx *ctx, const struct ap_node *n, int report,
		 struct found *f)
{
	const struct ap_node *c;

	if (n->kind == AP_NODE_MATCH) { /* the bulk of a policy: no descent */
		if (n->u.match.value != NULL)
			walk(ctx, n->u.match.value, report, f);
		return;
	}
	if (n->kind == AP_NODE_ATTRIBUTE_DESIGNATOR || n->kind == AP_NODE_COMMENT ||
	    n->kind == AP_NODE_DESCRIPTION)
		return;
	if (n->kind == AP_NODE_ATTRIBUTE_VALUE) {
		if (!ap_vocab__has_placeholder(n->text))
			return;
		if (f->first == NULL)
			f->first = n;
		f->count++;
		if (report) {
			size_t len;
			const char *t = ap_vocab__trim(n->text, &len);

			ap_lint_report(ctx, n,
				       "value '%.*s' holds a Studio placeholder ([ORG], [APP]): only Studio's app deployment replaces them, so in a registry policy the match compares with the literal text and never succeeds; write the real org code and app name",
				       ap_vocab__clip(t, len, 80), t);
		}
		return;
	}
	for (c = n->first_child; c != NULL; c = c->next)
		walk(ctx, c, report, f);
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	struct found f = {NULL, 0};
	int app = ap_lint_ctx_profile(ctx) == AP_PROFILE_APP;

	if (doc->root == NULL)
		return;
	walk(ctx, doc->root, !app, &f);
	if (app && f.first != NULL)
		ap_lint_report_sev(ctx, f.first, AP_SEV_INFO,
				   "%zu value%s hold%s Studio placeholders ([ORG], [APP]): Studio replaces them when it deploys the app, but a policy deployed or uploaded any other way keeps the literal text and its matches never succeed",
				   f.count, f.count == 1 ? "" : "s",
				   f.count == 1 ? "s" : "");
}

const struct ap_rule ap_rule_AX_V013 = {
	.id = "AX-V013",
	.name = "studio-placeholder",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "[ORG]/[APP] placeholders: error in registry policies, info in app policies",
	.source = "AuthorizationPolicyService.cs",
};
