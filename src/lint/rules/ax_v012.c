/*
 * AX-V012: a resource policy whose subject is one particular party, user,
 * system user or organisation (urn:altinn:partyid, userid,
 * systemuser:uuid, an organisation number, a person or party uuid).
 * Giving rights to named parties is what delegation policies, written by
 * access management, are for; in a resource policy it is unusual and is
 * seen only in test data.
 * Source: spec xacml-altinn.md 4.3 (corpus: broker and correspondence test
 * data).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const struct ap_node *d = ap_vocab__match_on(m, AP_CAT_SUBJECT, NULL);
	const char *t;
	size_t len;

	if (d == NULL || !ap_vocab_subject_pins_party(d->u.designator.attribute_id))
		return;
	t = ap_vocab__trim(ap_vocab__value(m), &len);
	ap_lint_report(ctx, m,
		       "subject is pinned to one party ('%s' = '%.*s'): a resource policy normally grants roles or access packages, and rights for named parties are given by delegation in access management",
		       d->u.designator.attribute_id, ap_vocab__clip(t, len, 80), t);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = ap_vocab__match_on(m, AP_CAT_SUBJECT, NULL);

	if (d == NULL || !ap_vocab_subject_pins_party(d->u.designator.attribute_id))
		return;
	check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_V012 = {
	.id = "AX-V012",
	.name = "subject-pinned-to-party",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "a resource policy subject is one particular party, user or system user",
	.source = "corpus (broker and correspondence test data)",
};
