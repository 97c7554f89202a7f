/*
 * AX-S009: every AnyOf holds at least one AllOf, every AllOf at least one
 * Match.
 *
 * Source: spec xacml-altinn.md 1.4 and 4.1.  XacmlParser.cs throws "A
 * least 1 AllOf is required" for an empty AnyOf, and likewise requires a
 * Match in each AllOf.  Only empty lists are reported here; an AnyOf or
 * AllOf holding the wrong elements (or text) is AX-S007's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->has_text || ap_structure__has_element(n) ||
	    !ap_structure__reached(ctx, n))
		return;
	if (n->kind == AP_NODE_ANY_OF)
		ap_lint_report(ctx, n,
			       "'AnyOf' has no AllOf: Altinn's parser requires "
			       "at least one ('A least 1 AllOf is required'); "
			       "add an AllOf with a Match or remove the AnyOf");
	else
		ap_lint_report(ctx, n,
			       "'AllOf' has no Match: Altinn's parser requires "
			       "at least one; add a Match or remove the AllOf");
}

const struct ap_rule ap_rule_AX_S009 = {
	.id = "AX-S009", .name = "empty-anyof-allof",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ANY_OF) | AP_VISIT(AP_NODE_ALL_OF),
	.check = check, .check_doc = NULL,
	.summary = "AnyOf needs at least one AllOf, AllOf at least one Match",
	.source = "XacmlParser.cs",
};
