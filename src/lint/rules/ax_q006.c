/*
 * AX-Q006: constructs Studio's policy editor cannot round-trip.  Studio
 * converts the policy into its own model when it opens it and writes the
 * XACML anew when it saves (PolicyConverter.cs): every rule becomes
 * Permit; Conditions are not read; match values are written as
 * XMLSchema#string; MatchIds are not read (subjects and actions are
 * written with string-equal-ignore-case, resources with string-equal);
 * each subject match becomes a subject of its own; an attribute id and
 * value are joined with ':' and split again at the last ':'; only the two
 * authentication-level obligations are kept.
 *
 * Reported: Deny rules, Conditions, match values not typed string,
 * MatchIds other than string-equal and string-equal-ignore-case,
 * string-equal-ignore-case on a resource (written back case-sensitive),
 * subject AllOfs of several subject matches (each becomes enough on its
 * own), subject and resource values containing ':' (split wrongly; an
 * access-list value is split at the second-to-last colon and is fine), and
 * policy obligations that are not authentication levels.  Each kind once
 * per file, at its first occurrence, with the count: the finding is about
 * the file, and a flood would hide it.
 * Not run on delegation policies (never edited in Studio).
 * Source: Altinn/altinn-studio src/Designer/backend/PolicyAdmin/
 * PolicyConverter.cs; spec xacml-altinn.md 3.1, 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

enum kind {
	K_DENY, K_CONDITION, K_DATATYPE, K_MATCHID, K_RESOURCE_IC,
	K_SUBJECT_ALLOF, K_COLON, K_OBLIGATION, K_COUNT
};

struct seen {
	const struct ap_node *first[K_COUNT];
	size_t count[K_COUNT];
};

static void note(struct seen *s, enum kind k, const struct ap_node *n)
{
	if (s->count[k]++ == 0)
		s->first[k] = n;
}

static void scan_match(struct seen *s, const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;
	const struct ap_node *v = m->u.match.value;
	enum ap_category cat;
	const char *id;

	if (d == NULL || v == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR)
		return;
	cat = d->u.designator.category;
	if (cat != AP_CAT_SUBJECT && cat != AP_CAT_RESOURCE &&
	    cat != AP_CAT_ACTION)
		return; /* dropped by Studio, and by Altinn: AX-E006 */
	if (!v->u.value.is_string)
		note(s, K_DATATYPE, v);
	if (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL &&
	    m->u.match.fn != AP_MATCH_FN_STRING_EQUAL_IC)
		note(s, K_MATCHID, m);
	else if (cat == AP_CAT_RESOURCE &&
		 m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC)
		note(s, K_RESOURCE_IC, m);
	id = d->u.designator.attribute_id;
	if (cat != AP_CAT_ACTION && strchr(v->text, ':') != NULL &&
	    !(cat == AP_CAT_SUBJECT && ap_streq(id, "urn:altinn:access-list") &&
	      strchr(strchr(v->text, ':') + 1, ':') == NULL))
		note(s, K_COLON, v);
}

static void scan_rule(struct seen *s, const struct ap_node *rule)
{
	const struct ap_node *target = rule->u.rule.target, *any, *all, *m, *d;
	size_t subjects;

	if (ap_smell__effect(rule) == AP_DECISION_DENY)
		note(s, K_DENY, rule);
	if (rule->u.rule.condition)
		note(s, K_CONDITION, rule->u.rule.condition);
	if (target == NULL)
		return;
	for (any = target->first_child; any; any = any->next) {
		if (any->kind != AP_NODE_ANY_OF)
			continue;
		for (all = any->first_child; all; all = all->next) {
			if (all->kind != AP_NODE_ALL_OF)
				continue;
			subjects = 0;
			for (m = all->first_child; m; m = m->next) {
				if (m->kind != AP_NODE_MATCH)
					continue;
				scan_match(s, m);
				d = m->u.match.designator;
				if (d && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
				    d->u.designator.category == AP_CAT_SUBJECT)
					subjects++;
			}
			if (subjects > 1)
				note(s, K_SUBJECT_ALLOF, all);
		}
	}
}

/* Does Studio keep the ObligationExpression (an authentication level, or
 * an assignment without Category, which is AX-X010's)? */
static int kept(const struct ap_node *o)
{
	const struct ap_node *a;
	const char *cat;
	const enum ap_node_kind aae = AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION;

	for (a = ap_node__child(o, aae); a; a = ap_node__next_sibling(a, aae)) {
		cat = ap_node_attr(a, "Category");
		if (cat == NULL || ap_streq(cat, AP_SMELL_CAT_AUTHLEVEL) ||
		    ap_streq(cat, AP_SMELL_CAT_AUTHLEVEL_ORG))
			return 1;
	}
	return 0;
}

static void scan_obligations(struct seen *s, const struct ap_node *policy)
{
	const struct ap_node *os, *o;

	os = ap_node__child(policy, AP_NODE_OBLIGATION_EXPRESSIONS);
	if (os == NULL)
		return;
	for (o = ap_node__child(os, AP_NODE_OBLIGATION_EXPRESSION); o;
	     o = ap_node__next_sibling(o, AP_NODE_OBLIGATION_EXPRESSION))
		if (!kept(o))
			note(s, K_OBLIGATION, o);
}

static const char *const what[K_COUNT] = {
	[K_DENY] = "Studio rewrites this Deny rule as Permit when the policy is opened and saved in its policy editor",
	[K_CONDITION] = "Studio drops this Condition when the policy is opened and saved in its policy editor, and the rule then applies without it",
	[K_DATATYPE] = "Studio writes this value typed XMLSchema#string when the policy is opened and saved in its policy editor",
	[K_MATCHID] = "Studio replaces this MatchId with string-equal or string-equal-ignore-case when the policy is opened and saved in its policy editor, which changes what the match accepts",
	[K_RESOURCE_IC] = "Studio writes this resource match back with case-sensitive string-equal when the policy is opened and saved in its policy editor",
	[K_SUBJECT_ALLOF] = "Studio turns each match of this subject AllOf (all required together) into a subject of its own, any one of them enough, when the policy is opened and saved in its policy editor",
	[K_COLON] = "Studio joins attribute id and value with ':' and splits them again at the last ':', so this value containing ':' comes back wrong when the policy is opened and saved in its policy editor",
	[K_OBLIGATION] = "Studio keeps only the two authentication-level obligations, so this ObligationExpression is lost when the policy is opened and saved in its policy editor",
};

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *rule;
	struct seen s;
	int k;

	(void)doc;
	if (policy == NULL)
		return;
	memset(&s, 0, sizeof(s));
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		scan_rule(&s, rule);
	scan_obligations(&s, policy);
	for (k = 0; k < K_COUNT; k++) {
		if (s.count[k] == 0)
			continue;
		if (s.count[k] == 1)
			ap_lint_report(ctx, s.first[k], "%s; keep the file out of the editor, or express it the way Studio does", what[k]);
		else
			ap_lint_report(ctx, s.first[k], "%s (and %zu more like it in this file); keep the file out of the editor, or express it the way Studio does",
				       what[k], s.count[k] - 1);
	}
}

const struct ap_rule ap_rule_AX_Q006 = {
	.id = "AX-Q006",
	.name = "studio-round-trip",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "constructs Studio's policy editor rewrites or drops when it saves",
	.source = "PolicyConverter.cs",
};
