/*
 * AX-V007: letter case of role codes and actions.
 *  - urn:altinn:rolecode matched with case-sensitive string-equal: the
 *    material does not fix the case role codes arrive in (authorization
 *    mocks use lower case, access-management mocks upper case), which is
 *    why Studio writes string-equal-ignore-case (warning);
 *  - one of Altinn's own actions (read, write, sign ... the list of
 *    AX-V006) written with capitals and matched with string-equal: every
 *    Altinn PEP sends them in lower case, so it never matches (warning);
 *  - the same with string-equal-ignore-case: it works, but Studio's action
 *    list and every other tool expect lower case (info).
 * A lower-case action under string-equal works with every PEP in the
 * material and is not reported.  Custom actions (an app's BPMN user
 * actions such as 'fnrSearchAction') reach the PDP spelt as the app
 * declares them, so their case is not reported either.
 * Source: spec xacml-altinn.md 2.2, 2.4, 3.1 and 4.3 (PolicyConverter.cs;
 * test mocks in Altinn/altinn-authorization-tmp).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const char *t, *lower;
	size_t len;
	int n;

	if (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL &&
	    ap_vocab__match_on(m, AP_CAT_SUBJECT, AP_ID_ROLECODE) != NULL) {
		t = ap_vocab__trim(ap_vocab__value(m), &len);
		ap_lint_report(ctx, m,
			       "role code '%.*s' is matched case-sensitively (string-equal), but Altinn does not fix the letter case role codes arrive in: match with '" AP_FN_STRING_EQUAL_IC "'",
			       ap_vocab__clip(t, len, 80), t);
		return;
	}
	if (ap_vocab__match_on(m, AP_CAT_ACTION, AP_ID_ACTION_ID) == NULL)
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	if (!ap_vocab__has_upper(t) ||
	    !ap_vocab_known_text(AP_VOCAB_ACTIONS, t, len))
		return;
	n = ap_vocab__clip(t, len, 80);
	lower = ap_vocab_near_miss(AP_VOCAB_ACTIONS, t, len, 0);
	if (lower == NULL)
		return;
	if (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL)
		ap_lint_report(ctx, m,
			       "action '%.*s' is matched case-sensitively (string-equal), but Altinn's PEPs send it in lower case, so it never matches: use '%s'",
			       n, t, lower);
	else if (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC)
		ap_lint_report_sev(ctx, m, AP_SEV_INFO,
				   "action '%.*s' is not lower case: it matches because of string-equal-ignore-case, but Studio and Altinn's PEPs spell it '%s'; use that",
				   n, t, lower);
}

/*
 * The common clean case, tested before the frame of the reporting half,
 * the cheap conditions first (the attribute id compare last).
 */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = ap_vocab__designator(m);

	if (d == NULL)
		return;
	if ((m->u.match.fn == AP_MATCH_FN_STRING_EQUAL &&
	     d->u.designator.category == AP_CAT_SUBJECT &&
	     ap_streq(d->u.designator.attribute_id, AP_ID_ROLECODE)) ||
	    (d->u.designator.category == AP_CAT_ACTION &&
	     ap_vocab__has_upper(ap_vocab__value(m)) &&
	     ap_streq(d->u.designator.attribute_id, AP_ID_ACTION_ID)))
		check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_V007 = {
	.id = "AX-V007",
	.name = "case-sensitive-role-or-action",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "a role code or action is matched case-sensitively, or an action is not lower case",
	.source = "PolicyConverter.cs; Altinn authorization test mocks",
};
