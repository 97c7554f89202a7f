/*
 * AX-C001: some Permit rule grants read on the resource.
 * Source: Altinn/altinn-correspondence AltinnAuthorizationService.cs
 * (recipients are checked with read); spec xacml-altinn.md 3.4, 4.5.
 */
#include "internal.h"
#include "lint/require.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	(void)doc;
	ap_lint__require_action(ctx, "read",
				"correspondence checks recipients with read");
}

const struct ap_rule ap_rule_AX_C001 = {
	.id = "AX-C001",
	.name = "read-granted",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "some Permit rule grants read on the resource",
	.source = "Altinn/altinn-correspondence AltinnAuthorizationService.cs",
};
