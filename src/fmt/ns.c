/* Which namespace declarations the canonical form keeps (see fmt_int.h). */
#include "internal.h"
#include "fmt/fmt_int.h"

#include <string.h>

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"
#define MAX_DECLS 64 /* an element with more keeps them all */
#define MAX_SCOPE 256 /* more bindings in scope: keep every declaration
			 (the analysis is quadratic in them) */

/* A declaration in scope during the walk. */
struct binding {
	const char *prefix; /* NULL: default namespace */
	const char *uri;
	size_t elem;        /* pre-order number of the declaring element */
	unsigned bit;       /* its index on that element */
};

struct planner {
	struct ap_fmt_ns_plan *plan;
	const struct ap_doc *doc;
	struct binding *scope;
	size_t nscope, scope_alloc;
	size_t alloc;
	int rename;
	const char *xacml; /* the document's XACML namespace pointer */
	int oom;
};

static int same_prefix(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The binding of prefix in scope, or NULL. */
static struct binding *lookup(struct planner *p, const char *prefix)
{
	size_t i;

	for (i = p->nscope; i > 0; i--)
		if (same_prefix(p->scope[i - 1].prefix, prefix))
			return &p->scope[i - 1];
	return NULL;
}

static void mark(struct planner *p, const struct binding *b)
{
	if (b != NULL)
		p->plan->keep[b->elem] |= UINT64_C(1) << b->bit;
}

/* "prefix:" somewhere in s. */
static int mentions(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *hit;

	for (hit = strstr(s, prefix); hit != NULL; hit = strstr(hit + 1, prefix))
		if (hit[n] == ':')
			return 1;
	return 0;
}

/* Bindings in scope mentioned in s as "prefix:" are used. */
static void mark_mentions(struct planner *p, const char *s)
{
	size_t i;

	if (s == NULL || strchr(s, ':') == NULL)
		return;
	for (i = 0; i < p->nscope; i++)
		if (p->scope[i].prefix != NULL && lookup(p, p->scope[i].prefix) == &p->scope[i] &&
		    mentions(s, p->scope[i].prefix))
			mark(p, &p->scope[i]);
}

static size_t number(struct planner *p)
{
	struct ap_fmt_ns_plan *plan = p->plan;

	if (plan->count == p->alloc) {
		size_t n = p->alloc ? p->alloc * 2 : 64;
		uint64_t *k = ap_realloc(plan->keep, n * sizeof(*k));

		if (k == NULL) {
			p->oom = 1;
			return 0;
		}
		plan->keep = k;
		p->alloc = n;
	}
	plan->keep[plan->count] = 0;
	return plan->count++;
}

static int push(struct planner *p, const char *prefix, const char *uri,
		size_t elem, unsigned bit)
{
	if (p->nscope == p->scope_alloc) {
		size_t n = p->scope_alloc ? p->scope_alloc * 2 : 16;
		struct binding *s = ap_realloc(p->scope, n * sizeof(*s));

		if (s == NULL)
			return 0;
		p->scope = s;
		p->scope_alloc = n;
	}
	p->scope[p->nscope].prefix = prefix;
	p->scope[p->nscope].uri = uri;
	p->scope[p->nscope].elem = elem;
	p->scope[p->nscope].bit = bit;
	p->nscope++;
	return 1;
}

static void visit(struct planner *p, const struct ap_node *n)
{
	const struct ap_node *c;
	size_t e, mark_scope = p->nscope;
	uint32_t i;

	if (n->kind == AP_NODE_COMMENT || p->plan->keep_all)
		return;
	if (p->nscope + n->nns_decls > MAX_SCOPE) {
		p->plan->keep_all = 1;
		return;
	}
	e = number(p);
	if (p->oom)
		return;
	if (n->nns_decls > MAX_DECLS) {
		p->plan->keep[e] = ~UINT64_C(0);
	} else {
		for (i = 0; i < n->nns_decls; i++) {
			const char *prefix = n->ns_decls[2 * (size_t)i], *uri = n->ns_decls[2 * (size_t)i + 1];
			const struct binding *b = lookup(p, prefix);

			/* the same binding again: redundant, dropped */
			if (b != NULL && same_prefix(b->uri, uri))
				continue;
			if (!push(p, prefix, uri, e, i)) {
				p->oom = 1;
				return;
			}
		}
	}
	if (!(p->rename && n->ns != NULL && n->ns == p->xacml))
		mark(p, lookup(p, n->prefix));
	for (i = 0; i < n->nattrs; i++) {
		if (n->attrs[i].prefix != NULL)
			mark(p, lookup(p, n->attrs[i].prefix));
		if (ap_streq(n->attrs[i].ns, XSI_NS))
			mark(p, lookup(p, NULL));
		mark_mentions(p, n->attrs[i].value);
	}
	mark_mentions(p, n->text);
	if (!ap_fmt__verbatim(p->doc, n, p->xacml))
		for (c = n->first_child; c != NULL && !p->oom; c = c->next)
			visit(p, c);
	p->nscope = mark_scope;
}

/* Any element of the document kept byte for byte? */
static int any_verbatim(const struct ap_doc *doc, const struct ap_node *n,
			const char *xacml)
{
	const struct ap_node *c;

	if (n->kind == AP_NODE_COMMENT)
		return 0;
	if (ap_fmt__verbatim(doc, n, xacml))
		return 1;
	for (c = n->first_child; c != NULL; c = c->next)
		if (any_verbatim(doc, c, xacml))
			return 1;
	return 0;
}

int ap_fmt__ns_plan(struct ap_fmt_ns_plan *plan, const struct ap_doc *doc,
		    int rename)
{
	struct planner p;

	memset(plan, 0, sizeof(*plan));
	if (doc->root == NULL)
		return AP_OK;
	memset(&p, 0, sizeof(p));
	p.plan = plan;
	p.doc = doc;
	p.rename = rename;
	p.xacml = ap_fmt__xacml_ns(doc);
	plan->keep_all = any_verbatim(doc, doc->root, p.xacml);
	visit(&p, doc->root);
	ap_free(p.scope);
	if (p.oom) {
		ap_fmt__ns_plan_release(plan);
		return AP_ENOMEM;
	}
	return AP_OK;
}

void ap_fmt__ns_plan_release(struct ap_fmt_ns_plan *plan)
{
	ap_free(plan->keep);
	memset(plan, 0, sizeof(*plan));
}
