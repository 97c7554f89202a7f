/*
 * AX-Q003: a PolicyId that does not follow Studio's convention
 * urn:altinn:policyid:<n> (PolicyConverter.cs writes
 * urn:altinn:policyid:1); app policies may also keep the app templates'
 * urn:altinn:resource:app_<org>_<app>:policyid:<n> (v8) or
 * urn:altinn:example:policyid:<n> (older; the app RuleIds keep that
 * prefix).  A configuration can
 * set its own convention (option "pattern"; the configuration's
 * "patterns": {"policyId": ...}), and a convention for the resource id the
 * policy names (option "resourcePattern"; "patterns": {"resourceId": ...};
 * none by default).
 * Not run on delegation policies (access management names them).
 * Source: Altinn/altinn-studio PolicyConverter.cs; spec xacml-altinn.md
 * 3.1, 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

static const char *skip(const char *s, const char *lit)
{
	size_t n = strlen(lit);

	return s && strncmp(s, lit, n) == 0 ? s + n : NULL;
}

static int number_end(const char *p)
{
	const char *s = p;

	if (p == NULL)
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return p > s && *p == '\0';
}

static int studio_form(const char *id, int app)
{
	const char *p;

	if (number_end(skip(id, "urn:altinn:policyid:")))
		return 1;
	if (!app)
		return 0;
	if (number_end(skip(id, "urn:altinn:example:policyid:")))
		return 1;
	if ((p = skip(id, "urn:altinn:resource:app_")) == NULL)
		return 0;
	p = strchr(p, ':');
	return p != NULL && p > id && number_end(skip(p, ":policyid:"));
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	struct ap_smell_pattern pat, rpat;
	const char *id, *rid;
	int have;

	(void)doc;
	if (policy == NULL)
		return;
	id = policy->u.policy.policy_id;
	have = ap_smell__pattern_open(ctx, "pattern", &pat);
	if (id == NULL || id[0] == '\0') {
		/* AX-S004 */
	} else if (have == 0) {
		if (!studio_form(id,
				 ap_lint_ctx_profile(ctx) == AP_PROFILE_APP))
			ap_lint_report(ctx, policy,
				       "PolicyId '%s' does not follow Studio's convention 'urn:altinn:policyid:<n>' (Studio writes 'urn:altinn:policyid:1'); rename it, or set your own convention with the AX-Q003 option 'pattern'",
				       id);
	} else if (have > 0 && !ap_smell__pattern_match(&pat, id)) {
		ap_lint_report(ctx, policy,
			       "PolicyId '%s' does not match the configured convention '%s' (AX-Q003 option 'pattern'); rename it",
			       id, pat.source);
	}
	ap_smell__pattern_close(&pat);
	if (ap_smell__pattern_open(ctx, "resourcePattern", &rpat) > 0 &&
	    (rid = ap_lint_ctx_resource_id(ctx)) != NULL &&
	    !ap_smell__pattern_match(&rpat, rid))
		ap_lint_report(ctx, policy,
			       "resource id '%s' does not match the configured convention '%s' (AX-Q003 option 'resourcePattern')",
			       rid, rpat.source);
	ap_smell__pattern_close(&rpat);
}

const struct ap_rule ap_rule_AX_Q003 = {
	.id = "AX-Q003",
	.name = "policy-id-convention",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "the PolicyId does not follow Studio's convention urn:altinn:policyid:<n> (or the configured pattern)",
	.source = "PolicyConverter.cs",
};
