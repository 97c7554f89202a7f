/*
 * AX-X009: an organisation authentication level that can never take
 * effect.  The PEP reads the end-user level first; a caller below it is
 * refused unless the caller has an urn:altinn:org claim and meets the
 * -org level (DecisionHelper.cs).  So the org level only ever relaxes: one
 * higher than the end-user level changes nothing, and one without an
 * end-user level is never consulted (no level check at all).
 * Not run on delegation policies (their obligations come from the
 * resource policy).
 * Source: spec xacml-altinn.md 2.6, 4.6.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	struct ap_smell_levels lv;
	long user, org;

	(void)doc;
	if (policy == NULL)
		return;
	ap_smell__levels(policy, &lv);
	if (lv.org == NULL)
		return;
	if (lv.user == NULL) {
		ap_lint_report(ctx, lv.org,
			       "the organisation authentication level is never used: there is no end-user level ('" AP_SMELL_CAT_AUTHLEVEL "'), and without it the PEP checks no level at all; add the end-user level first");
		return;
	}
	if (!ap_smell__level_value(lv.user_value, &user) ||
	    !ap_smell__level_value(lv.org_value, &org) || org <= user)
		return;
	ap_lint_report(ctx, lv.org_value,
		       "organisation authentication level %ld is higher than the end-user level %ld, so it changes nothing: every caller at level %ld is let in anyway, and the org level only lowers the bar for callers with an 'urn:altinn:org' claim; set it to %ld or lower, or raise the end-user level",
		       org, user, user, user);
}

const struct ap_rule ap_rule_AX_X009 = {
	.id = "AX-X009",
	.name = "org-authentication-level-ineffective",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "the org authentication level is higher than the end-user level, or there is no end-user level",
	.source = "DecisionHelper.cs",
};
