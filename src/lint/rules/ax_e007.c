/*
 * AX-E007: MustBePresent="true" on a Match's AttributeDesignator.
 *
 * Source: spec xacml-altinn.md 1.11 (point 7) and 4.2.  When the
 * attribute is absent from the request, XacmlRule.cs reports it missing
 * and PolicyDecisionPoint.cs answers Indeterminate: always for resource
 * and action matches; for subject matches the released PDP answers
 * Indeterminate at once while the current one marks only that rule
 * Indeterminate and lets the combining algorithm decide.  Every Altinn PEP
 * treats Indeterminate as no access, so one rule can block what others
 * grant to callers without the attribute (a system user has no role
 * codes, for instance).  XmlConvert.ToBoolean reads "true" and "1" (white
 * space allowed) as true; other spellings are AX-S013's.  Matches Altinn
 * never evaluates (AX-E006, AX-E008) are skipped.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static int is_true(const char *s)
{
	size_t n;

	if (s == NULL || s[0] == 'f') /* "false", as Studio writes it */
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return (n == 4 && strncmp(s, "true", 4) == 0) ||
	       (n == 1 && s[0] == '1');
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;
	const char *id;

	if (d == NULL || !is_true(d->u.designator.must_be_present) ||
	    !ap_engine__match_evaluated(ctx, n))
		return;
	id = d->u.designator.attribute_id ? d->u.designator.attribute_id : "";
	if (d->u.designator.category == AP_CAT_SUBJECT)
		ap_lint_report(ctx, d,
			       "MustBePresent=\"%s\" on subject attribute "
			       "'%s': a caller without it gets Indeterminate (no "
			       "access) from the released PDP even when another "
			       "rule permits it, and the current PDP makes this "
			       "rule Indeterminate for it; use "
			       "MustBePresent=\"false\"",
			       d->u.designator.must_be_present, id);
	else
		ap_lint_report(ctx, d,
			       "MustBePresent=\"%s\" on %s attribute '%s': a "
			       "request without it gets Indeterminate (no "
			       "access) even when another rule permits it; use "
			       "MustBePresent=\"false\"",
			       d->u.designator.must_be_present,
			       ap_ids_category_noun(d->u.designator.category),
			       id);
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;

	if (d == NULL || !is_true(d->u.designator.must_be_present))
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	ap_engine__each_evaluated(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E007 = {
	.id = "AX-E007", .name = "must-be-present-true",
	.severity = AP_SEV_WARNING, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "MustBePresent=\"true\" makes requests without the "
		   "attribute Indeterminate",
	.source = "Xacml/XacmlRule.cs; PolicyDecisionPoint.cs",
};
