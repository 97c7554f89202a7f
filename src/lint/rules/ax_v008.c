/*
 * AX-V008: a value of urn:altinn:rolecode that is not a known role code
 * (compared ignoring case): a typo, or an organisation code used as a role
 * (the corpus has 'ttd').  The live list is access management's roles API,
 * which is not in the material; the table in src/policy/vocab.c says what
 * it holds.  Codes of your own can be declared in the rule's options:
 * {"role_codes": ["XYZ"]}.  Empty values are AX-V009's.
 * Source: spec xacml-altinn.md 2.2 and 4.3 (subjectoptions.json; role
 * codes seen in Altinn policies; RoleConstants.cs).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const char *t, *near;
	size_t len;
	int n;

	if (ap_vocab__match_on(m, AP_CAT_SUBJECT, AP_ID_ROLECODE) == NULL ||
	    m->u.match.value == NULL)
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	if (len == 0 || ap_vocab_known(AP_VOCAB_ROLE_CODES, t, len) ||
	    ap_vocab_option_lists(ap_lint_ctx_rule_options(ctx), "role_codes", t, len))
		return;
	n = ap_vocab__clip(t, len, 80);
	near = ap_vocab_near_miss(AP_VOCAB_ROLE_CODES, t, len, 1);
	if (near != NULL)
		ap_lint_report(ctx, m->u.match.value,
			       "role code '%.*s' is not a known Altinn role code: did you mean '%s'?",
			       n, t, near);
	else
		ap_lint_report(ctx, m->u.match.value,
			       "role code '%.*s' is not a known Altinn role code, so probably nobody has it: check the code (a service owner is matched on 'urn:altinn:org', not as a role); if it is a code of your own, list it in .altinn-policy.json ({\"rules\": {\"AX-V008\": {\"options\": {\"role_codes\": [\"%.*s\"]}}}})",
			       n, t, ap_vocab__json_safe(t, (size_t)n) ? n : 3,
			       ap_vocab__json_safe(t, (size_t)n) ? t : "...");
}

/*
 * The common clean case, tested before the frame of the reporting half,
 * the cheap conditions first: a known role code needs no string compare
 * of the attribute id.
 */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = ap_vocab__designator(m);
	const char *t;
	size_t len;

	if (d == NULL || d->u.designator.category != AP_CAT_SUBJECT ||
	    m->u.match.value == NULL)
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	if (len == 0 || ap_vocab_known_text(AP_VOCAB_ROLE_CODES, t, len) ||
	    !ap_streq(d->u.designator.attribute_id, AP_ID_ROLECODE))
		return;
	check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_V008 = {
	.id = "AX-V008",
	.name = "unknown-role-code",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "a urn:altinn:rolecode value is not a known role code",
	.source = "subjectoptions.json; RoleConstants.cs; corpus",
};
