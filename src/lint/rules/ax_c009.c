/*
 * AX-C009: publish granted in a correspondence policy.  Altinn Events
 * checks publish for generic events, but correspondence publishes its
 * events with the altinn:events.publish.admin scope, which skips the
 * check; no recipient or sender needs it.
 * Source: Altinn/altinn-correspondence src/Altinn.Correspondence.API/
 * appsettings.json; spec xacml-altinn.md 2.4, 4.5.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;
	const struct ap_node *v = m->u.match.value;
	const struct ap_node *rule;
	const char *s;
	size_t len;

	/* "publish" (7 bytes) cannot hide in a shorter text */
	if (d == NULL || v == NULL || v->text_len < 7 ||
	    d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    d->u.designator.category != AP_CAT_ACTION ||
	    (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL &&
	     m->u.match.fn != AP_MATCH_FN_STRING_EQUAL_IC))
		return;
	s = ap_smell_trim(v->text, &len);
	if (len != 7 || !ap_smell_eq_ci(s, len, "publish") ||
	    !ap_streq(d->u.designator.attribute_id, AP_ID_ACTION_ID))
		return;
	rule = ap_smell__match_rule(m);
	if (rule == NULL || ap_smell__effect(rule) != AP_DECISION_PERMIT)
		return;
	ap_lint_report(ctx, v,
		       "Permit rule '%s' grants 'publish': correspondence publishes its events with an admin scope that skips this check, and no recipient or sender needs it; remove it unless others must publish events for this resource",
		       ap_smell__rule_id(rule));
}

const struct ap_rule ap_rule_AX_C009 = {
	.id = "AX-C009",
	.name = "publish-granted",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "publish is granted, which correspondence never needs",
	.source = "altinn-correspondence appsettings.json",
};
