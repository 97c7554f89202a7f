/*
 * AX-S013: MustBePresent is exactly true, false, 1 or 0.
 *
 * Source: spec xacml-altinn.md 1.4, 1.12 and 4.1.  XacmlParser.cs
 * ReadAttribute converts MustBePresent with XmlConvert.ToBoolean, which
 * accepts only those four spellings (surrounding XML whitespace allowed);
 * "True" or "TRUE" throw FormatException, which the registry answers with
 * HTTP 500.  A missing or empty MustBePresent is AX-S012's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#include <strings.h>

static int xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* 1 when s, trimmed of XML whitespace, is true/false/1/0. */
static int xml_boolean(const char *s)
{
	static const char *const ok[] = {"true", "false", "1", "0"};
	size_t len, i;

	while (xml_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && xml_space(s[len - 1]))
		len--;
	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (strlen(ok[i]) == len && strncmp(s, ok[i], len) == 0)
			return 1;
	return 0;
}

/* True when s is "false", as Studio writes it (compared in line, each
 * byte read only after the one before it matched). */
static inline int studio_false(const char *s)
{
	return s[0] == 'f' && s[1] == 'a' && s[2] == 'l' && s[3] == 's' &&
	       s[4] == 'e' && s[5] == '\0';
}

/* "true" when s is some casing of true (or "yes"), else "false". */
static const char *suggest(const char *s)
{
	while (xml_space(*s))
		s++;
	if (strncasecmp(s, "true", 4) == 0 || strncasecmp(s, "yes", 3) == 0)
		return "true";
	return "false";
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	/* the typed view holds the MustBePresent attribute */
	const char *v = n->u.designator.must_be_present;

	if (v == NULL || v[0] == '\0' || xml_boolean(v) ||
	    !ap_structure__reached(ctx, n))
		return;
	ap_lint_report(ctx, n,
		       "MustBePresent=\"%s\" is not an XML boolean: Altinn's "
		       "parser accepts only true, false, 1 or 0 and throws "
		       "otherwise (HTTP 500 at the registry); write "
		       "MustBePresent=\"%s\"", v, suggest(v));
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const char *v = n->u.designator.must_be_present;

	if (v == NULL || v[0] == '\0' || studio_false(v))
		return;
	check_slow(ctx, n);
}

const struct ap_rule ap_rule_AX_S013 = {
	.id = "AX-S013", .name = "must-be-present-boolean",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR) |
		  AP_VISIT(AP_NODE_ATTRIBUTE_SELECTOR),
	.check = check, .check_doc = NULL,
	.summary = "MustBePresent must be true, false, 1 or 0 (lower case)",
	.source = "XacmlParser.cs ReadAttribute (XmlConvert.ToBoolean)",
};
