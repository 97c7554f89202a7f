/*
 * AX-S018: an AdviceExpression has an AdviceId and an AppliesTo of Permit
 * or Deny.
 *
 * Source: spec xacml-altinn.md 1.7 and 4.1.  XacmlParser.cs
 * ReadAdviceExpression requires AppliesTo, parsed like a Rule's Effect
 * (see AX-S016: other case is accepted, a warning; numbers and lists are
 * accepted with surprising meanings, an error; anything else fails), and
 * AdviceId.  That advice is never used is AX-E012's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *at = ap_node_attr(n, "AppliesTo");

	/* nothing to report: no need to walk the ancestors */
	if ((ap_structure__has_value(at) &&
	     ap_ids_effect(at).form == AP_EFFECT_EXACT &&
	     ap_structure__has_value(ap_node_attr(n, "AdviceId"))) ||
	    !ap_structure__reached(ctx, n))
		return;
	if (!ap_structure__require_attr(ctx, n, "AppliesTo",
					"Altinn's parser requires it; set "
					"AppliesTo=\"Permit\" or "
					"AppliesTo=\"Deny\""))
		ap_engine__check_effect(ctx, n, "AppliesTo",
					ap_node_attr(n, "AppliesTo"),
					"AppliesTo=\"Permit\" or "
					"AppliesTo=\"Deny\"");
	ap_structure__require_attr(ctx, n, "AdviceId",
				   "Altinn's parser requires it; set an "
				   "AdviceId (or remove the advice: Altinn "
				   "never returns it)");
}

const struct ap_rule ap_rule_AX_S018 = {
	.id = "AX-S018", .name = "advice-structure",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ADVICE_EXPRESSION), .check = check,
	.check_doc = NULL,
	.summary = "AdviceExpression needs AdviceId and an AppliesTo of "
		   "Permit or Deny",
	.source = "XacmlParser.cs ReadAdviceExpression",
};
