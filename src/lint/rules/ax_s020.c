/*
 * AX-S020: the policy file is UTF-8.
 *
 * Source: spec xacml-altinn.md 4.1.  Altinn's parser honours the XML
 * declaration, so a Latin-1 or UTF-16 policy is read correctly; but
 * Altinn Studio's v8-to-v9 upgrade decodes policy.xml as strict UTF-8 and,
 * when that fails, skips its policy migration and asks for manual action
 * (Altinn/altinn-studio:src/cli/studioctl-server/Studioctl/Upgrade/v8Tov9/
 * PolicyMigration/ServiceOwnerPolicyMigrator.cs).  The loader records a
 * file it had to transcode, or whose declaration names another encoding,
 * as an AP_PROBLEM_ENCODING; this rule reports it, and says whether the
 * bytes would still decode as UTF-8 (a pure-ASCII file declared
 * ISO-8859-1 does, until someone adds a non-ASCII character).  Files
 * written by access management (delegation profile) never pass through
 * Studio: there the message does not mention it.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#include <stdio.h>
#include <strings.h>

/* True when the n bytes at s decode as strict UTF-8 (no overlong forms,
 * surrogates or code points above U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	uint32_t cp;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1fu;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0fu;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07u;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

/* The encoding the file names or shows, into buf; "" when unknown. */
static void encoding_name(const struct ap_doc *doc, char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)doc->source;
	size_t n = doc->source_len, i, j;
	const char *d, *end, *q;

	buf[0] = '\0';
	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
		       (s[0] == 0xfe && s[1] == 0xff) ||
		       (s[0] == '<' && s[1] == 0) || (s[0] == 0 && s[1] == '<'))) {
		snprintf(buf, len, "UTF-16");
		return;
	}
	if (n < 5 || memcmp(s, "<?xml", 5) != 0)
		return;
	d = doc->source;
	end = memchr(d, '>', n < 512 ? n : 512);
	if (end == NULL)
		return;
	for (q = d; q + 8 < end; q++) {
		if (memcmp(q, "encoding", 8) != 0)
			continue;
		for (i = (size_t)(q - d) + 8; i < (size_t)(end - d) &&
		     (d[i] == ' ' || d[i] == '=' || d[i] == '\t'); i++)
			;
		if (i >= (size_t)(end - d) || (d[i] != '"' && d[i] != '\''))
			return;
		for (j = i + 1; j < (size_t)(end - d) && d[j] != d[i]; j++)
			;
		snprintf(buf, len, "%.*s", (int)(j - i - 1), d + i + 1);
		return;
	}
}

static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	int studio = ap_lint_ctx_profile(ctx) != AP_PROFILE_DELEGATION;
	enum ap_severity sev = ap_lint_ctx_default_severity(ctx);
	const struct ap_problem *p = NULL;
	char enc[64];
	size_t i;

	for (i = 0; i < doc->nproblems && p == NULL; i++)
		if (doc->problems[i].kind == AP_PROBLEM_ENCODING)
			p = &doc->problems[i];
	if (p == NULL)
		return;
	encoding_name(doc, enc, sizeof(enc));
	if (enc[0] && strcasecmp(enc, "UTF-16") != 0 &&
	    valid_utf8((const unsigned char *)doc->source, doc->source_len))
		ap_lint_report_at(ctx, p->line, p->col, sev,
				  "the file declares encoding '%s': its bytes "
				  "are still valid UTF-8, but a non-ASCII "
				  "character saved in '%s' would not be%s; "
				  "declare encoding=\"utf-8\"", enc, enc,
				  studio ? ", and Altinn Studio's v8-to-v9 "
					   "upgrade would skip this policy" : "");
	else
		ap_lint_report_at(ctx, p->line, p->col, sev,
				  "the file is %s%s%s not UTF-8: Altinn reads "
				  "it, but %s; convert the file to UTF-8 and "
				  "declare encoding=\"utf-8\"",
				  enc[0] ? "encoded as '" : "", enc,
				  enc[0] ? "'," : "",
				  studio ? "Altinn Studio's v8-to-v9 upgrade "
					   "skips policies that are not valid "
					   "UTF-8 and asks for manual action" :
					   "tools that expect UTF-8 do not");
}

const struct ap_rule ap_rule_AX_S020 = {
	.id = "AX-S020", .name = "not-utf8",
	.severity = AP_SEV_INFO, .profiles = AP_PROFILES_ALL,
	.visits = 0, .check = NULL, .check_doc = check_doc,
	.summary = "the policy file is UTF-8",
	.source = "Studioctl Upgrade/v8Tov9/PolicyMigration/"
		  "ServiceOwnerPolicyMigrator.cs",
};
