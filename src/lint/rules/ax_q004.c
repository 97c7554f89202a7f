/*
 * AX-Q004: a rule without a Description.  Studio's policy editor and the
 * delegation UIs show the description to the people who decide who gets
 * access.
 * Not run on delegation policies (written by access management).
 * Source: Altinn/altinn-studio PolicyConverter.cs (Description is kept
 * both ways); spec xacml-altinn.md 3.1, 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *d;
	size_t len;

	if (!ap_smell__policy_rule(rule))
		return;
	d = ap_node__child(rule, AP_NODE_DESCRIPTION);
	if (d != NULL) {
		ap_smell_trim(d->text, &len);
		if (len > 0 || d->first_child != NULL)
			return;
	}
	ap_lint_report(ctx, rule,
		       "rule '%s' has %s: Studio and the delegation UIs show it to the people who decide who gets access; say who gets which actions on what",
		       ap_smell__rule_id(rule),
		       d ? "an empty Description" : "no Description");
}

const struct ap_rule ap_rule_AX_Q004 = {
	.id = "AX-Q004",
	.name = "rule-without-description",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a rule has no Description",
	.source = "PolicyConverter.cs",
};
