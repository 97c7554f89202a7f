/* AX-V007: string-equal -> string-equal-ignore-case on a role code or
 * action Match. */
#include "internal.h"
#include "fix/fix_int.h"

#define STRING_EQUAL "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define IGNORE_CASE "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_node *m = ap_fix__up(at, AP_NODE_MATCH);

	if (m == NULL || !ap_streq(m->u.match.match_id, STRING_EQUAL))
		return;
	ap_fix__set_attr(ctx, m, "MatchId", IGNORE_CASE);
}

const struct ap_fix ap_fix_AX_V007 = {
	.rule_id = "AX-V007", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "MatchId string-equal replaced by string-equal-ignore-case",
};
