/*
 * AX-S011: every AttributeValue has a non-empty DataType.
 *
 * Source: spec xacml-altinn.md 1.4 and 4.1.  XacmlParser.cs throws
 * "DataType IsNullOrEmpty" when an AttributeValue lacks it.  Whether the
 * data type is one Altinn can match is AX-E005's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	/* u.value.data_type is the DataType attribute */
	if (ap_structure__has_value(n->u.value.data_type) ||
	    !ap_structure__reached(ctx, n))
		return;
	ap_structure__require_value(ctx, n, n->u.value.data_type, "DataType",
				    "Altinn's parser requires it; set DataType="
				    "\"http://www.w3.org/2001/XMLSchema#string\"");
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (ap_structure__has_value(n->u.value.data_type))
		return;
	check_slow(ctx, n);
}

const struct ap_rule ap_rule_AX_S011 = {
	.id = "AX-S011", .name = "attribute-value-datatype",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_VALUE), .check = check,
	.check_doc = NULL,
	.summary = "AttributeValue needs a non-empty DataType",
	.source = "XacmlParser.cs",
};
