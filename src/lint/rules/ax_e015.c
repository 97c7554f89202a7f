/*
 * AX-E015: a string-regexp-match pattern not anchored with ^...$.
 *
 * Source: spec xacml-altinn.md 1.10 and 4.2.  AttributeMatcher.cs runs
 * the policy value as a .NET regular expression against the request value
 * with Regex.IsMatch, which finds a match anywhere in the value: "dagl"
 * also matches "xdaglx".  A pattern is anchored when it starts with ^ or
 * \A (after inline options such as (?i)) and ends with an unescaped $ or
 * \z, and has no | outside a group (in ^a|b$ each anchor binds to one
 * alternative only).  An empty pattern matches every value and is
 * reported too (AX-V009 leaves it here).  Conditions pass the arguments
 * swapped and are AX-E009's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#include <stdio.h>

/* True when p[i] is preceded by an odd number of backslashes. */
static int escaped(const char *p, size_t i)
{
	size_t k = 0;

	while (i > k && p[i - k - 1] == '\\')
		k++;
	return k % 2 == 1;
}

/* True when the pattern has a '|' outside groups and classes. */
static int top_level_alternation(const char *p)
{
	int depth = 0, in_class = 0;
	size_t i;

	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] == '\\' && p[i + 1] != '\0') {
			i++;
			continue;
		}
		if (in_class) {
			if (p[i] == ']')
				in_class = 0;
			continue;
		}
		switch (p[i]) {
		case '[':
			in_class = 1;
			if (p[i + 1] == ']' || (p[i + 1] == '^' && p[i + 2] == ']'))
				i += p[i + 1] == ']' ? 1 : 2;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (depth > 0)
				depth--;
			break;
		case '|':
			if (depth == 0)
				return 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Length of leading inline options "(?imnsx-imnsx)", else 0. */
static size_t inline_options(const char *p)
{
	size_t i;

	if (p[0] != '(' || p[1] != '?')
		return 0;
	for (i = 2; p[i] != '\0' && strchr("imnsx-", p[i]) != NULL; i++)
		;
	return p[i] == ')' && i > 2 ? i + 1 : 0;
}

static int starts_anchored(const char *p)
{
	p += inline_options(p);
	return p[0] == '^' || (p[0] == '\\' && p[1] == 'A');
}

static int ends_anchored(const char *p)
{
	size_t n = strlen(p);

	if (n >= 1 && p[n - 1] == '$' && !escaped(p, n - 1))
		return 1;
	return n >= 2 && (p[n - 1] == 'z' || p[n - 1] == 'Z') &&
	       p[n - 2] == '\\' && !escaped(p, n - 2);
}

/* The anchored form of p into buf: inline options, ^, the pattern
 * without the anchors it has (in a group when it alternates), $; a plain
 * instruction when the pattern ends in a dangling backslash. */
static const char *anchored(const char *p, int alt, char *buf, size_t len)
{
	size_t o = inline_options(p), b = o, e = strlen(p);

	if (p[b] == '^')
		b++;
	else if (p[b] == '\\' && p[b + 1] == 'A')
		b += 2;
	if (e > b && ends_anchored(p))
		e -= p[e - 1] == '$' ? 1 : 2;
	if (e < b)
		e = b;
	if (e > b && p[e - 1] == '\\' && !escaped(p, e - 1))
		snprintf(buf, len, "a pattern that starts with ^ and ends with $");
	else
		snprintf(buf, len, "'%.*s^%s%.*s%s$'", (int)o, p,
			 alt ? "(?:" : "", (int)(e - b), p + b, alt ? ")" : "");
	return buf;
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const char *p;
	char buf[512];
	int start, end, alt;

	if (n->u.match.fn != AP_MATCH_FN_STRING_REGEXP ||
	    !ap_engine__match_evaluated(ctx, n))
		return;
	p = ap_engine__match_text(n);
	if (p[0] == '\0') {
		ap_lint_report(ctx, n,
			       "empty regular expression: it matches every "
			       "request value, so this Match constrains "
			       "nothing; write the pattern anchored, as "
			       "'^value$'");
		return;
	}
	start = starts_anchored(p);
	end = ends_anchored(p);
	alt = top_level_alternation(p);
	if (start && end && !alt)
		return;
	if (start && end)
		ap_lint_report(ctx, n,
			       "regular expression '%s' has an alternation "
			       "outside a group, so ^ and $ each anchor only "
			       "one alternative and the others match anywhere "
			       "in the request value; write %s", p,
			       anchored(p, alt, buf, sizeof(buf)));
	else
		ap_lint_report(ctx, n,
			       "regular expression '%s' is not anchored%s: "
			       "Altinn's PDP (.NET Regex.IsMatch) finds it "
			       "anywhere in the request value, so values that "
			       "merely contain a match are granted too; write "
			       "%s", p,
			       start ? " at the end" : end ? " at the start" : "",
			       anchored(p, alt, buf, sizeof(buf)));
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->u.match.fn != AP_MATCH_FN_STRING_REGEXP)
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	ap_engine__each_evaluated(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E015 = {
	.id = "AX-E015", .name = "regexp-not-anchored",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "string-regexp-match patterns match anywhere unless "
		   "anchored with ^...$",
	.source = "Xacml/AttributeMatcher.cs",
};
