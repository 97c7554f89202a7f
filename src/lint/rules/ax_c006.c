/*
 * AX-C006: an action correspondence never asks for.  Correspondence
 * checks recipients with read and senders with write, Altinn Events checks
 * subscribe (and publish, AX-C009); anything else in a correspondence
 * resource policy grants nothing anyone uses.  The correspondence test
 * resource altinn-correspondence-test-resource-1.xml uses send, see and
 * open.  Letter case is AX-V007's, so actions are compared ignoring case.
 * Source: Altinn/altinn-correspondence AltinnAuthorizationService.cs and
 * Test/Altinn.Correspondence.Tests/Data/altinn-correspondence-test-
 * resource-1.xml; spec xacml-altinn.md 2.4, 3.4, 4.5.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;
	const struct ap_node *v = m->u.match.value;
	const char *s, *instead;
	size_t len;

	if (d == NULL || v == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    d->u.designator.category != AP_CAT_ACTION ||
	    (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL &&
	     m->u.match.fn != AP_MATCH_FN_STRING_EQUAL_IC))
		return;
	/* the value first: the usual one is asked for */
	s = ap_smell_trim(v->text, &len);
	if (len == 0 || ap_smell_correspondence_action(s, len))
		return; /* empty values are AX-V009's */
	if (!ap_streq(d->u.designator.attribute_id, AP_ID_ACTION_ID) ||
	    ap_smell__match_rule(m) == NULL)
		return;
	instead = ap_smell_correspondence_instead(s, len);
	if (instead)
		ap_lint_report(ctx, v,
			       "correspondence never asks for action '%.*s': did you mean '%s'? (recipients are checked with 'read', senders with 'write', event subscribers with 'subscribe')",
			       (int)len, s, instead);
	else
		ap_lint_report(ctx, v,
			       "correspondence never asks for action '%.*s', so granting it gives nobody anything: recipients are checked with 'read', senders with 'write', event subscribers with 'subscribe'; remove it or use one of those",
			       (int)len, s);
}

const struct ap_rule ap_rule_AX_C006 = {
	.id = "AX-C006",
	.name = "action-not-asked",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "an action correspondence never asks for (send, see, open ...)",
	.source = "AltinnAuthorizationService.cs; altinn-correspondence-test-resource-1.xml",
};
