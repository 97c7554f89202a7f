/*
 * AX-C008: a Permit rule that grants recipients both read (what they
 * need) and write (what senders need).  Least privilege: the migrated-
 * correspondence template gives recipients read and subscribe, and the
 * sender (the service owner's urn:altinn:org) write and subscribe, in
 * separate rules.
 * Subjects that are meant to have both are not counted as recipients:
 * DAGL, which the team profile requires to read, write and subscribe
 * (AX-C004), and urn:altinn:org (the service owner, a sender).  Rules
 * without action matches grant everything and are AX-X003's; rules without
 * subject matches AX-X002's.
 * Source: corpus ttd-migratedcorrespondence-4471-1 resourcepolicy.xml
 * (Altinn/altinn-authorization-tmp); spec xacml-altinn.md 3.4, 4.5.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"

#define ID_ORG "urn:altinn:org"

static const char *const read_write[] = {"read", "write"};

/* The first subject Match of the AllOf that is neither DAGL nor the
 * service owner, or NULL. */
static const struct ap_node *recipient(const struct ap_node *all)
{
	const struct ap_node *m, *d;
	const char *s;
	size_t len;

	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		d = m->u.match.designator;
		if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    d->u.designator.category != AP_CAT_SUBJECT ||
		    m->u.match.value == NULL)
			continue;
		s = ap_smell_trim(m->u.match.value->text, &len);
		if (ap_smell_eq_ci(s, len, "dagl") ||
		    ap_streq(d->u.designator.attribute_id, ID_ORG))
			continue;
		return m;
	}
	return NULL;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *all, *m = NULL;
	const struct ap_node *target = rule->u.rule.target;

	if (!ap_smell__policy_rule(rule) ||
	    ap_smell__count(rule, AP_CAT_ACTION) == 0 ||
	    ap_smell__count(rule, AP_CAT_SUBJECT) == 0 ||
	    ap_smell__matches_all(rule) ||
	    ap_smell__effect(rule) != AP_DECISION_PERMIT ||
	    ap_smell__admits_actions(rule, read_write, 2) != 3u)
		return;
	for (all = ap_coverage__next_allof(target, NULL); all && !m;
	     all = ap_coverage__next_allof(target, all))
		m = recipient(all);
	if (m == NULL)
		return;
	ap_lint_report(ctx, m,
		       "Permit rule '%s' grants '%s' both 'read' (what recipients need) and 'write' (what senders need): for least privilege give recipients read and subscribe, and senders write and subscribe, in separate rules",
		       ap_smell__rule_id(rule), m->u.match.value->text);
}

const struct ap_rule ap_rule_AX_C008 = {
	.id = "AX-C008",
	.name = "recipient-rule-grants-write",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE),
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "one rule grants recipients both read and write",
	.source = "ttd-migratedcorrespondence-4471-1 resourcepolicy.xml",
};
