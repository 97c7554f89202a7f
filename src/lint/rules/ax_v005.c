/*
 * AX-V005: an action matched on an AttributeId other than
 * urn:oasis:names:tc:xacml:1.0:action:action-id.  Altinn's PEPs put the
 * action in action-id only, so the match never succeeds.
 * Source: spec xacml-altinn.md 2.4 and 4.3 (DecisionHelper.cs
 * CreateActionCategory).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_ACTION || id == NULL ||
	    id[0] == '\0' || strcmp(id, AP_ID_ACTION_ID) == 0 ||
	    !ap_vocab__evaluated(d))
		return;
	ap_lint_report(ctx, d,
		       "action is matched on '%s', but Altinn's PEPs send the action only as '" AP_ID_ACTION_ID "', so this match never succeeds: use that AttributeId",
		       id);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_ACTION || id == NULL ||
	    id[0] == '\0' || strcmp(id, AP_ID_ACTION_ID) == 0)
		return;
	check_slow(ctx, d);
}

const struct ap_rule ap_rule_AX_V005 = {
	.id = "AX-V005",
	.name = "action-attribute-not-action-id",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR),
	.check = check,
	.summary = "an action is matched on an AttributeId other than action-id",
	.source = "DecisionHelper.cs CreateActionCategory",
};
