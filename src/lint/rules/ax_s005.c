/*
 * AX-S005: Version, when present, must contain a digit; absent, it
 * defaults to 1.0.
 *
 * Source: spec xacml-altinn.md 1.2 and 4.1.  Xacml/XacmlPolicy.cs checks
 * Version against an unanchored "digits, optionally dotted" pattern and
 * throws ArgumentException ("Wrong VersionType format") when it does not
 * match, which in practice means "contains no digit"; the registry answers
 * 400.  An absent Version is "1.0".
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static int has_digit(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= '0' && *s <= '9')
			return 1;
	return 0;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *v;

	if (n != ap_structure__policy(ctx))
		return;
	v = ap_node_attr(n, "Version");
	if (v == NULL)
		ap_lint_report_sev(ctx, n, AP_SEV_INFO,
				   "'Policy' has no Version: Altinn uses 1.0; "
				   "add Version=\"1.0\" to make it explicit");
	else if (!has_digit(v))
		ap_lint_report(ctx, n,
			       "Version '%s' contains no digit: Altinn's "
			       "parser rejects it ('Wrong VersionType "
			       "format'); write a dotted number such as "
			       "Version=\"1.0\"", v);
}

const struct ap_rule ap_rule_AX_S005 = {
	.id = "AX-S005", .name = "version-format",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_POLICY), .check = check, .check_doc = NULL,
	.summary = "Version must contain a digit (absent: defaults to 1.0)",
	.source = "Xacml/XacmlPolicy.cs",
};
