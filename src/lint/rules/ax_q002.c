/*
 * AX-Q002: RuleIds that do not follow Studio's convention:
 * urn:altinn:resource:<resource id>:ruleid:<n> for resources, and for apps
 * urn:altinn:example:ruleid:<n> (the policy editor) or
 * urn:altinn:resource:app_<org>_<app>:policyid:<n>:ruleid:<task> (rules the
 * app tooling generates); the resource form is accepted there too.  Studio reads the rule number back from the
 * part after the last colon.  A configuration can set its own convention
 * (option "pattern", a PCRE2 regular expression; the configuration's
 * "patterns": {"ruleId": ...}).
 * Not run on delegation policies (access management names their rules).
 * Source: Altinn/altinn-studio src/Designer/frontend/packages/policy-
 * editor/src/PolicyEditor.tsx; spec xacml-altinn.md 3.1, 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_util.h"

#define RESOURCE_PREFIX "urn:altinn:resource:"

/* Skips a non-empty run of digits; NULL when there is none. */
static const char *digits(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

/* Skips a non-empty segment up to the next colon; NULL when empty. */
static const char *segment(const char *s)
{
	const char *p = strchr(s, ':');

	if (p == NULL)
		p = s + strlen(s);
	return p > s ? p : NULL;
}

static const char *skip(const char *s, const char *lit)
{
	size_t n = strlen(lit);

	return s && strncmp(s, lit, n) == 0 ? s + n : NULL;
}

/* urn:altinn:resource:<seg>:ruleid:<n>; *seg and *seglen get the resource
 * segment when the prefix is there. */
static int resource_form(const char *id, const char **seg, size_t *seglen)
{
	const char *p = skip(id, RESOURCE_PREFIX), *e;

	*seg = NULL;
	if (p == NULL || (e = segment(p)) == NULL)
		return 0;
	*seg = p;
	*seglen = (size_t)(e - p);
	p = digits(skip(e, ":ruleid:") ? skip(e, ":ruleid:") : "");
	return p != NULL && *p == '\0';
}

static int app_form(const char *id)
{
	const char *p = skip(id, "urn:altinn:example:ruleid:");

	if (p)
		return (p = digits(p)) != NULL && *p == '\0';
	p = skip(id, RESOURCE_PREFIX "app_");
	if (p == NULL || (p = segment(p)) == NULL ||
	    (p = skip(p, ":policyid:")) == NULL || (p = digits(p)) == NULL ||
	    (p = skip(p, ":ruleid:")) == NULL || (p = segment(p)) == NULL)
		return 0;
	return *p == '\0';
}

static void check_default(struct ap_lint_ctx *ctx, const struct ap_node *rule,
			  const char *id, const char *rid)
{
	const char *seg;
	size_t len;

	if (ap_lint_ctx_profile(ctx) == AP_PROFILE_APP) {
		if (!app_form(id) && !resource_form(id, &seg, &len))
			ap_lint_report(ctx, rule,
				       "RuleId '%s' does not follow Studio's convention 'urn:altinn:example:ruleid:<n>': Studio's editor reads the rule number after the last colon; rename it, or set your own convention with the AX-Q002 option 'pattern'",
				       id);
		return;
	}
	if (resource_form(id, &seg, &len)) {
		if (rid == NULL ||
		    (strlen(rid) == len && strncmp(seg, rid, len) == 0))
			return;
		ap_lint_report(ctx, rule,
			       "RuleId '%s' names resource '%.*s', but the policy is for '%s': Studio writes 'urn:altinn:resource:%s:ruleid:<n>'; rename it",
			       id, (int)len, seg, rid, rid);
		return;
	}
	ap_lint_report(ctx, rule,
		       "RuleId '%s' does not follow Studio's convention 'urn:altinn:resource:%s:ruleid:<n>': Studio's editor reads the rule number after the last colon; rename it, or set your own convention with the AX-Q002 option 'pattern'",
		       id, rid ? rid : "<resource id>");
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *rule;
	struct ap_smell_pattern pat;
	const char *rid;
	int have;

	(void)doc;
	if (policy == NULL || ap_node__child(policy, AP_NODE_RULE) == NULL)
		return;
	have = ap_smell__pattern_open(ctx, "pattern", &pat);
	rid = ap_lint_ctx_resource_id(ctx);
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule && have >= 0;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		const char *id = rule->u.rule.rule_id;

		if (id == NULL || id[0] == '\0' ||
		    ap_smell__is_placeholder(rule))
			continue; /* AX-S015, AX-Q005 */
		if (have == 0)
			check_default(ctx, rule, id, rid);
		else if (!ap_smell__pattern_match(&pat, id))
			ap_lint_report(ctx, rule,
				       "RuleId '%s' does not match the configured convention '%s' (AX-Q002 option 'pattern'); rename it",
				       id, pat.source);
	}
	ap_smell__pattern_close(&pat);
}

const struct ap_rule ap_rule_AX_Q002 = {
	.id = "AX-Q002",
	.name = "rule-id-convention",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "a RuleId does not follow Studio's convention (or the configured pattern)",
	.source = "PolicyEditor.tsx",
};
