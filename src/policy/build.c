/* Parser events -> model nodes in the document's arena. */
#include "internal.h"
#include "policy/build.h"
#include "policy/ids.h"

#include <stdio.h>

/* Character data kept per element, beyond which the parse stops. */
#define AP_MAX_TEXT ((size_t)1 << 20)

void ap_build__init(struct ap_builder *b, struct ap_doc *doc,
		    unsigned max_depth)
{
	memset(b, 0, sizeof(*b));
	b->doc = doc;
	b->max_depth = max_depth;
}

void ap_build__release(struct ap_builder *b)
{
	ap_buf_release(&b->text);
	/* the document keeps the table for ap_doc__canonical */
	b->doc->intern = b->intern;
	b->doc->intern_cap = b->intern_cap;
	b->intern = NULL;
}

/* Doubles the intern table; returns 0 on allocation failure. */
static int intern_grow(struct ap_builder *b)
{
	size_t cap = b->intern_cap ? b->intern_cap * 2 : 256, k, i;
	struct ap_intern_entry *t = ap_calloc(cap, sizeof(*t));

	if (t == NULL)
		return 0;
	for (k = 0; k < b->intern_cap; k++) {
		if (b->intern[k].s == NULL)
			continue;
		for (i = b->intern[k].hash & (cap - 1); t[i].s; i = (i + 1) & (cap - 1))
			;
		t[i] = b->intern[k];
	}
	ap_free(b->intern);
	b->intern = t;
	b->intern_cap = cap;
	return 1;
}

/*
 * The document's one copy of the n bytes at s: copied into the arena the
 * first time, shared afterwards (element names, namespaces, attribute
 * names and values, match values repeat a lot, and equal pointers let the
 * evaluator skip string comparisons).  NULL (and b->oom) on failure.
 */
static const char *intern_n(struct ap_builder *b, const char *s, size_t n)
{
	size_t i, mask, h;
	char *copy;

	if (b->intern_count * 2 >= b->intern_cap && !intern_grow(b)) {
		b->oom = 1;
		return NULL;
	}
	h = ap__hash_bytes(s, n);
	mask = b->intern_cap - 1;
	for (i = h & mask; b->intern[i].s; i = (i + 1) & mask) {
		const struct ap_intern_entry *e = &b->intern[i];

		if (e->hash == (uint32_t)h && e->len == n && memcmp(e->s, s, n) == 0)
			return e->s;
	}
	copy = ap_arena_strndup(&b->doc->arena, s, n);
	if (copy == NULL) {
		b->oom = 1;
		return NULL;
	}
	b->intern[i].s = copy;
	b->intern[i].len = (uint32_t)n;
	b->intern[i].hash = (uint32_t)h;
	b->intern_count++;
	return copy;
}

/* A name from libxml2's dictionary (stable pointer for one parse). */
static const char *intern_name(struct ap_builder *b, const char *s)
{
	size_t slot;
	const char *v;

	if (s == NULL)
		return NULL;
	slot = ((uintptr_t)s >> 4) & 63;
	if (b->name_cache[slot].key == s)
		return b->name_cache[slot].val;
	v = intern_n(b, s, strlen(s));
	b->name_cache[slot].key = s;
	b->name_cache[slot].val = v;
	return v;
}

static const char *intern(struct ap_builder *b, const char *s)
{
	return s ? intern_n(b, s, strlen(s)) : NULL;
}

static void append_child(struct ap_doc *doc, struct ap_node *parent,
			 struct ap_node *n)
{
	n->parent = parent;
	if (parent == NULL) {
		if (n->kind == AP_NODE_COMMENT) {
			/* prolog comments chain on their own list */
			struct ap_node **p = &doc->prolog_comments;

			while (*p != NULL)
				p = &(*p)->next;
			*p = n;
		} else if (doc->root == NULL) {
			doc->root = n;
		}
		return;
	}
	n->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->first_child = n;
	parent->last_child = n;
}

/* Attribute values: libxml2's SAX2 without entity substitution hands an
 * "&" (from "&amp;" or "&#38;") over as "&#38;". */
static const char *dup_attr_value(struct ap_builder *b, const char *s, size_t n)
{
	char *p, *o;
	size_t i = 0;

	if (memchr(s, '&', n) == NULL)
		return intern_n(b, s, n);
	p = ap_arena_alloc(&b->doc->arena, n + 1);
	if (p == NULL) {
		b->oom = 1;
		return NULL;
	}
	for (o = p; i < n;) {
		if (n - i >= 5 && memcmp(s + i, "&#38;", 5) == 0) {
			*o++ = '&';
			i += 5;
		} else {
			*o++ = s[i++];
		}
	}
	*o = '\0';
	return p;
}

/* Namespace names, from libxml2's dictionary: decoded like attribute
 * values when they hold an "&" (a declaration written with "&amp;"), so
 * that a namespace reads the same on its elements and its declaration,
 * and is written back unchanged. */
static const char *ns_name(struct ap_builder *b, const char *uri)
{
	const char *d;

	if (uri == NULL || strchr(uri, '&') == NULL)
		return intern_name(b, uri);
	d = dup_attr_value(b, uri, strlen(uri));
	return d ? intern(b, d) : NULL;
}

int ap_build__start(struct ap_builder *b, const char *local, const char *prefix,
		    const char *uri, const struct ap_build_attr *attrs,
		    size_t nattrs, const char *const *ns_decls, size_t nns,
		    struct ap_build_pos pos, uint32_t tag_end, int self_closing)
{
	struct ap_node *n;
	size_t i;

	if (b->depth + 1 > b->max_depth) {
		char msg[128];

		snprintf(msg, sizeof(msg),
			 "elements nested deeper than %u levels", b->max_depth);
		if (ap_doc__add_problem(b->doc, AP_PROBLEM_TOO_DEEP, pos.line,
					pos.col, msg) != AP_OK)
			return AP_ENOMEM;
		return AP_ETOOBIG;
	}
	n = ap_arena_calloc(&b->doc->arena, sizeof(*n));
	if (n == NULL)
		return AP_ENOMEM;
	n->name = intern_name(b, local);
	n->prefix = intern_name(b, prefix);
	n->ns = ns_name(b, uri);
	n->kind = ap_ids_node_kind(local);
	n->line = pos.line;
	n->col = pos.col;
	n->offset = pos.offset;
	n->tag_end = tag_end;
	n->self_closing = self_closing ? 1 : 0;
	n->depth = ++b->depth;
	n->text = "";
	if (nattrs) {
		n->attrs = ap_arena_alloc(&b->doc->arena, nattrs * sizeof(*n->attrs));
		if (n->attrs == NULL)
			return AP_ENOMEM;
		for (i = 0; i < nattrs; i++) {
			n->attrs[i].name = intern_name(b, attrs[i].name);
			n->attrs[i].ns = ns_name(b, attrs[i].uri);
			n->attrs[i].prefix = intern_name(b, attrs[i].prefix);
			n->attrs[i].value = dup_attr_value(b, attrs[i].value, attrs[i].value_len);
		}
		n->nattrs = (uint32_t)nattrs;
	}
	if (nns) {
		n->ns_decls = ap_arena_alloc(&b->doc->arena, 2 * nns * sizeof(char *));
		if (n->ns_decls == NULL)
			return AP_ENOMEM;
		for (i = 0; i < 2 * nns; i++) /* prefix, URI */
			n->ns_decls[i] = i % 2 ? ns_name(b, ns_decls[i]) : intern(b, ns_decls[i]);
		n->nns_decls = (uint32_t)nns;
	}
	if (b->oom)
		return AP_ENOMEM;
	append_child(b->doc, b->cur, n);
	/* remember where the parent's text stopped; ours starts here */
	n->text_len = b->text_start;
	b->text_start = (uint32_t)b->text.len;
	b->cur = n;
	return AP_OK;
}

static int all_space(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * Flattens a rule's target per category (two passes over the AllOfs: count,
 * then fill).  Returns AP_OK or AP_ENOMEM.
 */
static int flatten_rule(struct ap_arena *arena, struct ap_node *rule)
{
	const struct ap_node *target = rule->u.rule.target, *any, *all, *m;
	struct ap_rule_clauses *bc = rule->u.rule.by_cat;
	int pass, k;

	if (target == NULL)
		return AP_OK;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			for (k = 0; k < AP_CLAUSE_CATEGORIES; k++) {
				if (bc[k].count == 0)
					continue;
				bc[k].clauses = ap_arena_calloc(arena, bc[k].count * sizeof(*bc[k].clauses));
				if (bc[k].clauses == NULL)
					return AP_ENOMEM;
				bc[k].count = 0;
			}
		for (any = ap_node__child(target, AP_NODE_ANY_OF); any;
		     any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
			for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
			     all = ap_node__next_sibling(all, AP_NODE_ALL_OF)) {
				uint32_t per[AP_CLAUSE_CATEGORIES] = {0, 0, 0};

				for (m = ap_node__child(all, AP_NODE_MATCH); m;
				     m = ap_node__next_sibling(m, AP_NODE_MATCH)) {
					const struct ap_node *d = m->u.match.designator;

					if (d == NULL)
						continue;
					if (d->kind == AP_NODE_ATTRIBUTE_SELECTOR) {
						rule->u.rule.has_selector = 1;
						continue;
					}
					k = ap_clause_index(d->u.designator.category);
					if (k < 0)
						continue;
					if (pass == 1) {
						struct ap_clause *c = &bc[k].clauses[bc[k].count];

						if (per[k] == 0) {
							c->matches = ap_arena_alloc(arena, ap_node__element_count(all) * sizeof(*c->matches));
							if (c->matches == NULL)
								return AP_ENOMEM;
						}
						c->matches[c->count++] = m;
					}
					per[k]++;
				}
				for (k = 0; k < AP_CLAUSE_CATEGORIES; k++)
					if (per[k])
						bc[k].count++;
			}
	}
	return AP_OK;
}

/* Fills the typed view of n from its attributes and children. */
static void fill_view(struct ap_builder *b, struct ap_node *n)
{
	const struct ap_node *c;

	switch (n->kind) {
	case AP_NODE_ATTRIBUTE_VALUE:
		n->u.value.data_type = ap_node_attr(n, "DataType");
		n->u.value.is_string = ap_streq(n->u.value.data_type, AP_ID_XS_STRING);
		break;
	case AP_NODE_MATCH:
		n->u.match.match_id = ap_node_attr(n, "MatchId");
		n->u.match.fn = (int)ap_ids_match_fn(n->u.match.match_id);
		for (c = n->first_child; c; c = c->next) {
			if (c->kind == AP_NODE_ATTRIBUTE_VALUE && !n->u.match.value)
				n->u.match.value = (struct ap_node *)c;
			else if ((c->kind == AP_NODE_ATTRIBUTE_DESIGNATOR ||
				  c->kind == AP_NODE_ATTRIBUTE_SELECTOR) &&
				 !n->u.match.designator)
				n->u.match.designator = (struct ap_node *)c;
		}
		break;
	case AP_NODE_ATTRIBUTE_DESIGNATOR:
	case AP_NODE_ATTRIBUTE_SELECTOR:
		n->u.designator.attribute_id = intern(b, ap_node_attr(n, "AttributeId"));
		n->u.designator.category_id = ap_node_attr(n, "Category");
		n->u.designator.data_type = ap_node_attr(n, "DataType");
		n->u.designator.must_be_present = ap_node_attr(n, "MustBePresent");
		n->u.designator.category =
			ap_category_from_id(n->u.designator.category_id);
		break;
	case AP_NODE_RULE:
		n->u.rule.rule_id = ap_node_attr(n, "RuleId");
		n->u.rule.effect = ap_node_attr(n, "Effect");
		n->u.rule.target = (struct ap_node *)ap_node__child(n, AP_NODE_TARGET);
		n->u.rule.condition = (struct ap_node *)ap_node__child(n, AP_NODE_CONDITION);
		break;
	case AP_NODE_POLICY:
	case AP_NODE_POLICY_SET:
		n->u.policy.policy_id = ap_node_attr(n, n->kind == AP_NODE_POLICY
						      ? "PolicyId" : "PolicySetId");
		n->u.policy.combining_alg = ap_node_attr(n, n->kind == AP_NODE_POLICY
							  ? "RuleCombiningAlgId"
							  : "PolicyCombiningAlgId");
		n->u.policy.version = ap_node_attr(n, "Version");
		n->u.policy.target = (struct ap_node *)ap_node__child(n, AP_NODE_TARGET);
		n->u.policy.doc = b->doc;
		break;
	default:
		break;
	}
}

int ap_build__end(struct ap_builder *b, uint32_t end_offset)
{
	struct ap_node *n = b->cur;
	const char *t;
	size_t len;

	if (n == NULL)
		return AP_OK;
	t = b->text.ptr ? b->text.ptr + b->text_start : "";
	len = b->text.len - b->text_start;
	if (len > 0) {
		n->has_text = !all_space(t, len);
		/* match values repeat: one copy each, compared by pointer */
		n->text = n->kind == AP_NODE_ATTRIBUTE_VALUE
				  ? intern_n(b, t, len)
				  : ap_arena_strndup(&b->doc->arena, t, len);
		if (n->text == NULL)
			return AP_ENOMEM;
	}
	/* pop our text; restore the parent's start (saved in text_len) */
	b->text.len = b->text_start;
	if (b->text.ptr)
		b->text.ptr[b->text.len] = '\0';
	b->text_start = n->text_len;
	n->text_len = (uint32_t)len;
	n->end_offset = end_offset;
	n->closed = 1;
	fill_view(b, n);
	if (b->oom || (n->kind == AP_NODE_RULE && flatten_rule(&b->doc->arena, n) != AP_OK))
		return AP_ENOMEM;
	b->cur = n->parent;
	b->depth--;
	return AP_OK;
}

int ap_build__text(struct ap_builder *b, const char *s, size_t len)
{
	if (b->cur == NULL)
		return AP_OK;
	if (b->text.len - b->text_start + len > AP_MAX_TEXT) {
		if (ap_doc__add_problem(b->doc, AP_PROBLEM_TOO_LARGE, b->cur->line,
					b->cur->col,
					"character data inside one element is over 1 MiB") != AP_OK)
			return AP_ENOMEM;
		return AP_ETOOBIG;
	}
	return ap_buf_add(&b->text, s, len);
}

int ap_build__comment(struct ap_builder *b, const char *s,
		      struct ap_build_pos pos)
{
	struct ap_node *n = ap_arena_calloc(&b->doc->arena, sizeof(*n));

	if (n == NULL)
		return AP_ENOMEM;
	n->kind = AP_NODE_COMMENT;
	n->line = pos.line;
	n->col = pos.col;
	n->offset = pos.offset;
	n->text_len = (uint32_t)strlen(s);
	n->text = ap_arena_strndup(&b->doc->arena, s, n->text_len);
	if (n->text == NULL)
		return AP_ENOMEM;
	n->self_closing = 1;
	n->closed = 1;
	n->depth = b->depth + 1;
	append_child(b->doc, b->cur, n);
	return AP_OK;
}

int ap_build__pi(struct ap_builder *b, const char *target, const char *data,
		 struct ap_build_pos pos)
{
	struct ap_pi *pi = ap_arena_calloc(&b->doc->arena, sizeof(*pi));

	if (pi == NULL)
		return AP_ENOMEM;
	pi->target = ap_arena_strndup(&b->doc->arena, target, strlen(target));
	pi->data = data ? ap_arena_strndup(&b->doc->arena, data, strlen(data)) : "";
	if (pi->target == NULL || pi->data == NULL)
		return AP_ENOMEM;
	pi->parent = b->cur;
	if (b->cur != NULL)
		b->cur->has_pi = 1;
	pi->line = pos.line;
	pi->col = pos.col;
	pi->offset = pos.offset;
	if (b->doc->pis_tail)
		b->doc->pis_tail->next = pi;
	else
		b->doc->pis = pi;
	b->doc->pis_tail = pi;
	return AP_OK;
}
