/*
 * AX-X012: a subject match in a category Altinn never evaluates (e.g.
 * urn:oasis:names:tc:xacml:3.0:subject-category:access-subject, or
 * another XACML subject category) that opens a Permit rule up.  Altinn
 * evaluates only the access-subject category, so the constraint is
 * dropped (XacmlRule.cs).  Reported when that leaves the rule without any
 * subject constraint (open to everyone), or when the match shares its
 * AllOf with access-subject matches (the AllOf admits more than written).
 * When other AllOfs still constrain the subject, the dropped match only
 * takes access away, and AX-E006 alone reports the wrong category (it
 * reports every wrong category as an error; this is the security view).
 * Source: spec xacml-altinn.md 1.11 point 1, 4.6; Altinn XacmlRule.cs.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

static int is_designator(const struct ap_node *d)
{
	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR;
}

/* Does the AllOf hold an access-subject match? */
static int has_subject(const struct ap_node *all)
{
	const struct ap_node *m, *d;

	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		d = m->u.match.designator;
		if (is_designator(d) &&
		    d->u.designator.category == AP_CAT_SUBJECT)
			return 1;
	}
	return 0;
}

static void check_allof(struct ap_lint_ctx *ctx, const struct ap_node *rule,
			const struct ap_node *all, int open)
{
	const struct ap_node *m, *d;
	int shares = has_subject(all);
	const char *id;

	if (!open && !shares)
		return; /* only takes access away: AX-E006 */
	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		d = m->u.match.designator;
		if (!is_designator(d) || !ap_smell__subject_like_category(d))
			continue;
		id = d->u.designator.attribute_id;
		ap_lint_report(ctx, d,
			       "the match on '%s' has Category '%s', which Altinn never evaluates, so %s '%s' %s; use Category '" AP_ID_CAT_SUBJECT "'",
			       id ? id : "", d->u.designator.category_id,
			       open ? "Permit rule" : "this AllOf of Permit rule",
			       ap_smell__rule_id(rule),
			       open ? "has no subject constraint left and is open to everyone"
				    : "admits more subjects than written");
	}
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *all;
	struct ap_smell_shape sh;
	int open;

	if (!ap_smell__policy_rule(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT)
		return;
	ap_smell__shape(rule, &sh);
	if (sh.subject_like == NULL)
		return;
	open = sh.n_cat[AP_CAT_SUBJECT] == 0 && rule->u.rule.condition == NULL;
	for (all = ap_coverage__next_allof(sh.target, NULL); all;
	     all = ap_coverage__next_allof(sh.target, all))
		check_allof(ctx, rule, all, open);
}

const struct ap_rule ap_rule_AX_X012 = {
	.id = "AX-X012",
	.name = "subject-category-dropped",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "a subject match in a category Altinn never evaluates opens the rule up",
	.source = "XacmlRule.cs",
};
