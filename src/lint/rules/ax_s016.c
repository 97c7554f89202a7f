/*
 * AX-S016: a Rule's Effect is written exactly "Permit" or "Deny".
 *
 * Source: spec xacml-altinn.md 1.5 and 4.1.  XacmlParser.cs ReadRule
 * parses Effect with Enum.TryParse<XacmlEffectType>(value, ignoreCase:
 * true): "permit" and " Deny " pass (warning: the XACML schema and other
 * tools accept only the exact names); so do numbers ("0" Permit, "1"
 * Deny, any other number neither, evaluated as Deny) and comma lists of
 * names combined bitwise ("Permit,Deny" is Deny), which are errors: they
 * cannot be what the author meant to write.  Anything else fails with
 * "Wrong XacmlEffectType value".  A missing or empty Effect is AX-S015's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *v = n->u.rule.effect;

	/* Effect as written: nothing to report (ap_ids_effect: exact) */
	if (v == NULL || v[0] == '\0' ||
	    ap_ids_effect(v).form == AP_EFFECT_EXACT ||
	    !ap_structure__reached(ctx, n))
		return;
	ap_engine__check_effect(ctx, n, "Effect", v,
				"Effect=\"Permit\" or Effect=\"Deny\"");
}

const struct ap_rule ap_rule_AX_S016 = {
	.id = "AX-S016", .name = "effect-spelling",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "Effect is exactly Permit or Deny (numbers and lists: "
		   "error; other case: warning)",
	.source = "XacmlParser.cs ReadRule",
};
