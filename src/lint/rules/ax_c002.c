/*
 * AX-C002: some Permit rule grants write on the resource.
 * Source: Altinn/altinn-correspondence AltinnAuthorizationService.cs
 * (senders are checked with write; the owner with altinn:serviceowner
 * bypasses the PDP); spec xacml-altinn.md 3.4, 4.5.
 */
#include "internal.h"
#include "lint/require.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	(void)doc;
	ap_lint__require_action(ctx, "write",
				"correspondence checks senders with write");
}

const struct ap_rule ap_rule_AX_C002 = {
	.id = "AX-C002",
	.name = "write-granted",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.check_doc = check,
	.summary = "some Permit rule grants write on the resource",
	.source = "Altinn/altinn-correspondence AltinnAuthorizationService.cs",
};
