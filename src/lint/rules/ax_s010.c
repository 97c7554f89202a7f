/*
 * AX-S010: a Match has a non-empty MatchId and holds an AttributeValue
 * followed by one AttributeDesignator or AttributeSelector.
 *
 * Source: spec xacml-altinn.md 1.4 and 4.1.  XacmlParser.cs ReadMatch
 * throws "MatchId IsNullOrEmpty", then reads exactly one AttributeValue
 * and then one designator or selector; a value after the designator, a
 * missing part or an extra element fails.  Unknown elements inside a
 * Match are AX-S007's (a missing part is then not reported: the unknown
 * element is most likely a misspelling of it); whether the MatchId is a
 * function Altinn implements is AX-E004's.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

static int is_designator(const struct ap_node *c)
{
	return c->kind == AP_NODE_ATTRIBUTE_DESIGNATOR ||
	       c->kind == AP_NODE_ATTRIBUTE_SELECTOR;
}

/* Reports only when n is reached (*reach: the lazily computed
 * ap_structure__reached). */
static void check_children(struct ap_lint_ctx *ctx, const struct ap_node *n,
			   int *reach)
{
	const struct ap_node *c, *value = NULL, *desig = NULL;
	int unknown = 0;

	for (c = n->first_child; c != NULL; c = c->next) {
		unknown |= c->kind == AP_NODE_UNKNOWN;
		if (c->kind == AP_NODE_COMMENT || c->kind == AP_NODE_UNKNOWN)
			continue;
		if (c->kind == AP_NODE_ATTRIBUTE_VALUE && value == NULL) {
			value = c;
			if (desig != NULL && ap_structure__gate(ctx, n, reach))
				ap_lint_report(ctx, c,
					       "'AttributeValue' must come "
					       "before '%s' in 'Match': "
					       "Altinn's parser reads the "
					       "value first; swap them",
					       desig->name);
		} else if (is_designator(c) && desig == NULL) {
			desig = c;
		} else if (ap_structure__gate(ctx, n, reach)) {
			ap_lint_report(ctx, c,
				       "extra '%s' in 'Match': a Match holds "
				       "one AttributeValue and one "
				       "AttributeDesignator or "
				       "AttributeSelector; remove it", c->name);
		}
	}
	/* an unknown element (AX-S007) is most likely the missing part */
	if (unknown || (value != NULL && desig != NULL) ||
	    !ap_structure__gate(ctx, n, reach))
		return;
	if (value == NULL && desig == NULL)
		ap_lint_report(ctx, n,
			       "'Match' has no AttributeValue and no "
			       "AttributeDesignator: Altinn's parser requires "
			       "both; add them or remove the Match");
	else if (value == NULL)
		ap_lint_report(ctx, n,
			       "'Match' has no AttributeValue: Altinn's parser "
			       "requires one before the %s; add it", desig->name);
	else
		ap_lint_report(ctx, n,
			       "'Match' has no AttributeDesignator or "
			       "AttributeSelector: Altinn's parser requires one "
			       "after the AttributeValue; add an "
			       "AttributeDesignator");
}

/* True when n's elements (comments and unknown elements aside) are an
 * AttributeValue and then a designator: nothing for check_children. */
static int clean_children(const struct ap_node *n)
{
	const struct ap_node *c;
	int k = 0;

	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_COMMENT || c->kind == AP_NODE_UNKNOWN)
			continue;
		if (k == 0 && c->kind == AP_NODE_ATTRIBUTE_VALUE)
			k = 1;
		else if (k == 1 && is_designator(c))
			k = 2;
		else
			return 0;
	}
	return k == 2;
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	int reach = -1;

	/* u.match.match_id is the MatchId attribute */
	if (!ap_structure__has_value(n->u.match.match_id)) {
		if (!ap_structure__gate(ctx, n, &reach))
			return;
		ap_structure__require_value(ctx, n, n->u.match.match_id,
					    "MatchId",
					    "Altinn's parser requires it; set "
					    "MatchId=\"urn:oasis:names:tc:"
					    "xacml:1.0:function:string-equal\" "
					    "or another function");
	}
	check_children(ctx, n, &reach);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (ap_structure__has_value(n->u.match.match_id) && clean_children(n))
		return;
	check_slow(ctx, n);
}

const struct ap_rule ap_rule_AX_S010 = {
	.id = "AX-S010", .name = "match-structure",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_MATCH), .check = check, .check_doc = NULL,
	.summary = "Match needs a MatchId, an AttributeValue, then an "
		   "AttributeDesignator or AttributeSelector",
	.source = "XacmlParser.cs ReadMatch",
};
