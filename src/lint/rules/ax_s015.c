/*
 * AX-S015: every Rule has a non-empty RuleId and Effect.
 *
 * Source: spec xacml-altinn.md 1.5 and 4.1.  XacmlParser.cs ReadRule
 * requires both ("RuleId IsNullOrEmpty"; an Effect that is missing or
 * empty fails the enum parse).  The spelling of Effect is AX-S016's,
 * duplicate RuleIds AX-Q001's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	/* the typed view holds the RuleId and Effect attributes */
	if ((ap_structure__has_value(n->u.rule.rule_id) &&
	     ap_structure__has_value(n->u.rule.effect)) ||
	    !ap_structure__reached(ctx, n))
		return;
	ap_structure__require_value(ctx, n, n->u.rule.rule_id, "RuleId",
				    "Altinn's parser requires it; set a RuleId "
				    "unique within the policy");
	ap_structure__require_value(ctx, n, n->u.rule.effect, "Effect",
				    "Altinn's parser requires it; set "
				    "Effect=\"Permit\" or Effect=\"Deny\"");
}

const struct ap_rule ap_rule_AX_S015 = {
	.id = "AX-S015", .name = "rule-attributes-missing",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "Rule needs a non-empty RuleId and Effect",
	.source = "XacmlParser.cs ReadRule",
};
