/*
 * AX-S001: the XML must be well-formed.
 *
 * Source: spec xacml-altinn.md 1.1, 1.12 and 4.1.  Altinn's parser reads
 * policies with .NET XmlReader, which refuses malformed XML and any DTD;
 * the resource registry answers such an upload with HTTP 500
 * (Altinn/altinn-resource-registry:src/Altinn.ResourceRegistry/
 * Controllers/ResourceController.cs).  The loader records these as
 * document problems; this rule reports every problem except the
 * informational encoding note and schema findings, and of the syntax
 * errors only the first: the parser recovers to build a partial model, and
 * what it reports after the first error is mostly a consequence of it
 * (XmlReader, like xmllint, stops at the first).
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	enum ap_severity sev = ap_lint_ctx_default_severity(ctx);
	size_t i, reported = 0;
	int syntax = 0;

	for (i = 0; i < doc->nproblems; i++) {
		const struct ap_problem *p = &doc->problems[i];

		if (!ap_structure__problem_is_fatal(p->kind))
			continue;
		/* errors after the first syntax error are mostly its echo */
		if (p->kind == AP_PROBLEM_NOT_WELL_FORMED && syntax++ > 0)
			continue;
		ap_lint_report_at(ctx, p->line, p->col, sev, "%s", p->message);
		reported++;
	}
	if (doc->root == NULL && reported == 0)
		ap_lint_report_at(ctx, 1, 1, sev,
				  "the file has no root element: a policy is "
				  "one <Policy> element");
}

const struct ap_rule ap_rule_AX_S001 = {
	.id = "AX-S001", .name = "not-well-formed",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = 0, .check = NULL, .check_doc = check_doc,
	.summary = "the file must be well-formed XML without DOCTYPE",
	.source = "ResourceController.cs; XacmlParser.cs (XmlReader)",
	.flags = AP_RULE_ON_BROKEN,
};
