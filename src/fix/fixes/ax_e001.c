/* AX-E001: the XACML 1.0 deny-overrides id -> the XACML 3.0 one (other
 * unsupported ids are not guessed). */
#include "internal.h"
#include "fix/fix_int.h"

#define DENY_OVERRIDES_10 "urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides"
#define DENY_OVERRIDES_30 "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	if (at == NULL || at->kind != AP_NODE_POLICY ||
	    !ap_streq(at->u.policy.combining_alg, DENY_OVERRIDES_10))
		return;
	ap_fix__set_attr(ctx, at, "RuleCombiningAlgId", DENY_OVERRIDES_30);
}

const struct ap_fix ap_fix_AX_E001 = {
	.rule_id = "AX-E001", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "XACML 1.0 deny-overrides replaced by the XACML 3.0 rule-combining deny-overrides",
};
