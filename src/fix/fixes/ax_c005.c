/* AX-C005: DAGL matched on urn:altinn:org:rolecode -> urn:altinn:rolecode
 * (the same edit as AX-V001's; other attributes are not guessed). */
#include "internal.h"
#include "fix/fix_int.h"
#include "policy/ids.h"

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	if (at == NULL || at->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    !ap_streq(at->u.designator.attribute_id, "urn:altinn:org:rolecode"))
		return;
	ap_fix__set_attr(ctx, at, "AttributeId", AP_ID_ROLECODE);
}

const struct ap_fix ap_fix_AX_C005 = {
	.rule_id = "AX-C005", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "DAGL's AttributeId urn:altinn:org:rolecode replaced by urn:altinn:rolecode",
};
