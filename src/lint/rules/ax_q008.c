/*
 * AX-Q008: problems with inline suppression comments: a directive that
 * silences nothing (info), names no rule (warning), targets no element
 * (warning), or gives no reason when --require-reason is on (warning).
 * Source: the suppression convention of this tool (docs/rules/AX-Q008.md),
 * after ESLint's reportUnusedDisableDirectives and Regal's ignore
 * directives (spec peers-ux.md).
 */
#include "internal.h"
#include "lint/rule.h"
#include "lint/suppress.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_suppressions *s = ap_lint_ctx_suppressions(ctx);
	size_t i;

	(void)doc;
	if (s == NULL)
		return;
	for (i = 0; i < s->count; i++) {
		const struct ap_suppression *d = &s->items[i];

		if (d->unknown[0])
			ap_lint_report_sev(ctx, d->comment, AP_SEV_WARNING,
					   "suppression names no rule '%s': see 'altinn-policy rules' for the ids",
					   d->unknown);
		else if (d->nids == 0)
			ap_lint_report_sev(ctx, d->comment, AP_SEV_WARNING,
					   "suppression names no rule: write the rule ids to silence after the directive");
		else if (d->no_target)
			ap_lint_report_sev(ctx, d->comment, AP_SEV_WARNING,
					   "disable-next-line has no element after it to silence");
		else if (!d->used)
			ap_lint_report(ctx, d->comment,
				       "suppression of %s%s silences nothing: remove it",
				       d->ids[0], d->nids > 1 ? " and others" : "");
		if (!d->has_reason && ap_lint_ctx_options(ctx)->require_reason)
			ap_lint_report_sev(ctx, d->comment, AP_SEV_WARNING,
					   "suppression gives no reason (--require-reason): add '- why' after the rule ids");
	}
}

const struct ap_rule ap_rule_AX_Q008 = {
	.id = "AX-Q008",
	.name = "suppression-problem",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILES_ALL,
	.check_doc = check,
	.flags = AP_RULE_AFTER_SUPPRESSION,
	.summary = "an inline suppression silences nothing, names no rule or lacks a reason",
	.source = "this tool's suppression comments (docs/rules/AX-Q008.md)",
};
