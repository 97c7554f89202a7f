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

/* One AttributeValue: counted, and reported (registry), when it holds a
 * placeholder. */
static void value(struct ap_lint_ctx *ctx, const struct ap_node *n, int report,
		  struct found *f)
{
	/* no '[': no placeholder (the common case, without a call) */
	if (n->text == NULL || strchr(n->text, '[') == NULL ||
	    !ap_vocab__has_placeholder(n->text))
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
}

/*
 * Reports (registry) or counts (app) every AttributeValue with a
 * placeholder under root, in document order: all of them but those in
 * designators, comments and descriptions, and in a Match only its value
 * (the bulk of a policy: no descent).  Iterative, over the parent links.
 */
static void walk(struct ap_lint_ctx *ctx, const struct ap_node *root,
		 int report, struct found *f)
{
	const struct ap_node *n = root;

	for (;;) {
		int descend = 0;

		switch (n->kind) {
		case AP_NODE_MATCH:
			if (n->u.match.value != NULL)
				value(ctx, n->u.match.value, report, f);
			break;
		case AP_NODE_ATTRIBUTE_DESIGNATOR:
		case AP_NODE_COMMENT:
		case AP_NODE_DESCRIPTION:
			break;
		case AP_NODE_ATTRIBUTE_VALUE:
			value(ctx, n, report, f);
			break;
		default:
			descend = 1;
			break;
		}
		if (descend && n->first_child != NULL) {
			n = n->first_child;
			continue;
		}
		if (n == root)
			return;
		while (n->next == NULL) {
			n = n->parent;
			if (n == root)
				return;
		}
		n = n->next;
	}
}

/*
 * True when walk() reaches AttributeValue n: no ancestor is a Match, a
 * designator, a comment, a Description or an AttributeValue, except that
 * n may be the value of the Match that is its parent.
 */
static int walked(const struct ap_node *n)
{
	const struct ap_node *a = n->parent;

	if (a != NULL && a->kind == AP_NODE_MATCH) {
		if (a->u.match.value != n)
			return 0;
		a = a->parent;
	}
	for (; a != NULL; a = a->parent)
		if (a->kind == AP_NODE_MATCH ||
		    a->kind == AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    a->kind == AP_NODE_COMMENT ||
		    a->kind == AP_NODE_DESCRIPTION ||
		    a->kind == AP_NODE_ATTRIBUTE_VALUE)
			return 0;
	return 1;
}

/*
 * Registry profiles: each AttributeValue walk() reaches is reported as
 * the driver hands it over (no walk of our own; the '[' test first, as
 * almost no value has one).  The app profile's count is check_doc's.
 */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	struct found f = {NULL, 0};

	if (n->text == NULL || strchr(n->text, '[') == NULL ||
	    ap_lint_ctx_profile(ctx) == AP_PROFILE_APP || !walked(n))
		return;
	value(ctx, n, 1, &f);
}

static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	struct found f = {NULL, 0};
	int app = ap_lint_ctx_profile(ctx) == AP_PROFILE_APP;

	if (doc->root == NULL || !app)
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
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_VALUE),
	.check = check,
	.check_doc = check_doc,
	.summary = "[ORG]/[APP] placeholders: error in registry policies, info in app policies",
	.source = "AuthorizationPolicyService.cs",
};
