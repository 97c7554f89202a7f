/*
 * Rule coverage with Altinn's evaluator; see coverage.h for the reasoning.
 * Source: XacmlRule.cs MatchAttributes (per-category matching, spec
 * xacml-altinn.md 1.11), AttributeMatcher.cs (string-equal is ordinal,
 * string-equal-ignore-case ordinal ignoring case, spec 1.10).
 */
#include "internal.h"
#include "lint/coverage.h"
#include "policy/ids.h"

#include <ctype.h>

#define NCAT 3           /* subject, resource, action */
#define NVARIANT 4       /* as written, lower, upper, mixed case */
#define MAX_ALTS 64      /* alternatives per category (bits of a mask) */
#define MAX_COMBOS 4096  /* candidate requests per rule */
#define BLOOM_WORDS 4    /* 256-bit filters */

static const enum ap_category cats[NCAT] = {
	AP_CAT_SUBJECT, AP_CAT_RESOURCE, AP_CAT_ACTION
};

/* Categories in the order they are tried: most selective first. */
static const int try_order[NCAT] = {2, 1, 0};

/*
 * Answers already found for a rule and category, by the signature of the
 * alternative asked about (attribute ids, values as written, case
 * sensitivity): policies repeat the same resource, action and role
 * alternatives across rules, and each is evaluated once.  Open addressing;
 * key 0 is free.
 */
struct memo {
	uint64_t *keys;
	unsigned char *vals;
	size_t n, cap;
};

/* What the index knows of one rule. */
struct rule_info {
	const struct ap_node *rule;
	int can_cover;        /* has a Target with AnyOf and no Condition */
	/* per category: 1 when any request may match (no Match of the
	 * category, or one the filter cannot describe) */
	unsigned char open[NCAT];
	uint64_t bloom[NCAT][BLOOM_WORDS];
	struct memo memo[NCAT];
};

struct ap_coverage {
	const struct ap_node *policy;
	struct rule_info *rules;
	size_t n;
};

struct alts {
	size_t n;                 /* alternatives; 0: category unconstrained */
	size_t off[MAX_ALTS + 1]; /* attrs[off[i]] .. attrs[off[i + 1]] */
};

/* Scratch state of one ap_coverage__rule call. */
struct cover {
	struct ap_req_attr *attrs[NVARIANT];
	uint64_t *hashes;        /* per attribute: key hash */
	char **slot;             /* per attribute: variant space, or NULL */
	uint64_t ready[NCAT];    /* alternatives prepared (hashes, variants) */
	uint64_t has_ic[NCAT];   /* alternatives with a case-insensitive value */
	uint64_t sig[NCAT][MAX_ALTS]; /* alternative signatures, 0: not yet */
	char *buf;
	size_t nattrs;
	struct alts alts[NCAT];
	struct rule_info **others;
	size_t nothers;
	uint64_t (*known)[NCAT]; /* per other: alternatives decided */
	uint64_t (*val)[NCAT];   /* per other: ... and matched */
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

static int cat_index(enum ap_category c)
{
	switch (c) {
	case AP_CAT_SUBJECT: return 0;
	case AP_CAT_RESOURCE: return 1;
	case AP_CAT_ACTION: return 2;
	default: return -1;
	}
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

/* FNV-1a of attribute id and value, ignoring ASCII case (so that every
 * value a match could accept hashes alike). */
static uint64_t key_hash(const char *id, const char *value)
{
	uint64_t h = UINT64_C(14695981039346656037);
	const unsigned char *p;

	for (p = (const unsigned char *)id; *p; p++)
		h = (h ^ (uint64_t)tolower(*p)) * UINT64_C(1099511628211);
	h = (h ^ 0xffu) * UINT64_C(1099511628211);
	for (p = (const unsigned char *)value; *p; p++)
		h = (h ^ (uint64_t)tolower(*p)) * UINT64_C(1099511628211);
	return h;
}

static void bloom_add(uint64_t *bloom, uint64_t h)
{
	unsigned a = (unsigned)(h & 255u), b = (unsigned)((h >> 8) & 255u);

	bloom[a >> 6] |= UINT64_C(1) << (a & 63u);
	bloom[b >> 6] |= UINT64_C(1) << (b & 63u);
}

static int bloom_has(const uint64_t *bloom, uint64_t h)
{
	unsigned a = (unsigned)(h & 255u), b = (unsigned)((h >> 8) & 255u);

	return ((bloom[a >> 6] >> (a & 63u)) & 1u) &&
	       ((bloom[b >> 6] >> (b & 63u)) & 1u);
}

/* Adds one Match of an indexed rule to its filter. */
static void index_match(struct rule_info *ri, const struct ap_node *m,
			size_t *count)
{
	const struct ap_node *d = m->u.match.designator;
	int k;

	if (d == NULL || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR) {
		/* the evaluator decides what this does */
		memset(ri->open, 1, sizeof(ri->open));
		return;
	}
	k = cat_index(d->u.designator.category);
	if (k < 0)
		return;
	count[k]++;
	if (!usable(m))
		ri->open[k] = 1;
	else
		bloom_add(ri->bloom[k], key_hash(d->u.designator.attribute_id,
						 m->u.match.value->text));
}

static void index_rule(struct rule_info *ri, const struct ap_node *rule)
{
	const struct ap_node *target = rule->u.rule.target, *all, *m;
	size_t count[NCAT] = {0, 0, 0};
	int k;

	ri->rule = rule;
	ri->can_cover = rule->u.rule.condition == NULL && target != NULL &&
			ap_node__child(target, AP_NODE_ANY_OF) != NULL;
	if (!ri->can_cover)
		return;
	for (all = ap_coverage__next_allof(target, NULL); all;
	     all = ap_coverage__next_allof(target, all))
		for (m = ap_node__child(all, AP_NODE_MATCH); m;
		     m = ap_node__next_sibling(m, AP_NODE_MATCH))
			index_match(ri, m, count);
	for (k = 0; k < NCAT; k++)
		if (count[k] == 0)
			ri->open[k] = 1;
}

int ap_coverage__new(struct ap_coverage **out, const struct ap_node *policy)
{
	struct ap_coverage *c;
	const struct ap_node *rule;
	size_t i = 0;

	*out = NULL;
	c = ap_calloc(1, sizeof(*c));
	if (c == NULL)
		return AP_ENOMEM;
	c->policy = policy;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		c->n++;
	c->rules = ap_calloc(c->n ? c->n : 1, sizeof(*c->rules));
	if (c->rules == NULL) {
		ap_free(c);
		return AP_ENOMEM;
	}
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE))
		index_rule(&c->rules[i++], rule);
	*out = c;
	return AP_OK;
}

void ap_coverage__free(struct ap_coverage *c)
{
	size_t i;
	int k;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		for (k = 0; k < NCAT; k++) {
			ap_free(c->rules[i].memo[k].keys);
			ap_free(c->rules[i].memo[k].vals);
		}
	ap_free(c->rules);
	ap_free(c);
}

/* The remembered answer for key (0 or 1), or -1. */
static int memo_get(const struct memo *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = (size_t)key & (m->cap - 1); m->keys[i] != 0;
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return -1;
}

/* Remembers an answer; out of memory only forgets. */
static void memo_put(struct memo *m, uint64_t key, int val)
{
	size_t i, j;

	if (m->n + 1 > m->cap / 2) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		uint64_t *keys = ap_calloc(cap, sizeof(*keys));
		unsigned char *vals = ap_calloc(cap, 1);

		if (keys == NULL || vals == NULL) {
			ap_free(keys);
			ap_free(vals);
			return;
		}
		for (i = 0; i < m->cap; i++) {
			if (m->keys[i] == 0)
				continue;
			for (j = (size_t)m->keys[i] & (cap - 1); keys[j] != 0;
			     j = (j + 1) & (cap - 1))
				;
			keys[j] = m->keys[i];
			vals[j] = m->vals[i];
		}
		ap_free(m->keys);
		ap_free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = cap;
	}
	for (i = (size_t)key & (m->cap - 1); m->keys[i] != 0;
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return;
	m->keys[i] = key;
	m->vals[i] = (unsigned char)val;
	m->n++;
}

/*
 * First pass over the judged rule: checks it can be analysed and counts
 * attributes, alternatives and string bytes.  Returns 0 when it cannot.
 */
static int measure(const struct ap_node *rule, struct cover *cv, size_t *bytes)
{
	const struct ap_node *target = rule->u.rule.target, *all, *m;

	if (rule->u.rule.condition != NULL || target == NULL ||
	    ap_node__child(target, AP_NODE_ANY_OF) == NULL)
		return 0;
	for (all = ap_coverage__next_allof(target, NULL); all;
	     all = ap_coverage__next_allof(target, all)) {
		int seen[NCAT] = {0, 0, 0}, k;

		for (m = ap_node__child(all, AP_NODE_MATCH); m;
		     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
			const struct ap_node *d = m->u.match.designator;

			if (d == NULL ||
			    d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR)
				return 0; /* malformed, or a selector */
			k = cat_index(d->u.designator.category);
			if (k < 0)
				continue; /* never evaluated by Altinn */
			if (!usable(m))
				return 0;
			seen[k] = 1;
			cv->nattrs++;
			if (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC)
				*bytes += (NVARIANT - 1) *
					  (strlen(m->u.match.value->text) + 1);
		}
		for (k = 0; k < NCAT; k++)
			if (seen[k] && ++cv->alts[k].n > MAX_ALTS)
				return 0;
	}
	return 1;
}

/* Writes case variant which (1 lower, 2 upper, 3 mixed) of s at out. */
static const char *variant(const char *s, int which, char *out)
{
	char *q = out;
	size_t letter = 0;

	for (; *s; s++, q++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80 && isalpha(c)) {
			int up = which == 2 || (which == 3 && letter % 2 == 0);

			*q = (char)(up ? toupper(c) : tolower(c));
			letter++;
		} else {
			*q = (char)c;
		}
	}
	*q = '\0';
	return out;
}

/* Records Match m (of category k) as candidate attribute n, as written;
 * the case variants and the hash come later (prepare). */
static void fill_one(struct cover *cv, const struct ap_node *m, int k,
		     size_t n, char **p)
{
	const struct ap_node *d = m->u.match.designator;
	const char *text = m->u.match.value->text;
	int v;

	for (v = 0; v < NVARIANT; v++) {
		struct ap_req_attr *a = &cv->attrs[v][n];

		a->category = cats[k];
		a->id = d->u.designator.attribute_id;
		a->data_type = NULL;
		a->value = text;
	}
	cv->slot[n] = NULL;
	if (m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC) {
		cv->slot[n] = *p;
		*p += (NVARIANT - 1) * (strlen(text) + 1);
	}
}

/* Second pass: the candidate attributes, alternative by alternative. */
static void fill(const struct ap_node *rule, struct cover *cv)
{
	const struct ap_node *target = rule->u.rule.target, *all, *m;
	char *p = cv->buf;
	size_t n = 0, j;
	int k;

	for (k = 0; k < NCAT; k++) {
		size_t alt = 0;

		for (all = ap_coverage__next_allof(target, NULL); all;
		     all = ap_coverage__next_allof(target, all)) {
			size_t start = n;

			for (m = ap_node__child(all, AP_NODE_MATCH); m;
			     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
				const struct ap_node *d = m->u.match.designator;

				if (d->u.designator.category == cats[k])
					fill_one(cv, m, k, n++, &p);
			}
			if (n == start)
				continue;
			for (j = start; j < n; j++)
				if (cv->slot[j] != NULL)
					cv->has_ic[k] |= UINT64_C(1) << alt;
			cv->alts[k].off[alt++] = start;
		}
		cv->alts[k].off[alt] = n;
	}
}

/* Hashes and case variants of alternative i of category k, once. */
static void prepare(struct cover *cv, int k, size_t i)
{
	uint64_t bit = UINT64_C(1) << i;
	size_t j;
	int v;

	if (cv->alts[k].n == 0 || (cv->ready[k] & bit))
		return;
	cv->ready[k] |= bit;
	for (j = cv->alts[k].off[i]; j < cv->alts[k].off[i + 1]; j++) {
		const char *text = cv->attrs[0][j].value;
		size_t len = strlen(text) + 1;

		cv->hashes[j] = key_hash(cv->attrs[0][j].id, text);
		if (cv->slot[j] == NULL)
			continue;
		for (v = 1; v < NVARIANT; v++)
			cv->attrs[v][j].value =
				variant(text, v, cv->slot[j] + (size_t)(v - 1) * len);
	}
}

static size_t nalts(const struct cover *cv, int k)
{
	return cv->alts[k].n ? cv->alts[k].n : 1;
}

/* The memo key of alternative i of category k (never 0). */
static uint64_t signature(struct cover *cv, int k, size_t i)
{
	uint64_t h = UINT64_C(14695981039346656037);
	const unsigned char *p;
	size_t j;

	if (cv->sig[k][i] != 0)
		return cv->sig[k][i];
	if (cv->alts[k].n > 0)
		for (j = cv->alts[k].off[i]; j < cv->alts[k].off[i + 1]; j++) {
			for (p = (const unsigned char *)cv->attrs[0][j].id; *p; p++)
				h = (h ^ *p) * UINT64_C(1099511628211);
			h = (h ^ 0xffu) * UINT64_C(1099511628211);
			for (p = (const unsigned char *)cv->attrs[0][j].value;
			     *p; p++)
				h = (h ^ *p) * UINT64_C(1099511628211);
			h = (h ^ (cv->slot[j] ? 0xfeu : 0xfdu)) *
			    UINT64_C(1099511628211);
		}
	cv->sig[k][i] = h ? h : 1;
	return cv->sig[k][i];
}

/* Does rule's category k match alternative i in case variants from..? */
static int alt_matches(const struct ap_node *rule, struct cover *cv,
		       int k, size_t i, int from)
{
	struct ap_request req;
	int v;

	if (cv->alts[k].n == 0) {
		req.attrs = NULL;
		req.count = 0;
		return ap_eval__rule_category(rule, cats[k], &req) ==
		       AP_TARGET_MATCH;
	}
	for (v = from; v < NVARIANT; v++) {
		if (v == 1 && !(cv->has_ic[k] & (UINT64_C(1) << i)))
			break; /* every variant is the value as written */
		if (v == 1)
			prepare(cv, k, i);
		req.attrs = cv->attrs[v] + cv->alts[k].off[i];
		req.count = cv->alts[k].off[i + 1] - cv->alts[k].off[i];
		if (ap_eval__rule_category(rule, cats[k], &req) !=
		    AP_TARGET_MATCH)
			return 0;
	}
	return 1;
}

/* Can other match alternative i of category k at all (the filter)?  Some
 * AllOf of other must have all its matches of the category match, so its
 * first such match's value is one of the alternative's. */
static int may_match(const struct rule_info *other, struct cover *cv,
		     int k, size_t i)
{
	size_t j;

	if (other->open[k])
		return 1;
	if (cv->alts[k].n == 0)
		return 0; /* other constrains what the rule leaves open */
	prepare(cv, k, i);
	for (j = cv->alts[k].off[i]; j < cv->alts[k].off[i + 1]; j++)
		if (bloom_has(other->bloom[k], cv->hashes[j]))
			return 1;
	return 0;
}

/*
 * Does other o match alternative i of category k, in every case variant?
 * Decided once and cached: known[o][k] has bit i once decided, val[o][k]
 * the answer.
 */
static int covers(struct cover *cv, size_t o, int k, size_t i)
{
	uint64_t bit = UINT64_C(1) << i, key;
	int yes;

	if (cv->known[o][k] & bit)
		return (cv->val[o][k] & bit) != 0;
	key = signature(cv, k, i);
	yes = memo_get(&cv->others[o]->memo[k], key);
	if (yes < 0) {
		yes = may_match(cv->others[o], cv, k, i) &&
		      alt_matches(cv->others[o]->rule, cv, k, i, 0);
		memo_put(&cv->others[o]->memo[k], key, yes);
	}
	cv->known[o][k] |= bit;
	if (yes)
		cv->val[o][k] |= bit;
	return yes;
}

/* Does other o alone match every candidate? */
static int covers_all(struct cover *cv, size_t o)
{
	size_t i;
	int j;

	for (j = 0; j < NCAT; j++)
		for (i = 0; i < nalts(cv, try_order[j]); i++)
			if (!covers(cv, o, try_order[j], i))
				return 0;
	return 1;
}

/*
 * Every candidate matched by some accepted rule?  Candidates are taken in
 * order and each is tried first against the rule that matched the last
 * one, so a rule that covers everything is found after one pass, and the
 * first uncovered candidate ends the search.  *by: see coverage.h.
 */
static enum ap_cover decide(struct cover *cv, const struct ap_node **by)
{
	size_t o = 0, t, s, r, a, last = 0;
	size_t idx[NCAT];

	for (s = 0; s < nalts(cv, 0); s++)
		for (r = 0; r < nalts(cv, 1); r++)
			for (a = 0; a < nalts(cv, 2); a++) {
				idx[0] = s;
				idx[1] = r;
				idx[2] = a;
				for (t = 0; t < cv->nothers; t++) {
					int j;

					/* last first, then the others */
					o = t == 0 ? last
					    : t <= last ? t - 1 : t;
					for (j = 0; j < NCAT; j++)
						if (!covers(cv, o, try_order[j],
							    idx[try_order[j]]))
							break;
					if (j == NCAT)
						break;
				}
				if (t == cv->nothers)
					return AP_COVER_NOT;
				last = o;
			}
	if (by) {
		*by = NULL;
		if (covers_all(cv, last))
			*by = cv->others[last]->rule;
		else
			for (o = 0; o < cv->nothers; o++)
				if (o != last && covers_all(cv, o)) {
					*by = cv->others[o]->rule;
					break;
				}
	}
	return AP_COVER_FULL;
}

enum ap_cover ap_coverage__rule(struct ap_coverage *c,
				const struct ap_node *rule,
				ap_cover_accept accept, void *arg,
				const struct ap_node **by)
{
	union {
		uint64_t u;
		void *p;
		char c[8192];
	} stack;
	struct cover cv;
	enum ap_cover ret = AP_COVER_UNKNOWN;
	size_t bytes = 0, combos = 1, i, navail = 0, n, size;
	void *block;
	char *p;
	int k, v;

	memset(&cv, 0, sizeof(cv));
	if (by)
		*by = NULL;
	if (!measure(rule, &cv, &bytes))
		return AP_COVER_UNKNOWN;
	for (k = 0; k < NCAT; k++) {
		combos *= nalts(&cv, k);
		if (combos > MAX_COMBOS)
			return AP_COVER_UNKNOWN;
	}
	for (i = 0; i < c->n; i++)
		if (c->rules[i].rule != rule && c->rules[i].can_cover)
			navail++;
	if (navail == 0)
		return AP_COVER_NOT;
	/* one block for the scratch arrays, on the stack when small */
	n = cv.nattrs ? cv.nattrs : 1;
	size = NVARIANT * n * sizeof(struct ap_req_attr) +
	       n * (sizeof(*cv.hashes) + sizeof(*cv.slot)) +
	       navail * (sizeof(*cv.others) + sizeof(*cv.known) +
			 sizeof(*cv.val)) + bytes + 1;
	block = size <= sizeof(stack) ? (void *)stack.c : ap_malloc(size);
	if (block == NULL)
		return AP_COVER_UNKNOWN;
	p = (char *)block;
	for (v = 0; v < NVARIANT; v++) {
		cv.attrs[v] = (struct ap_req_attr *)(void *)p;
		p += n * sizeof(struct ap_req_attr);
	}
	cv.hashes = (uint64_t *)(void *)p;
	p += n * sizeof(*cv.hashes);
	cv.known = (uint64_t (*)[NCAT])(void *)p;
	p += navail * sizeof(*cv.known);
	cv.val = (uint64_t (*)[NCAT])(void *)p;
	p += navail * sizeof(*cv.val);
	memset(cv.known, 0, navail * (sizeof(*cv.known) + sizeof(*cv.val)));
	cv.slot = (char **)(void *)p;
	p += n * sizeof(*cv.slot);
	cv.others = (struct rule_info **)(void *)p;
	p += navail * sizeof(*cv.others);
	cv.buf = p;
	fill(rule, &cv);
	for (i = 0; i < c->n; i++)
		if (c->rules[i].rule != rule && c->rules[i].can_cover &&
		    accept(c->rules[i].rule, i, arg))
			cv.others[cv.nothers++] = &c->rules[i];
	if (cv.nothers == 0) {
		ret = AP_COVER_NOT;
		goto done;
	}
	ret = decide(&cv, by);
	/* the rule itself must match its own candidates (a MustBePresent
	 * elsewhere in the rule can stop it) */
	if (ret == AP_COVER_FULL)
		for (k = 0; k < NCAT && ret == AP_COVER_FULL; k++)
			for (i = 0; i < nalts(&cv, k); i++)
				if (!alt_matches(rule, &cv, k, i, 0)) {
					ret = AP_COVER_UNKNOWN;
					break;
				}
done:
	if (block != (void *)stack.c)
		ap_free(block);
	return ret;
}
