/*
 * AX-C005: DAGL matched on an attribute other than urn:altinn:rolecode
 * (the docs' urn:altinn:org:rolecode): Altinn's PIP fills role codes only
 * in urn:altinn:rolecode, so the match grants nothing.
 * Source: spec xacml-altinn.md 2.2 and 2.7 (ContextHandler.cs; no code
 * anywhere recognises urn:altinn:org:rolecode).
 */
#include "internal.h"
#include "lint/rule.h"
#include "policy/ids.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;
	const struct ap_node *v = m->u.match.value;
	const char *id;

	if (!d || !v || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR || !ap_node__text_is_ci(v, "DAGL"))
		return;
	id = d->u.designator.attribute_id;
	if (id == NULL || strcmp(id, AP_ID_ROLECODE) == 0)
		return;
	if (strcmp(id, AP_ID_ORG_ROLECODE) == 0)
		ap_lint_report(ctx, d,
			       "DAGL is matched on 'urn:altinn:org:rolecode', which Altinn never fills, so this match grants nothing: did you mean 'urn:altinn:rolecode'?");
	else
		ap_lint_report(ctx, d,
			       "DAGL is matched on '%s', but Altinn fills role codes only in 'urn:altinn:rolecode': did you mean 'urn:altinn:rolecode'?",
			       id);
}

const struct ap_rule ap_rule_AX_C005 = {
	.id = "AX-C005",
	.name = "dagl-wrong-attribute",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "DAGL is matched on an attribute other than urn:altinn:rolecode",
	.source = "spec xacml-altinn.md 2.7; Altinn ContextHandler.cs",
};
