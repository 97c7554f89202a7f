/* Document lifetime and read-only accessors of the model. */
#include "internal.h"
#include "policy/model.h"

#include <strings.h>

int ap_doc__add_problem(struct ap_doc *doc, enum ap_problem_kind kind,
			uint32_t line, uint32_t col, const char *msg)
{
	struct ap_problem *p;
	const char *m;

	if (doc->nproblems == doc->problems_alloc) {
		size_t n = doc->problems_alloc ? doc->problems_alloc * 2 : 4;

		p = ap_realloc(doc->problems, n * sizeof(*p));
		if (p == NULL)
			return AP_ENOMEM;
		doc->problems = p;
		doc->problems_alloc = n;
	}
	m = ap_arena_strndup(&doc->arena, msg, strlen(msg));
	if (m == NULL)
		return AP_ENOMEM;
	p = &doc->problems[doc->nproblems++];
	p->kind = kind;
	p->line = line;
	p->col = col;
	p->message = m;
	return AP_OK;
}

void ap_doc_free(ap_doc *doc)
{
	if (doc == NULL)
		return;
	ap_arena_release(&doc->arena);
	ap_free(doc->problems);
	ap_free((void *)doc->intern);
	ap_free(doc->source);
	ap_free(doc->name);
	ap_free(doc);
}

const char *ap_doc_name(const ap_doc *doc)
{
	return doc->name;
}

const ap_node *ap_doc_root(const ap_doc *doc)
{
	return doc->root;
}

const char *ap_doc_source(const ap_doc *doc, size_t *len)
{
	if (len)
		*len = doc->source_len;
	return doc->source;
}

size_t ap_doc_problem_count(const ap_doc *doc)
{
	return doc->nproblems;
}

const struct ap_problem *ap_doc_problem(const ap_doc *doc, size_t i)
{
	return i < doc->nproblems ? &doc->problems[i] : NULL;
}

enum ap_node_kind ap_node_kind(const ap_node *n)
{
	return n->kind;
}

const char *ap_node_name(const ap_node *n)
{
	return n->name;
}

const char *ap_node_ns(const ap_node *n)
{
	return n->ns;
}

uint32_t ap_node_line(const ap_node *n)
{
	return n->line;
}

uint32_t ap_node_col(const ap_node *n)
{
	return n->col;
}

const ap_node *ap_node_parent(const ap_node *n)
{
	return n->parent;
}

const ap_node *ap_node_first_child(const ap_node *n)
{
	return n->first_child;
}

const ap_node *ap_node_next(const ap_node *n)
{
	return n->next;
}

const char *ap_node_attr(const ap_node *n, const char *name)
{
	uint32_t i;

	for (i = 0; i < n->nattrs; i++)
		if (n->attrs[i].ns == NULL && strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

const char *ap_node_text(const ap_node *n)
{
	return n->text ? n->text : "";
}

int ap_node_self_closing(const ap_node *n)
{
	return n->self_closing;
}

const struct ap_node *ap_node__child(const struct ap_node *n,
				     enum ap_node_kind kind)
{
	const struct ap_node *c;

	for (c = n->first_child; c; c = c->next)
		if (c->kind == kind)
			return c;
	return NULL;
}

const struct ap_node *ap_node__next_sibling(const struct ap_node *n,
					    enum ap_node_kind kind)
{
	const struct ap_node *c;

	for (c = n->next; c; c = c->next)
		if (c->kind == kind)
			return c;
	return NULL;
}

size_t ap_node__element_count(const struct ap_node *n)
{
	const struct ap_node *c;
	size_t k = 0;

	for (c = n->first_child; c; c = c->next)
		if (c->kind != AP_NODE_COMMENT)
			k++;
	return k;
}

int ap_node__is_xacml(const struct ap_node *n)
{
	return n->ns != NULL && strcmp(n->ns, AP_XACML3_NS) == 0;
}

static int is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int ap_node__text_is_ci(const struct ap_node *n, const char *want)
{
	const char *t = n->text ? n->text : "";
	size_t len, w = strlen(want);

	while (is_xml_space(*t))
		t++;
	len = strlen(t);
	while (len > 0 && is_xml_space(t[len - 1]))
		len--;
	return len == w && strncasecmp(t, want, w) == 0;
}

int ap_clause_index(enum ap_category cat)
{
	switch (cat) {
	case AP_CAT_SUBJECT: return 0;
	case AP_CAT_RESOURCE: return 1;
	case AP_CAT_ACTION: return 2;
	default: return -1;
	}
}

/*
 * A cheap hash for interning: the length and the first and last eight
 * bytes (the strings are identifiers and URNs that differ at one end).
 */
size_t ap__hash_bytes(const char *s, size_t n)
{
	uint64_t a = 0, z = 0;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&z, s + n - 8, 8);
	} else {
		memcpy(&a, s, n);
	}
	return (size_t)((a * UINT64_C(0x9E3779B97F4A7C15)) ^ (z * UINT64_C(0xC2B2AE3D27D4EB4F)) ^
			(n * UINT64_C(0x165667B19E3779F9)) ^ (a >> 29) ^ (z >> 31));
}

const char *ap_doc__canonical(const struct ap_doc *doc, const char *s)
{
	size_t n, h, i, mask;

	if (doc->intern == NULL || s == NULL)
		return NULL;
	n = strlen(s);
	h = ap__hash_bytes(s, n);
	mask = doc->intern_cap - 1;
	for (i = h & mask; doc->intern[i].s; i = (i + 1) & mask) {
		const struct ap_intern_entry *e = &doc->intern[i];

		if (e->s == s || (e->hash == (uint32_t)h && e->len == n && memcmp(e->s, s, n) == 0))
			return e->s;
	}
	return NULL;
}
