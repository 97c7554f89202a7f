/*
 * AX-Q007: the same match repeated within one rule: an AllOf identical to
 * an earlier AllOf of the same rule (same matches: category, attribute id,
 * function and value, the value ignoring case under
 * string-equal-ignore-case), or the same match twice inside one AllOf.
 * Altinn's result is the same without the repetition; it is noise that
 * hides what the rule says.
 * Not run on delegation policies (access management writes them).
 * Source: spec xacml-altinn.md 1.11 (matching), 4.7.
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

#include <stdio.h>
#include <strings.h>

#define MAX_ALLOFS 256

static const char *const cat_names[] = {
	[AP_CAT_NONE] = "", [AP_CAT_SUBJECT] = "subject",
	[AP_CAT_RESOURCE] = "resource", [AP_CAT_ACTION] = "action",
	[AP_CAT_ENVIRONMENT] = "environment", [AP_CAT_OTHER] = "",
};

static const struct ap_node *designator(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;

	return d && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
	       m->u.match.value ? d : NULL;
}

static int streq_p(const char *x, const char *y)
{
	return x == y || strcmp(x, y) == 0;
}

/* Same category, attribute id, function and value (ignoring case under
 * string-equal-ignore-case), and the same Category, MatchId and DataType
 * as written; the cheap tests first. */
static int same(const struct ap_node *a, const struct ap_node *b)
{
	const struct ap_node *da = designator(a), *db = designator(b);
	const struct ap_node *va, *vb;

	if (!da || !db ||
	    da->u.designator.category != db->u.designator.category ||
	    !da->u.designator.attribute_id || !db->u.designator.attribute_id ||
	    !streq_p(da->u.designator.attribute_id,
		     db->u.designator.attribute_id))
		return 0;
	va = a->u.match.value;
	vb = b->u.match.value;
	if (va->text != vb->text &&
	    (a->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC
	     ? strcasecmp(va->text, vb->text) : strcmp(va->text, vb->text)) != 0)
		return 0;
	return da->u.designator.category_id && db->u.designator.category_id &&
	       streq_p(da->u.designator.category_id,
		       db->u.designator.category_id) &&
	       a->u.match.match_id &&
	       streq_p(a->u.match.match_id,
		       b->u.match.match_id ? b->u.match.match_id : "") &&
	       va->u.value.data_type &&
	       streq_p(va->u.value.data_type,
		       vb->u.value.data_type ? vb->u.value.data_type : "");
}

/*
 * Order-independent key of an AllOf's matches (for a quick compare):
 * matches that are the same (same function, values equal or equal
 * ignoring case) give the same key, from what the model holds without a
 * scan: category, function, the value's length and its first and last
 * bytes with ASCII case folded.
 */
static uint64_t allof_hash(const struct ap_node *all, size_t *n)
{
	const struct ap_node *m, *d;
	uint64_t sum = 0;

	*n = 0;
	for (m = all->first_child; m; m = m->next) {
		const struct ap_node *v;
		uint64_t h;
		uint32_t len;

		if (m->kind != AP_NODE_MATCH)
			continue;
		(*n)++;
		d = designator(m);
		if (!d || !d->u.designator.attribute_id)
			continue;
		v = m->u.match.value;
		len = v->text_len;
		h = ((uint64_t)d->u.designator.category << 56) ^
		    ((uint64_t)(unsigned)m->u.match.fn << 48) ^ len;
		if (len > 0)
			h ^= ((uint64_t)((unsigned char)v->text[0] | 0x20u) << 32) ^
			     ((uint64_t)((unsigned char)v->text[len - 1] | 0x20u) << 40);
		sum += h * UINT64_C(0x9e3779b97f4a7c15);
	}
	return sum;
}

/* Every match of a has a same match in b, and the counts agree. */
static int same_allof(const struct ap_node *a, const struct ap_node *b)
{
	const struct ap_node *m, *n;

	for (m = ap_node__child(a, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		for (n = ap_node__child(b, AP_NODE_MATCH); n;
		     n = ap_node__next_sibling(n, AP_NODE_MATCH))
			if (same(m, n))
				break;
		if (n == NULL)
			return 0;
	}
	for (n = ap_node__child(b, AP_NODE_MATCH); n;
	     n = ap_node__next_sibling(n, AP_NODE_MATCH)) {
		for (m = ap_node__child(a, AP_NODE_MATCH); m;
		     m = ap_node__next_sibling(m, AP_NODE_MATCH))
			if (same(m, n))
				break;
		if (m == NULL)
			return 0;
	}
	return 1;
}

static void describe(const struct ap_node *all, char *buf, size_t len)
{
	const struct ap_node *m = ap_node__child(all, AP_NODE_MATCH);
	const struct ap_node *d = m ? designator(m) : NULL;

	if (d == NULL) {
		snprintf(buf, len, "AllOf");
		return;
	}
	snprintf(buf, len, "%s%smatch '%s' = '%s'",
		 cat_names[d->u.designator.category],
		 cat_names[d->u.designator.category][0] ? " " : "",
		 d->u.designator.attribute_id ? d->u.designator.attribute_id : "",
		 m->u.match.value->text);
}

/* The same match twice inside one AllOf. */
static void check_inside(struct ap_lint_ctx *ctx, const struct ap_node *all)
{
	const struct ap_node *m, *n;

	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH))
		for (n = all->first_child; n != m; n = n->next)
			if (n->kind == AP_NODE_MATCH && same(n, m)) {
				ap_lint_report(ctx, m,
					       "this Match repeats the one on line %u in the same AllOf: remove it",
					       n->line);
				break;
			}
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *alls[MAX_ALLOFS], *target, *any, *all;
	uint64_t hash[MAX_ALLOFS];
	size_t count[MAX_ALLOFS], k = 0, j;
	char what[300];

	if (!ap_smell__policy_rule(rule) ||
	    (target = rule->u.rule.target) == NULL)
		return;
	for (any = target->first_child; any; any = any->next) {
		if (any->kind != AP_NODE_ANY_OF)
			continue;
		for (all = any->first_child; all; all = all->next) {
			if (all->kind != AP_NODE_ALL_OF)
				continue;
			check_inside(ctx, all);
			if (k == MAX_ALLOFS)
				continue;
			hash[k] = allof_hash(all, &count[k]);
			for (j = 0; j < k; j++)
				if (hash[j] == hash[k] && count[j] == count[k] &&
				    same_allof(alls[j], all))
					break;
			if (j == k) {
				alls[k++] = all;
				continue;
			}
			/* later repetitions are compared with the first */
			describe(all, what, sizeof(what));
			ap_lint_report(ctx, all,
				       "this AllOf (%s) repeats the one on line %u of rule '%s': remove it",
				       what, alls[j]->line, ap_smell__rule_id(rule));
		}
	}
}

const struct ap_rule ap_rule_AX_Q007 = {
	.id = "AX-Q007",
	.name = "repeated-match",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.visits = AP_VISIT(AP_NODE_RULE),
	.check = check,
	.summary = "the same match is repeated within one rule",
	.source = "spec xacml-altinn.md 4.7",
};
