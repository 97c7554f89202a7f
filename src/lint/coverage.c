/*
 * Rule coverage with Altinn's evaluator; see coverage.h for the reasoning.
 * Source: XacmlRule.cs MatchAttributes (per-category matching, spec
 * xacml-altinn.md 1.11), AttributeMatcher.cs (string-equal is ordinal,
 * string-equal-ignore-case ordinal ignoring case, spec 1.10).
 *
 * The candidates of a rule are built from its per-category clauses (the
 * model's by_cat: per category, the AllOfs that hold matches of it, in
 * document order), once per policy.  An alternative (one clause, as a
 * request) is shared by every rule that writes the same one (the model
 * interns ids and values, so equal alternatives have equal pointers), and
 * whether a rule matches it is evaluated once per policy: the answers are
 * kept as bit sets over the policy's rules.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "policy/ids.h"
#include "util/arena.h"

#include <strings.h>

#define NCAT 3           /* subject, resource, action */
#define NVARIANT 4       /* as written, lower, upper, mixed case */
#define MAX_ALTS 64      /* alternatives per category */
#define MAX_COMBOS 4096  /* candidate requests per rule */
#define NBUCKETS 32      /* hash tables (chained) */
#define STACK_WORDS 8    /* bit set words kept on the stack */
#define HCACHE 128       /* string hashes remembered by pointer */

static const enum ap_category cats[NCAT] = {
	AP_CAT_SUBJECT, AP_CAT_RESOURCE, AP_CAT_ACTION
};

/* Categories in the order they are tried: the subject is the most
 * selective, and the resource and action alternatives repeat across rules
 * (their answers are usually known already). */
static const int try_order[NCAT] = {0, 2, 1};

/* One candidate attribute (a Match of a clause). */
struct cattr {
	const char *id;
	const char *value;
	uint64_t hash;   /* key_hash of id and value */
	int ic;          /* string-equal-ignore-case */
	int required;    /* MustBePresent */
};

/*
 * One alternative of a category as a request (no attributes: the category
 * unconstrained), shared by the rules that write it.  known and val are
 * bit sets over the policy's rules: decided, and matched in every case
 * variant.
 */
struct alt {
	struct alt *next;  /* hash chain */
	uint64_t key;
	int k;             /* category index */
	int has_ic;        /* some value is case-insensitive */
	uint32_t nattrs;
	const struct cattr *attrs;
	struct ap_req_attr *req[NVARIANT]; /* [1..3] built when needed */
	uint64_t *known;
	uint64_t *val;
};

/*
 * Rules whose clauses of one category are the same (same matches in the
 * same clauses) answer every request alike there: one of them is asked
 * for all.  members is a bit set over the policy's rules.
 */
struct group {
	struct group *next; /* hash chain */
	uint64_t key;
	int k;
	const struct rule_info *rep;
	uint64_t *members;
};

/* What the index knows of one rule. */
struct rule_info {
	const struct ap_node *rule;
	unsigned char can_cover; /* has a Target with AnyOf and no Condition */
	unsigned char bad;       /* a Match the analysis cannot describe */
	/* per category: a Match (or a selector) only the evaluator can
	 * answer for */
	unsigned char cat_bad[NCAT];
	/* per category: 1 when any request may match (no Match of the
	 * category, or one the filter cannot describe) */
	unsigned char open[NCAT];
	/* per category: the evaluator answers alike for every case variant
	 * of a value (only case-insensitive matches, or a constant answer) */
	unsigned char invariant[NCAT];
	signed char state;       /* 0 not analysed, 1 analysable, -1 not */
	signed char self_ok;     /* -1 not known yet */
	struct cattr *attrs[NCAT]; /* the clauses' matches, in order */
	/* per category: 1 + the last clause with a MustBePresent match (0
	 * when none) */
	uint32_t req_end[NCAT];
	uint32_t nalt[NCAT];
	/* nalt entries (one: the empty one), made when first needed */
	struct alt **alts[NCAT];
	uint32_t *aoff[NCAT];      /* where each clause starts in attrs */
	const struct group *group[NCAT];
};

struct ap_coverage {
	struct ap_arena arena;
	int nomem;          /* an allocation failed: answers are incomplete */
	const struct ap_node *policy;
	struct rule_info *rules;
	size_t n;
	size_t words;       /* of a bit set over the rules */
	size_t ncan;        /* rules that can cover */
	uint64_t *can;      /* the set of them */
	struct alt *empty[NCAT];
	struct alt **buckets; /* alternatives by key */
	size_t amask;
	struct group *gbuckets[NBUCKETS];
	/* per category: the rules any request may match there (no Match of
	 * the category, or one the postings cannot describe) */
	uint64_t *open[NCAT];
	struct posting **ptab[NCAT];
	size_t pmask[NCAT];
	struct {
		const char *s;
		uint64_t h;
	} hcache[HCACHE];   /* str_hash by pointer (ids and values repeat) */
};

const struct ap_node *ap_coverage__next_allof(const struct ap_node *target,
					     const struct ap_node *all)
{
	const struct ap_node *any, *next;

	if (all != NULL) {
		next = ap_node__next_sibling(all, AP_NODE_ALL_OF);
		if (next != NULL)
			return next;
		any = ap_node__next_sibling(all->parent, AP_NODE_ANY_OF);
	} else {
		any = target ? ap_node__child(target, AP_NODE_ANY_OF) : NULL;
	}
	for (; any != NULL; any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
		if ((next = ap_node__child(any, AP_NODE_ALL_OF)) != NULL)
			return next;
	return NULL;
}

/* The Match is equality on a string value (what candidates are made of,
 * and what the filter can describe). */
static int usable(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;
	const struct ap_node *v = m->u.match.value;

	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
	       d->u.designator.attribute_id != NULL && v != NULL &&
	       v->u.value.is_string &&
	       (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL ||
		m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC);
}

#define FOLD UINT64_C(0x2020202020202020)

/* A hash of s that strings equal ignoring ASCII case share (bit 0x20 set
 * in every byte): the length and the first and last eight bytes. */
static uint64_t str_hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t a = 0, b = 0;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else {
		memcpy(&a, s, n);
	}
	a |= FOLD;
	b |= FOLD;
	return (a * UINT64_C(0x9e3779b97f4a7c15)) ^
	       ((b ^ n) * UINT64_C(0xc2b2ae3d27d4eb4f));
}

/* str_hash, remembered by pointer. */
static uint64_t str_hash_c(struct ap_coverage *c, const char *s)
{
	size_t slot = ((uintptr_t)s >> 3) % HCACHE;

	if (c->hcache[slot].s != s) {
		c->hcache[slot].s = s;
		c->hcache[slot].h = str_hash(s);
	}
	return c->hcache[slot].h;
}

/* Hash of attribute id and value, alike for every value a match could
 * accept (the filter's key). */
static uint64_t key_hash(struct ap_coverage *c, const char *id,
			 const char *value)
{
	uint64_t h = str_hash_c(c, id) * UINT64_C(0xff51afd7ed558ccd) ^
		     str_hash_c(c, value);

	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 29;
	return h;
}

/*
 * The rules that may match an attribute, by key_hash: whoever has a Match
 * with that hash in the category (a clause all of whose matches match
 * has a match whose id and value the request holds, and strings equal
 * ignoring case hash alike).
 */
struct posting {
	struct posting *next;
	uint64_t hash;
	uint64_t *rules;
};

static int post(struct ap_coverage *c, int k, uint64_t hash, size_t index)
{
	struct posting **b = &c->ptab[k][hash & c->pmask[k]], *p;

	for (p = *b; p; p = p->next)
		if (p->hash == hash)
			break;
	if (p == NULL) {
		p = ap_arena_alloc(&c->arena, sizeof(*p) +
				   c->words * sizeof(*p->rules));
		if (p == NULL)
			return AP_ENOMEM;
		p->rules = (uint64_t *)(void *)(p + 1);
		memset(p->rules, 0, c->words * sizeof(*p->rules));
		p->hash = hash;
		p->next = *b;
		*b = p;
	}
	p->rules[index / 64] |= UINT64_C(1) << (index % 64);
	return AP_OK;
}

static const struct posting *posting(const struct ap_coverage *c, int k,
				     uint64_t hash)
{
	const struct posting *p;

	for (p = c->ptab[k][hash & c->pmask[k]]; p; p = p->next)
		if (p->hash == hash)
			return p;
	return NULL;
}

/* MustBePresent, as the evaluator reads it. */
static int required(const struct ap_node *d)
{
	const char *mbp = d->u.designator.must_be_present;

	return mbp != NULL &&
	       ((mbp[0] == 't' && strcmp(mbp, "true") == 0) ||
		(mbp[0] == '1' && mbp[1] == '\0'));
}

/* Are category k's clauses of rules a and b (both without matches only
 * the evaluator can answer for) the same? */
static int same_clauses(const struct rule_info *a, const struct rule_info *b,
			int k)
{
	const struct ap_rule_clauses *x = &a->rule->u.rule.by_cat[k];
	const struct ap_rule_clauses *y = &b->rule->u.rule.by_cat[k];
	const struct cattr *p = a->attrs[k], *q = b->attrs[k];
	uint32_t i, j;

	if (x->count != y->count)
		return 0;
	for (i = 0; i < x->count; i++)
		if (x->clauses[i].count != y->clauses[i].count)
			return 0;
	for (i = 0; i < x->count; i++)
		for (j = 0; j < x->clauses[i].count; j++, p++, q++)
			if (p->id != q->id || p->value != q->value ||
			    p->ic != q->ic || p->required != q->required)
				return 0;
	return 1;
}

/* Puts rule ri (at position index, one that can cover) in its group of
 * category k; key: a hash of its clauses there. */
static int join_group(struct ap_coverage *c, struct rule_info *ri,
		      size_t index, int k, uint64_t key)
{
	struct group *g = NULL;
	size_t b = key % NBUCKETS;

	if (!ri->cat_bad[k])
		for (g = c->gbuckets[b]; g; g = g->next)
			if (g->key == key && g->k == k && !g->rep->cat_bad[k] &&
			    same_clauses(g->rep, ri, k))
				break;
	if (g == NULL) {
		g = ap_arena_alloc(&c->arena, sizeof(*g) +
				   c->words * sizeof(*g->members));
		if (g == NULL)
			return AP_ENOMEM;
		g->members = (uint64_t *)(void *)(g + 1);
		memset(g->members, 0, c->words * sizeof(*g->members));
		g->key = key;
		g->k = k;
		g->rep = ri;
		g->next = c->gbuckets[b];
		c->gbuckets[b] = g;
	}
	g->members[index / 64] |= UINT64_C(1) << (index % 64);
	ri->group[k] = g;
	return AP_OK;
}

/* Indexes one rule: its clauses' matches, filters, flags and groups. */
static int index_rule(struct ap_coverage *c, struct rule_info *ri,
		      const struct ap_node *rule, size_t index)
{
	const struct ap_node *target = rule->u.rule.target, *ch;
	int k;

	ri->rule = rule;
	ri->self_ok = -1;
	if (rule->u.rule.condition != NULL || target == NULL)
		return AP_OK;
	for (ch = target->first_child; ch; ch = ch->next)
		if (ch->kind == AP_NODE_ANY_OF)
			break;
	if (ch == NULL)
		return AP_OK;
	ri->can_cover = 1;
	if (rule->u.rule.has_selector)
		ri->bad = 1;
	for (k = 0; k < NCAT; k++) {
		const struct ap_rule_clauses *bc = &rule->u.rule.by_cat[k];
		uint64_t key = UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(k + 1);
		uint32_t i, j, n = 0;
		int ic_only = 1;
		struct cattr *a;

		ri->cat_bad[k] = (unsigned char)rule->u.rule.has_selector;
		if (bc->count == 0) {
			ri->open[k] = 1;
			ri->invariant[k] = 1;
			c->open[k][index / 64] |= UINT64_C(1) << (index % 64);
			if (join_group(c, ri, index, k, key) != AP_OK)
				return AP_ENOMEM;
			continue;
		}
		for (i = 0; i < bc->count; i++)
			n += bc->clauses[i].count;
		a = ap_arena_alloc(&c->arena, n * sizeof(*a));
		if (a == NULL)
			return AP_ENOMEM;
		ri->attrs[k] = a;
		for (i = 0; i < bc->count; i++) {
			key = (key ^ bc->clauses[i].count) * UINT64_C(1099511628211);
			for (j = 0; j < bc->clauses[i].count; j++, a++) {
				const struct ap_node *m = bc->clauses[i].matches[j];

				if (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL_IC)
					ic_only = 0;
				if (!usable(m)) {
					ri->open[k] = 1;
					ri->bad = 1;
					ri->cat_bad[k] = 1;
					memset(a, 0, sizeof(*a));
					continue;
				}
				a->id = m->u.match.designator->u.designator.attribute_id;
				a->value = m->u.match.value->text;
				a->ic = m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC;
				a->required = required(m->u.match.designator);
				if (a->required)
					ri->req_end[k] = i + 1;
				a->hash = key_hash(c, a->id, a->value);
				if (post(c, k, a->hash, index) != AP_OK)
					return AP_ENOMEM;
				key = (key ^ a->hash ^ (uint64_t)a->ic ^
				       ((uint64_t)a->required << 1)) *
				      UINT64_C(1099511628211);
			}
		}
		/* a selector makes every answer an error */
		ri->invariant[k] = (unsigned char)(ic_only || rule->u.rule.has_selector);
		if (ri->open[k])
			c->open[k][index / 64] |= UINT64_C(1) << (index % 64);
		if (join_group(c, ri, index, k, key) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}

int ap_coverage__new(struct ap_coverage **out, const struct ap_node *policy)
{
	struct ap_coverage *c;
	const struct ap_node *rule;
	size_t i = 0, nclauses = 0, asize = 8;
	int k;

	*out = NULL;
	c = ap_calloc(1, sizeof(*c));
	if (c == NULL)
		return AP_ENOMEM;
	c->policy = policy;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		c->n++;
	c->words = (c->n + 63) / 64;
	if (c->words == 0)
		c->words = 1;
	c->rules = ap_arena_calloc(&c->arena, (c->n ? c->n : 1) * sizeof(*c->rules));
	c->can = ap_arena_calloc(&c->arena, c->words * sizeof(*c->can));
	if (c->rules == NULL || c->can == NULL)
		goto oom;
	for (k = 0; k < NCAT; k++) {
		size_t nm = 0, size = 8;

		for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
		     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
			nm += rule->u.rule.by_cat[k].count;
		nclauses += nm;
		while (size < 2 * nm)
			size *= 2;
		c->pmask[k] = size - 1;
		c->ptab[k] = ap_arena_calloc(&c->arena, size * sizeof(*c->ptab[k]));
		c->open[k] = ap_arena_calloc(&c->arena, c->words * sizeof(*c->open[k]));
		if (c->ptab[k] == NULL || c->open[k] == NULL)
			goto oom;
	}
	while (asize < nclauses)
		asize *= 2;
	c->amask = asize - 1;
	c->buckets = ap_arena_calloc(&c->arena, asize * sizeof(*c->buckets));
	if (c->buckets == NULL)
		goto oom;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE), i++) {
		if (index_rule(c, &c->rules[i], rule, i) != AP_OK)
			goto oom;
		if (c->rules[i].can_cover) {
			c->ncan++;
			c->can[i / 64] |= UINT64_C(1) << (i % 64);
		}
	}
	*out = c;
	return AP_OK;
oom:
	ap_arena_release(&c->arena);
	ap_free(c);
	return AP_ENOMEM;
}

void ap_coverage__free(struct ap_coverage *c)
{
	if (c == NULL)
		return;
	ap_arena_release(&c->arena);
	ap_free(c);
}

static struct alt *new_alt(struct ap_coverage *c, int k, uint64_t key,
			   const struct cattr *attrs, uint32_t n)
{
	size_t bits = 2 * c->words * sizeof(uint64_t);
	char *p = ap_arena_alloc(&c->arena, sizeof(struct alt) + bits +
				 n * sizeof(struct ap_req_attr));
	struct alt *a = (struct alt *)(void *)p;
	struct ap_req_attr *req;
	uint32_t j;

	if (p == NULL)
		return NULL;
	memset(a, 0, sizeof(*a) + bits);
	a->known = (uint64_t *)(void *)(p + sizeof(*a));
	a->val = a->known + c->words;
	req = n ? (struct ap_req_attr *)(void *)(p + sizeof(*a) + bits) : NULL;
	a->key = key;
	a->k = k;
	a->attrs = attrs;
	a->nattrs = n;
	a->req[0] = req;
	/* the rules that cannot match it are decided already */
	memcpy(a->val, c->open[k], c->words * sizeof(*a->val));
	for (j = 0; j < n; j++) {
		const struct posting *pst = posting(c, k, attrs[j].hash);
		size_t w;

		req[j].category = cats[k];
		req[j].id = attrs[j].id;
		req[j].value = attrs[j].value;
		req[j].data_type = NULL;
		if (attrs[j].ic)
			a->has_ic = 1;
		if (pst)
			for (w = 0; w < c->words; w++)
				a->val[w] |= pst->rules[w];
	}
	for (j = 0; j < c->words; j++) {
		a->known[j] = ~a->val[j];
		a->val[j] = 0;
	}
	return a;
}

/* The shared alternative of category k made of attrs[0..n), or NULL when
 * out of memory. */
static struct alt *intern_alt(struct ap_coverage *c, int k,
			      const struct cattr *attrs, uint32_t n)
{
	uint64_t key = (uint64_t)k * UINT64_C(0x9e3779b97f4a7c15);
	struct alt *a;
	uint32_t j;

	if (n == 0) {
		if (c->empty[k] == NULL)
			c->empty[k] = new_alt(c, k, 0, NULL, 0);
		return c->empty[k];
	}
	for (j = 0; j < n; j++)
		key = (key ^ attrs[j].hash ^ (uint64_t)attrs[j].ic) *
		      UINT64_C(1099511628211);
	for (a = c->buckets[key & c->amask]; a; a = a->next) {
		if (a->key != key || a->k != k || a->nattrs != n)
			continue;
		for (j = 0; j < n; j++)
			if (a->attrs[j].id != attrs[j].id ||
			    a->attrs[j].value != attrs[j].value ||
			    a->attrs[j].ic != attrs[j].ic)
				break;
		if (j == n)
			return a;
	}
	a = new_alt(c, k, key, attrs, n);
	if (a == NULL)
		return NULL;
	a->next = c->buckets[key & c->amask];
	c->buckets[key & c->amask] = a;
	return a;
}

/* Does every Match of the rule's Target have an AttributeDesignator? */
static int all_designators(const struct ap_node *target)
{
	const struct ap_node *any, *all, *m;

	for (any = target->first_child; any; any = any->next) {
		if (any->kind != AP_NODE_ANY_OF)
			continue;
		for (all = any->first_child; all; all = all->next) {
			if (all->kind != AP_NODE_ALL_OF)
				continue;
			for (m = all->first_child; m; m = m->next)
				if (m->kind == AP_NODE_MATCH &&
				    (m->u.match.designator == NULL ||
				     m->u.match.designator->kind !=
				     AP_NODE_ATTRIBUTE_DESIGNATOR))
					return 0;
		}
	}
	return 1;
}

/*
 * Makes the candidates of the judged rule, once: 1 when it can be
 * analysed, 0 when not (a Condition, no Target, a Match that is not
 * equality on a string, a selector, too many alternatives), -1 when out
 * of memory.
 */
static int analyse(struct ap_coverage *c, struct rule_info *ri)
{
	const struct ap_node *rule = ri->rule;
	size_t combos = 1;
	int k;

	if (ri->state != 0)
		return ri->state > 0;
	ri->state = -1;
	if (!ri->can_cover || ri->bad ||
	    !all_designators(rule->u.rule.target))
		return 0;
	for (k = 0; k < NCAT; k++) {
		uint32_t n = rule->u.rule.by_cat[k].count;

		if (n > MAX_ALTS)
			return 0;
		combos *= n ? n : 1;
		if (combos > MAX_COMBOS)
			return 0;
	}
	for (k = 0; k < NCAT; k++) {
		const struct ap_rule_clauses *bc = &rule->u.rule.by_cat[k];
		uint32_t i, n = bc->count ? bc->count : 1, at = 0;

		ri->alts[k] = ap_arena_calloc(&c->arena, n * sizeof(*ri->alts[k]));
		ri->aoff[k] = ap_arena_alloc(&c->arena, n * sizeof(*ri->aoff[k]));
		if (ri->alts[k] == NULL || ri->aoff[k] == NULL) {
			c->nomem = 1;
			return -1;
		}
		ri->nalt[k] = bc->count;
		for (i = 0; i < bc->count; i++) {
			ri->aoff[k][i] = at;
			at += bc->clauses[i].count;
		}
	}
	ri->state = 1;
	return 1;
}

/* Alternative i of category k of the analysed rule ri (NULL when out of
 * memory). */
static struct alt *get_alt(struct ap_coverage *c, struct rule_info *ri,
			   int k, size_t i)
{
	struct alt *a = ri->alts[k][i];

	if (a != NULL)
		return a;
	if (ri->nalt[k] == 0)
		a = intern_alt(c, k, NULL, 0);
	else
		a = intern_alt(c, k, ri->attrs[k] + ri->aoff[k][i],
			       ri->rule->u.rule.by_cat[k].clauses[i].count);
	ri->alts[k][i] = a;
	return a;
}

/* Writes case variant which (1 lower, 2 upper, 3 mixed) of s at out. */
static const char *variant(const char *s, int which, char *out)
{
	char *q = out;
	size_t letter = 0;

	for (; *s; s++, q++) {
		unsigned char ch = (unsigned char)*s;

		if ((unsigned)((ch | 32u) - 'a') < 26u) {
			int up = which == 2 || (which == 3 && letter % 2 == 0);

			*q = (char)(up ? (ch & ~32u) : (ch | 32u));
			letter++;
		} else {
			*q = (char)ch;
		}
	}
	*q = '\0';
	return out;
}

/* The requests of the case variants of a (values of case-insensitive
 * matches in lower, upper and mixed case).  0 when out of memory. */
static int make_variants(struct ap_coverage *c, struct alt *a)
{
	uint32_t j;
	int v;

	for (v = 1; v < NVARIANT; v++) {
		a->req[v] = ap_arena_alloc(&c->arena, a->nattrs * sizeof(*a->req[v]));
		if (a->req[v] == NULL)
			return 0;
		memcpy(a->req[v], a->req[0], a->nattrs * sizeof(*a->req[v]));
	}
	for (j = 0; j < a->nattrs; j++) {
		const char *text = a->attrs[j].value;
		size_t len;
		char *buf;

		if (!a->attrs[j].ic)
			continue;
		len = strlen(text) + 1;
		buf = ap_arena_alloc(&c->arena, (NVARIANT - 1) * len);
		if (buf == NULL)
			return 0;
		for (v = 1; v < NVARIANT; v++)
			a->req[v][j].value =
				variant(text, v, buf + (size_t)(v - 1) * len);
	}
	return 1;
}

/*
 * What the evaluator answers for category k of a rule whose matches there
 * are all equality on strings (ri->bad clear), for one request
 * (ap_eval__rule_category, XacmlRule.cs; AttributeMatcher.cs: ordinal, or
 * ordinal ignoring case): a clause all of whose matches find an attribute
 * with the same id and an equal value matches, unless a later clause has
 * a MustBePresent match whose attribute the request lacks.  Nothing there
 * can raise an error.
 */
static int direct_match(const struct rule_info *ri, int k,
			const struct ap_req_attr *req, uint32_t n)
{
	const struct ap_rule_clauses *bc = &ri->rule->u.rule.by_cat[k];
	const struct cattr *m = ri->attrs[k];
	uint32_t i, j, x;
	int result = 0;

	if (bc->count == 0)
		return 1;
	for (i = 0; i < bc->count; m += bc->clauses[i].count, i++) {
		uint32_t cnt = bc->clauses[i].count;
		int all = 1;

		for (j = 0; j < cnt; j++) {
			int present = 0, found = 0;

			for (x = 0; x < n; x++) {
				const struct ap_req_attr *a = &req[x];

				if (a->id != m[j].id && strcmp(a->id, m[j].id) != 0)
					continue;
				present = 1;
				if (a->value == m[j].value ||
				    (m[j].ic ? strcasecmp(m[j].value, a->value)
					     : strcmp(m[j].value, a->value)) == 0) {
					found = 1;
					break;
				}
			}
			if (found)
				continue;
			all = 0;
			if (!present && m[j].required)
				result = 0; /* AP_TARGET_MISSING */
			if (i >= ri->req_end[k])
				break; /* no MustBePresent from here on */
		}
		if (all) {
			if (i + 1 >= ri->req_end[k])
				return 1; /* nothing later can undo it */
			result = 1;
		}
	}
	return result;
}

/* Does category k of the rule ri match request req[0..n)? */
static int category_matches(const struct rule_info *ri, int k,
			    const struct ap_req_attr *req, uint32_t n)
{
	struct ap_request r;

	if (!ri->cat_bad[k])
		return direct_match(ri, k, req, n);
	r.attrs = req;
	r.count = n;
	return ap_eval__rule_category(ri->rule, cats[k], &r) == AP_TARGET_MATCH;
}

/*
 * Does category a->k of rule ri match alternative a in every case
 * variant?  -1 when out of memory.
 */
static int alt_matches(struct ap_coverage *c, const struct rule_info *ri,
		       struct alt *a)
{
	int v;

	if (!category_matches(ri, a->k, a->req[0], a->nattrs))
		return 0;
	if (a->nattrs == 0 || !a->has_ic || ri->invariant[a->k])
		return 1;
	if (a->req[1] == NULL && !make_variants(c, a))
		return -1;
	for (v = 1; v < NVARIANT; v++)
		if (!category_matches(ri, a->k, a->req[v], a->nattrs))
			return 0;
	return 1;
}

/* Decides, for the rules in need not yet decided, whether they match a
 * (asking one rule of each group).  0, or -1 when out of memory. */
static int decide_alt(struct ap_coverage *c, struct alt *a,
		      const uint64_t *need)
{
	size_t w, v;

	for (w = 0; w < c->words; w++) {
		uint64_t todo = need[w] & ~a->known[w];

		while (todo) {
			size_t o = w * 64 + (size_t)__builtin_ctzll(todo);
			const struct group *g = c->rules[o].group[a->k];
			int yes = alt_matches(c, g->rep, a);
			if (yes < 0)
				return -1;
			for (v = 0; v < c->words; v++) {
				a->known[v] |= g->members[v];
				if (yes)
					a->val[v] |= g->members[v];
			}
			todo &= ~a->known[w];
		}
	}
	return 0;
}

/* set &= a's matches (deciding them); 1 when anything is left, 0 when
 * nothing, -1 when out of memory. */
static int narrow(struct ap_coverage *c, struct alt *a, uint64_t *set)
{
	uint64_t any = 0;
	size_t w;

	if (a == NULL || decide_alt(c, a, set) < 0) {
		c->nomem = 1;
		return -1;
	}
	for (w = 0; w < c->words; w++)
		any |= (set[w] &= a->val[w]);
	return any != 0;
}

static int has_bit(const uint64_t *set, size_t i)
{
	return (set[i / 64] >> (i % 64)) & 1u;
}

/* Lowest rule in set, or (size_t)-1. */
static size_t lowest(const struct ap_coverage *c, const uint64_t *set)
{
	size_t w;

	for (w = 0; w < c->words; w++)
		if (set[w])
			return w * 64 + (size_t)__builtin_ctzll(set[w]);
	return (size_t)-1;
}

static size_t nalts(const struct rule_info *ri, int k)
{
	return ri->nalt[k] ? ri->nalt[k] : 1;
}

/*
 * Every candidate matched by some accepted rule (the set acc)?  Candidates
 * are taken in order and each is tried first against the rule that
 * matched the last one, then the others in order, so a rule that covers
 * everything is found after one pass, and the first uncovered candidate
 * ends the search.  *by: see coverage.h.  tmp has room for a bit set.
 */
static enum ap_cover decide(struct ap_coverage *c, struct rule_info *ri,
			    const uint64_t *acc, uint64_t *tmp,
			    const struct ap_node **by)
{
	size_t last = lowest(c, acc), idx[NCAT], o;
	int j, r;

	for (idx[0] = 0; idx[0] < nalts(ri, 0); idx[0]++)
		for (idx[1] = 0; idx[1] < nalts(ri, 1); idx[1]++)
			for (idx[2] = 0; idx[2] < nalts(ri, 2); idx[2]++) {
				memcpy(tmp, acc, c->words * sizeof(*tmp));
				for (j = 0; j < NCAT; j++) {
					int k = try_order[j];

					r = narrow(c, get_alt(c, ri, k, idx[k]), tmp);
					if (r < 0)
						return AP_COVER_UNKNOWN;
					if (r == 0)
						return AP_COVER_NOT;
				}
				if (!has_bit(tmp, last))
					last = lowest(c, tmp);
			}
	if (by) {
		*by = NULL;
		memcpy(tmp, acc, c->words * sizeof(*tmp));
		for (j = 0; j < NCAT; j++) {
			int k = try_order[j];
			size_t i;

			for (i = 0; i < nalts(ri, k); i++)
				if (narrow(c, get_alt(c, ri, k, i), tmp) < 0)
					return AP_COVER_UNKNOWN;
		}
		o = has_bit(tmp, last) ? last : lowest(c, tmp);
		if (o != (size_t)-1)
			*by = c->rules[o].rule;
	}
	return AP_COVER_FULL;
}

/* Does the rule match its own candidates (a MustBePresent elsewhere in
 * the rule can stop it)?  Decided once. */
static int self_ok(struct ap_coverage *c, struct rule_info *ri)
{
	size_t i;
	int k, r;

	if (ri->self_ok >= 0)
		return ri->self_ok;
	for (k = 0; k < NCAT; k++)
		for (i = 0; i < nalts(ri, k); i++) {
			struct alt *a = get_alt(c, ri, k, i);

			r = a ? alt_matches(c, ri, a) : -1;
			if (r <= 0)
				return ri->self_ok = 0;
		}
	return ri->self_ok = 1;
}

size_t ap_coverage__words(const struct ap_coverage *c)
{
	return c->words;
}

int ap_coverage__nomem(const struct ap_coverage *c)
{
	return c != NULL && c->nomem;
}

enum ap_cover ap_coverage__rule(struct ap_coverage *c, size_t index,
				const uint64_t *accept,
				const struct ap_node **by)
{
	uint64_t stack[2 * STACK_WORDS], *acc, *tmp, any = 0;
	struct rule_info *ri;
	enum ap_cover ret;
	size_t w;

	if (by)
		*by = NULL;
	if (index >= c->n)
		return AP_COVER_UNKNOWN;
	ri = &c->rules[index];
	if (analyse(c, ri) <= 0)
		return AP_COVER_UNKNOWN;
	if (c->ncan < 2) /* the rule itself can cover */
		return AP_COVER_NOT;
	if (c->words <= STACK_WORDS) {
		acc = stack;
	} else {
		acc = ap_malloc(2 * c->words * sizeof(*acc));
		if (acc == NULL) {
			c->nomem = 1;
			return AP_COVER_UNKNOWN;
		}
	}
	tmp = acc + c->words;
	for (w = 0; w < c->words; w++)
		acc[w] = accept[w] & c->can[w];
	acc[index / 64] &= ~(UINT64_C(1) << (index % 64));
	for (w = 0; w < c->words; w++)
		any |= acc[w];
	ret = any ? decide(c, ri, acc, tmp, by) : AP_COVER_NOT;
	/* the rule itself must match its own candidates */
	if (ret == AP_COVER_FULL && !self_ok(c, ri)) {
		ret = AP_COVER_UNKNOWN;
		if (by)
			*by = NULL;
	}
	if (acc != stack)
		ap_free(acc);
	return ret;
}
