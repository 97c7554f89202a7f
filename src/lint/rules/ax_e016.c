/*
 * AX-E016: anyURI-equal on a value that is not an absolute URI.
 *
 * Source: spec xacml-altinn.md 1.10 and 4.2.  AttributeMatcher.cs
 * implements anyURI-equal by constructing System.Uri objects from both
 * values, which throws for a relative reference such as "ttd" or
 * "app/x": the request carrying that attribute then fails (Indeterminate,
 * no access).  Absolute means a scheme ("urn:", "https:") or, as .NET
 * accepts on Linux, a path starting with '/' or '\\'.  Empty values are
 * AX-V009's.  The catalogue rates this info; the policy value is under
 * the author's control and the fix (string-equal) is trivial.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when s (surrounding white space ignored, as System.Uri does) is
 * an absolute URI to .NET; *empty when it is blank. */
static int absolute(const char *s, int *empty)
{
	while (is_space(*s))
		s++;
	*empty = *s == '\0';
	if (*s == '/' || *s == '\\')
		return 1;
	if (!is_alpha(*s))
		return 0;
	for (s++; is_alpha(*s) || (*s >= '0' && *s <= '9') || *s == '+' ||
	     *s == '-' || *s == '.'; s++)
		;
	return *s == ':';
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const char *v;
	int empty;

	if (n->u.match.fn != AP_MATCH_FN_ANYURI_EQUAL ||
	    !ap_engine__match_evaluated(ctx, n))
		return;
	v = ap_engine__match_text(n);
	if (absolute(v, &empty) || empty)
		return;
	ap_lint_report(ctx, n,
		       "anyURI-equal on '%s', which is not an absolute URI: "
		       "Altinn's PDP parses both values as absolute URIs and "
		       "fails on this one, so requests carrying '%s' are "
		       "Indeterminate (no access); use '" AP_FN_STRING_EQUAL
		       "'", v,
		       n->u.match.designator->u.designator.attribute_id ?
		       n->u.match.designator->u.designator.attribute_id : "");
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->u.match.fn != AP_MATCH_FN_ANYURI_EQUAL)
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	ap_engine__each_evaluated(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E016 = {
	.id = "AX-E016", .name = "anyuri-equal-relative",
	.severity = AP_SEV_INFO, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "anyURI-equal parses both values as absolute URIs",
	.source = "Xacml/AttributeMatcher.cs",
};
