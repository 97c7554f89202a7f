/*
 * AX-S008: an empty Target must be written self-closing.
 *
 * Source: spec xacml-altinn.md 1.4 and 4.1.  XacmlParser.cs ReadTarget
 * accepts an empty Target only when XmlReader.IsEmptyElement is true,
 * which holds for <Target/> alone; <Target></Target>, and a Target with
 * only whitespace or comments inside, fail with "Target should contain
 * AnyOf or be empty".  Applies to policy and rule Targets.  A Target with
 * text or misplaced elements inside is AX-S007's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	char qname[256];

	if (n->self_closing || n->has_text || ap_structure__has_element(n) ||
	    !ap_structure__reached(ctx, n))
		return;
	ap_structure__qname(n, qname, sizeof(qname));
	ap_lint_report(ctx, n,
		       "empty Target must be written self-closing as <%s/>: "
		       "Altinn's parser rejects <%s></%s>%s", qname, qname,
		       qname,
		       n->first_child != NULL ? ", even with only comments "
						"inside" : "");
}

const struct ap_rule ap_rule_AX_S008 = {
	.id = "AX-S008", .name = "empty-target-not-self-closing",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_TARGET), .check = check, .check_doc = NULL,
	.summary = "an empty Target must be written <Target/>",
	.source = "XacmlParser.cs ReadTarget",
};
