/*
 * AX-S002: the root element must be Policy.
 *
 * Source: spec xacml-altinn.md 1.2 and 4.1.  XacmlParser.ParseXacmlPolicy
 * reads exactly one Policy and fails on anything else with "Invalid XACML
 * Policy Policy is missing"; there is no PolicySet support in the parser
 * or the PDP (Altinn/altinn-authorization:src/Altinn.Authorization.ABAC/
 * Utils/XacmlParser.cs).  A Policy root in the wrong namespace is
 * AX-S003's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *root = doc->root;
	char name[256];

	if (!ap_structure__doc_readable(doc) || root->kind == AP_NODE_POLICY)
		return;
	if (root->kind == AP_NODE_POLICY_SET) {
		ap_lint_report(ctx, root,
			       "root element is 'PolicySet': Altinn's parser "
			       "reads only a single <Policy> and rejects "
			       "PolicySet; publish each contained Policy as a "
			       "file of its own");
		return;
	}
	ap_lint_report(ctx, root,
		       "root element is '%s', not 'Policy': Altinn's parser "
		       "reads only XACML 3.0 <Policy> documents",
		       ap_structure__qname(root, name, sizeof(name)));
}

const struct ap_rule ap_rule_AX_S002 = {
	.id = "AX-S002", .name = "root-not-policy",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = 0, .check = NULL, .check_doc = check_doc,
	.summary = "the root element must be Policy (no PolicySet)",
	.source = "XacmlParser.cs",
};
