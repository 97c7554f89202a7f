/*
 * AX-V010: a value of urn:altinn:accesspackage that is not a known access
 * package id (compared ignoring case).  Like a misspelt role code it grants
 * nobody.  The live list is served by access management (not in the
 * material); the table in src/policy/vocab.c holds the 223 packages of
 * access management's PackageConstants.cs.  Packages of your own (or newer
 * ones) can be declared in the rule's options:
 * {"access_packages": ["my-package"]}.
 * Source: spec xacml-altinn.md 2.2 and 4.3 (AccessPackageUrn.cs;
 * Altinn/altinn-authorization-tmp PackageConstants.cs).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const char *t, *near;
	size_t len;
	int n;

	if (ap_vocab__match_on(m, AP_CAT_SUBJECT, AP_VOCAB_ACCESSPACKAGE) == NULL ||
	    m->u.match.value == NULL)
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	if (len == 0 || ap_vocab_known(AP_VOCAB_ACCESS_PACKAGES, t, len) ||
	    ap_vocab_option_lists(ap_lint_ctx_rule_options(ctx), "access_packages", t, len))
		return;
	n = ap_vocab__clip(t, len, 80);
	near = ap_vocab_near_miss(AP_VOCAB_ACCESS_PACKAGES, t, len, 2);
	if (near != NULL)
		ap_lint_report(ctx, m->u.match.value,
			       "access package '%.*s' is not a known package id: did you mean '%s'?",
			       n, t, near);
	else
		ap_lint_report(ctx, m->u.match.value,
			       "access package '%.*s' is not a known package id, so probably nobody has it: check the id against access management's package list; if it is a package of your own, list it in .altinn-policy.json ({\"rules\": {\"AX-V010\": {\"options\": {\"access_packages\": [\"%.*s\"]}}}})",
			       n, t, ap_vocab__json_safe(t, (size_t)n) ? n : 3,
			       ap_vocab__json_safe(t, (size_t)n) ? t : "...");
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const char *t;
	size_t len;

	if (ap_vocab__match_on(m, AP_CAT_SUBJECT, AP_VOCAB_ACCESSPACKAGE) == NULL ||
	    m->u.match.value == NULL)
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	if (len == 0 || ap_vocab_known_text(AP_VOCAB_ACCESS_PACKAGES, t, len))
		return;
	check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_V010 = {
	.id = "AX-V010",
	.name = "unknown-access-package",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "a urn:altinn:accesspackage value is not a known package id",
	.source = "AccessPackageUrn.cs; PackageConstants.cs",
};
