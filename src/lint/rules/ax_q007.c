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
#include "lint/coverage.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

#include <ctype.h>
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

static int same_designator(const struct ap_node *da,
			   const struct ap_node *db)
{
	return da->u.designator.category == db->u.designator.category &&
	       da->u.designator.category_id && db->u.designator.category_id &&
	       strcmp(da->u.designator.category_id,
		      db->u.designator.category_id) == 0 &&
	       da->u.designator.attribute_id && db->u.designator.attribute_id &&
	       strcmp(da->u.designator.attribute_id,
		      db->u.designator.attribute_id) == 0;
}

static int same(const struct ap_node *a, const struct ap_node *b)
{
	const struct ap_node *da = designator(a), *db = designator(b);
	const struct ap_node *va, *vb;

	if (!da || !db || !same_designator(da, db) ||
	    !ap_streq(a->u.match.match_id,
		      b->u.match.match_id ? b->u.match.match_id : ""))
		return 0;
	va = a->u.match.value;
	vb = b->u.match.value;
	if (!ap_streq(va->u.value.data_type,
		      vb->u.value.data_type ? vb->u.value.data_type : ""))
		return 0;
	if (a->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC)
		return strcasecmp(va->text, vb->text) == 0;
	return strcmp(va->text, vb->text) == 0;
}

static uint64_t fnv(uint64_t h, const char *s, int fold)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		h = (h ^ (uint64_t)(fold ? tolower(*p) : *p)) *
		    UINT64_C(1099511628211);
	return h;
}

/* Order-independent hash of an AllOf's matches (for a quick compare). */
static uint64_t allof_hash(const struct ap_node *all, size_t *n)
{
	const struct ap_node *m, *d;
	uint64_t sum = 0, h;

	*n = 0;
	for (m = ap_node__child(all, AP_NODE_MATCH); m;
	     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
		(*n)++;
		d = designator(m);
		if (!d || !d->u.designator.attribute_id)
			continue;
		h = fnv(UINT64_C(14695981039346656037),
			d->u.designator.attribute_id, 0);
		sum += fnv(h, m->u.match.value->text, 1);
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
		for (n = ap_node__child(all, AP_NODE_MATCH); n != m;
		     n = ap_node__next_sibling(n, AP_NODE_MATCH))
			if (same(n, m)) {
				ap_lint_report(ctx, m,
					       "this Match repeats the one on line %u in the same AllOf: remove it",
					       n->line);
				break;
			}
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *rule)
{
	const struct ap_node *alls[MAX_ALLOFS], *target, *all;
	uint64_t hash[MAX_ALLOFS];
	size_t count[MAX_ALLOFS], k = 0, j;
	char what[300];

	if (!ap_smell__policy_rule(rule))
		return;
	target = rule->u.rule.target;
	for (all = ap_coverage__next_allof(target, NULL); all;
	     all = ap_coverage__next_allof(target, all)) {
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
