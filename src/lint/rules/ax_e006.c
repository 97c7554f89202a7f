/*
 * AX-E006: a Match's Category is one of the three Altinn's PDP evaluates.
 *
 * Source: spec xacml-altinn.md 1.11 (point 1), 2.1 and 4.2.
 * XacmlRule.MatchAttributes (Altinn/altinn-authorization:src/
 * Altinn.Authorization.ABAC/Xacml/XacmlRule.cs) evaluates only the access-
 * subject, resource and action categories, compared as exact strings; a
 * Match in any other category (environment, or a typo such as a 3.0
 * subject category) is never evaluated: its constraint vanishes.  What
 * that does to the rule is said in the message: the AllOf is matched
 * without it (broader), the rule loses its only constraint of that
 * category (broader: every subject, for a subject typo), or the AllOf,
 * left with nothing Altinn evaluates, is skipped.  AX-X012 reports the
 * subject case again as a security finding.  A missing Category is
 * AX-S012's; Matches in the policy Target are AX-E011's.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#include <stdio.h>
#include <strings.h>

/* True when some Match under n (an AllOf or a Target) is in category cat
 * (any evaluated category when cat is AP_CAT_NONE). */
static int has_evaluated(const struct ap_node *n, enum ap_category cat)
{
	const struct ap_node *c, *d;

	if (n == NULL) /* a Rule without a Target constrains nothing */
		return 0;
	if (n->kind == AP_NODE_MATCH) {
		d = n->u.match.designator;
		return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
		       (cat == AP_CAT_NONE ?
			ap_ids_category_evaluated(d->u.designator.category) :
			d->u.designator.category == cat);
	}
	for (c = n->first_child; c != NULL; c = c->next)
		if ((c->kind == AP_NODE_ANY_OF || c->kind == AP_NODE_ALL_OF ||
		     c->kind == AP_NODE_MATCH) && has_evaluated(c, cat))
			return 1;
	return 0;
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator, *rule, *allof;
	const char *cat, *effect, *fix_id;
	enum ap_category want;
	char buf[160], fix[200];

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    (d->u.designator.category != AP_CAT_ENVIRONMENT &&
	     d->u.designator.category != AP_CAT_OTHER) ||
	    d->u.designator.category_id[0] == '\0') /* AX-S012 */
		return;
	rule = ap_engine__match_rule(ctx, n);
	if (rule == NULL)
		return;
	allof = n->parent;
	cat = d->u.designator.category_id;
	want = ap_ids_category_guess(cat);
	if (want != AP_CAT_NONE &&
	    !has_evaluated(rule->u.rule.target, want)) {
		snprintf(buf, sizeof(buf),
			 "the rule is left with no %s constraint and applies "
			 "to every %s, broader than written",
			 ap_ids_category_noun(want), ap_ids_category_noun(want));
		effect = buf;
	} else if (has_evaluated(allof, AP_CAT_NONE)) {
		effect = "the AllOf is matched without it, so the rule is "
			 "broader than written";
	} else if (want != AP_CAT_NONE) {
		snprintf(buf, sizeof(buf),
			 "this AllOf is left with nothing Altinn evaluates and "
			 "is skipped, so the rule does not match the %s it "
			 "names",
			 ap_ids_category_noun(want));
		effect = buf;
	} else {
		effect = "this AllOf is left with nothing Altinn evaluates and "
			 "is skipped";
	}
	if (want != AP_CAT_NONE) {
		fix_id = ap_ids_category_id(want);
		snprintf(fix, sizeof(fix),
			 strcasecmp(cat, fix_id) == 0 ?
			 "category ids are compared exactly; write '%s'" :
			 "did you mean '%s'?", fix_id);
	} else if (d->u.designator.category == AP_CAT_ENVIRONMENT) {
		snprintf(fix, sizeof(fix), "%s",
			 "Altinn sends no environment attributes; remove the "
			 "Match or express it with subject, resource or action "
			 "attributes");
	} else {
		snprintf(fix, sizeof(fix), "%s",
			 "use the access-subject, resource or action category");
	}
	ap_lint_report(ctx, d,
		       "category '%s' is never evaluated by Altinn's PDP, so "
		       "this Match's constraint vanishes: %s; %s", cat, effect,
		       fix);
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
	    (d->u.designator.category != AP_CAT_ENVIRONMENT &&
	     d->u.designator.category != AP_CAT_OTHER))
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	ap_engine__each_match(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E006 = {
	.id = "AX-E006", .name = "category-not-evaluated",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "Match Category must be access-subject, resource or action",
	.source = "Xacml/XacmlRule.cs",
};
