/*
 * AX-C003: some Permit rule grants subscribe on the resource.
 * Source: Altinn/altinn-events SubscriptionXacmlMapper.cs (subscriptions
 * and each delivery are checked with subscribe); the correspondence
 * service-owner guide; spec xacml-altinn.md 3.4, 4.5.
 */
#include "internal.h"
#include "lint/require.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	(void)doc;
	ap_lint__require_action(ctx, "subscribe",
				"Altinn Events checks event subscriptions and deliveries with subscribe");
}

const struct ap_rule ap_rule_AX_C003 = {
	.id = "AX-C003",
	.name = "subscribe-granted",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "some Permit rule grants subscribe on the resource",
	.source = "Altinn/altinn-events SubscriptionXacmlMapper.cs",
};
