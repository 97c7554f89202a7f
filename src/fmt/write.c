/* The canonical writer: model + source bytes -> canonical bytes. */
#define _GNU_SOURCE /* memmem */
#include "internal.h"
#include "fmt/fmt_int.h"
#include "policy/ids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AP_MAX_ATTRS_FMT 64 /* the loader refuses more */

struct writer {
	const struct ap_doc *doc;
	struct ap_buf *out;
	unsigned indent;
	const struct ap_pi *pi;   /* next processing instruction to write */
	struct ap_fmt_ns_plan plan;
	size_t elem;              /* pre-order number of the next element */
	int rename;               /* XACML elements get xacml_prefix */
	const char *xacml_prefix; /* NULL: the default namespace */
	const char *xacml;        /* the document's XACML namespace pointer */
	int oom;
};

static void add(struct writer *w, const char *s, size_t n)
{
	struct ap_buf *b = w->out;

	/* the buffer is sized for the source up front: copy in place */
	if (b->ptr != NULL && b->len + n < b->alloc) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return;
	}
	if (!w->oom && ap_buf_add(b, s, n) != AP_OK)
		w->oom = 1;
}

static void adds(struct writer *w, const char *s)
{
	add(w, s, strlen(s));
}

static void pad(struct writer *w, unsigned depth)
{
	static const char spaces[] = "                                ";
	size_t n = (size_t)depth * w->indent;

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		add(w, spaces, k);
		n -= k;
	}
}

/* Character data (in_attr: an attribute value between double quotes). */
static void escaped(struct writer *w, const char *s, int in_attr)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = in_attr ? NULL : "&gt;"; break;
		case '"': rep = in_attr ? "&quot;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		case '\n': rep = in_attr ? "&#10;" : NULL; break;
		case '\t': rep = in_attr ? "&#9;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		add(w, run, (size_t)(s - run));
		adds(w, rep);
		run = s + 1;
	}
	add(w, run, (size_t)(s - run));
}

static void qname(struct writer *w, const char *prefix, const char *local)
{
	if (prefix != NULL) {
		adds(w, prefix);
		add(w, ":", 1);
	}
	adds(w, local);
}

static const char *element_prefix(const struct writer *w, const struct ap_node *n)
{
	return w->rename && n->ns != NULL && n->ns == w->xacml ? w->xacml_prefix : n->prefix;
}

static void decl(struct writer *w, const char *prefix, const char *uri)
{
	adds(w, prefix ? " xmlns:" : " xmlns");
	if (prefix)
		adds(w, prefix);
	add(w, "=\"", 2);
	escaped(w, uri, 1);
	add(w, "\"", 1);
}

static void decls(struct writer *w, const struct ap_node *n, size_t e)
{
	uint32_t i;
	int is_root = n == w->doc->root;

	if (w->rename && is_root)
		decl(w, w->xacml_prefix, AP_XACML3_NS);
	for (i = 0; i < n->nns_decls; i++) {
		const char *prefix = n->ns_decls[2 * (size_t)i], *uri = n->ns_decls[2 * (size_t)i + 1];

		if (!w->plan.keep_all && (i >= 64 || !(w->plan.keep[e] >> i & 1)) &&
		    n->nns_decls <= 64)
			continue;
		if (w->rename && is_root && ap_streq(uri, AP_XACML3_NS))
			continue;
		decl(w, prefix, uri);
	}
}

static void attrs(struct writer *w, const struct ap_node *n)
{
	int rank[AP_MAX_ATTRS_FMT];
	uint32_t i, done = 0;
	int r;

	for (i = 0; i < n->nattrs && i < AP_MAX_ATTRS_FMT; i++)
		rank[i] = n->nattrs > 1 ? ap_fmt__attr_rank(n, &n->attrs[i], w->xacml) : 0;
	/* few attributes: a selection by rank keeps document order within
	 * a rank */
	for (r = 0; done < n->nattrs; r++)
		for (i = 0; i < n->nattrs; i++) {
			if (rank[i] != r)
				continue;
			add(w, " ", 1);
			qname(w, n->attrs[i].prefix, n->attrs[i].name);
			add(w, "=\"", 2);
			escaped(w, n->attrs[i].value, 1);
			add(w, "\"", 1);
			done++;
		}
}

static void write_pi(struct writer *w, const struct ap_pi *pi, unsigned depth)
{
	pad(w, depth);
	add(w, "<?", 2);
	adds(w, pi->target);
	if (pi->data[0] != '\0') {
		add(w, " ", 1);
		adds(w, pi->data);
	}
	add(w, "?>\n", 3);
}

/* Writes the processing instructions that come before offset. */
static void pis_before(struct writer *w, size_t offset, unsigned depth)
{
	while (w->pi != NULL && w->pi->offset < offset) {
		write_pi(w, w->pi, depth);
		w->pi = w->pi->next;
	}
}

static void write_node(struct writer *w, const struct ap_node *n, unsigned depth);

/* Source bytes as they are, with line ends as the parser reads them (CR LF
 * and a lone CR are LF after parsing anyway). */
static void verbatim(struct writer *w, const char *s, size_t n)
{
	const char *cr;

	while ((cr = memchr(s, '\r', n)) != NULL) {
		add(w, s, (size_t)(cr - s));
		add(w, "\n", 1);
		n -= (size_t)(cr - s) + 1;
		s = cr + 1;
		if (n > 0 && *s == '\n') {
			s++;
			n--;
		}
	}
	add(w, s, n);
}

static void content(struct writer *w, const struct ap_node *n, unsigned depth)
{
	const struct ap_doc *doc = w->doc;
	const struct ap_node *c;
	size_t end = ap_fmt__end_tag_start(doc, n);

	if (ap_fmt__verbatim(doc, n, w->xacml)) {
		verbatim(w, doc->source + n->tag_end, end - n->tag_end);
		while (w->pi != NULL && w->pi->offset < end)
			w->pi = w->pi->next;
		return;
	}
	if (!ap_fmt__has_children(doc, n)) {
		if (!ap_fmt__element_only(n, w->xacml) || n->has_text)
			escaped(w, n->text, 0);
		return;
	}
	add(w, "\n", 1);
	for (c = n->first_child; c != NULL; c = c->next) {
		pis_before(w, c->offset, depth + 1);
		write_node(w, c, depth + 1);
	}
	pis_before(w, end, depth + 1);
	pad(w, depth);
}

static void write_node(struct writer *w, const struct ap_node *n, unsigned depth)
{
	const char *prefix;

	pad(w, depth);
	if (n->kind == AP_NODE_COMMENT) {
		add(w, "<!--", 4);
		add(w, n->text, n->text_len);
		add(w, "-->\n", 4);
		return;
	}
	prefix = element_prefix(w, n);
	add(w, "<", 1);
	qname(w, prefix, n->name);
	decls(w, n, w->elem++);
	attrs(w, n);
	if (n->self_closing) {
		add(w, "/>\n", 3);
		return;
	}
	add(w, ">", 1);
	content(w, n, depth);
	add(w, "</", 2);
	qname(w, prefix, n->name);
	add(w, ">\n", 2);
}

/* The XML declaration: version and standalone as declared, UTF-8. */
static void declaration(struct writer *w)
{
	const char *s = w->doc->source, *end = NULL, *sa = NULL;
	size_t len = w->doc->source_len;
	int v11 = 0;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len > 6 && memcmp(s, "<?xml", 5) == 0)
		end = strstr(s, "?>");
	if (end != NULL) {
		size_t n = (size_t)(end - s);

		v11 = memmem(s, n, "1.1\"", 4) != NULL || memmem(s, n, "1.1'", 4) != NULL;
		sa = memmem(s, n, "standalone", 10);
	}
	adds(w, v11 ? "<?xml version=\"1.1\"" : "<?xml version=\"1.0\"");
	adds(w, " encoding=\"utf-8\"");
	if (sa != NULL) {
		const char *q = sa + 10;

		while (q < end && *q != '"' && *q != '\'')
			q++;
		if (q + 4 <= end && memcmp(q + 1, "yes", 3) == 0)
			adds(w, " standalone=\"yes\"");
		else if (q + 3 <= end && memcmp(q + 1, "no", 2) == 0)
			adds(w, " standalone=\"no\"");
	}
	adds(w, "?>\n");
}

/* Top level: comments and processing instructions around the root. */
static void write_doc(struct writer *w)
{
	const struct ap_doc *doc = w->doc;
	const struct ap_node *c = doc->prolog_comments;
	int root_done = 0;

	declaration(w);
	w->pi = doc->pis;
	for (;;) {
		size_t next_c = c ? c->offset : SIZE_MAX;
		size_t next_r = root_done ? SIZE_MAX : doc->root->offset;
		size_t next = next_c < next_r ? next_c : next_r;

		pis_before(w, next, 0);
		if (next == SIZE_MAX)
			break;
		if (next == next_c) {
			write_node(w, c, 0);
			c = c->next;
		} else {
			write_node(w, doc->root, 0);
			root_done = 1;
		}
	}
}

/* The prefix every XACML element uses; *mixed when they differ. */
static void xacml_style(const struct ap_node *n, const char *xacml,
			const char **prefix, int *seen, int *mixed)
{
	const struct ap_node *c;

	if (n->kind == AP_NODE_COMMENT)
		return;
	if (n->ns != NULL && n->ns == xacml) {
		if (!*seen) {
			*seen = 1;
			*prefix = n->prefix;
		} else if (!(n->prefix == *prefix ||
			     (n->prefix && *prefix && strcmp(n->prefix, *prefix) == 0))) {
			*mixed = 1;
		}
	}
	for (c = n->first_child; c != NULL; c = c->next)
		xacml_style(c, xacml, prefix, seen, mixed);
}

/* Whether to rename XACML elements, and to which prefix. */
static int choose_style(struct writer *w, enum ap_fmt_ns_style style)
{
	const struct ap_node *root = w->doc->root;
	const char *prefix = NULL;
	int seen = 0, mixed = 0;

	xacml_style(root, w->xacml, &prefix, &seen, &mixed);
	w->rename = 0;
	if (!seen)
		return 0;
	switch (style) {
	case AP_FMT_NS_DEFAULT:
		w->xacml_prefix = NULL;
		break;
	case AP_FMT_NS_PREFIX:
		w->xacml_prefix = "xacml";
		break;
	default:
		if (!mixed)
			return 0;
		/* the root's choice, else the first XACML element's */
		w->xacml_prefix = root->ns != NULL && root->ns == w->xacml ? root->prefix : prefix;
		break;
	}
	w->rename = mixed || !(w->xacml_prefix == prefix ||
			       (prefix && w->xacml_prefix && strcmp(prefix, w->xacml_prefix) == 0));
	return w->rename;
}

/* AP_OK when doc parsed cleanly, else the error its first problem gives. */
static int usable(const struct ap_doc *doc, struct ap_error *err)
{
	size_t i;

	for (i = 0; i < doc->nproblems; i++) {
		const struct ap_problem *p = &doc->problems[i];
		int code = AP_EPARSE;

		if (p->kind == AP_PROBLEM_SCHEMA)
			continue;
		if (p->kind == AP_PROBLEM_TOO_LARGE || p->kind == AP_PROBLEM_TOO_DEEP)
			code = AP_ETOOBIG;
		if (p->kind == AP_PROBLEM_ENCODING)
			return ap_error_set_at(err, AP_EINVALID, doc->name, 1, 1,
					       "the file is not UTF-8: fmt writes UTF-8 only; convert it first (iconv)");
		return ap_error_set_at(err, code, doc->name, p->line, p->col, "%s",
				       p->message);
	}
	if (doc->root == NULL)
		return ap_error_set_at(err, AP_EPARSE, doc->name, 1, 1,
				       "no root element");
	return AP_OK;
}

/* Appends the document to out. */
static int write_with(struct writer *w, struct ap_buf *out, struct ap_error *err)
{
	int ret;

	w->out = out;
	w->elem = 0;
	w->oom = 0;
	if (ap_buf_grow(out, w->doc->source_len + w->doc->source_len / 4 + 256) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	ret = ap_fmt__ns_plan(&w->plan, w->doc, w->rename);
	if (ret != AP_OK)
		return ap_error_set(err, ret, "out of memory");
	write_doc(w);
	ap_fmt__ns_plan_release(&w->plan);
	if (w->oom)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

/* Renaming is checked: the result must read back as the same model. */
static int renamed_same(const struct ap_doc *doc, const char *text, size_t len,
			struct ap_error *err, int *same)
{
	struct ap_load_options lo = AP_LOAD_OPTIONS_INIT;
	ap_doc *back = NULL;
	int ret;

	lo.max_bytes = SIZE_MAX;
	ret = ap_doc_parse(&back, doc->name, text, len, &lo, err);
	if (ret != AP_OK)
		return ret;
	*same = back->nproblems == 0 && ap_fmt_same_model(doc, back, NULL);
	ap_doc_free(back);
	return AP_OK;
}

static void truncate_to(struct ap_buf *out, size_t len)
{
	out->len = len;
	if (out->ptr != NULL)
		out->ptr[len] = '\0';
}

int ap_fmt_doc(const ap_doc *doc, const struct ap_fmt_options *opt,
	       struct ap_buf *out, struct ap_error *err)
{
	static const struct ap_fmt_options defaults = AP_FMT_OPTIONS_INIT;
	struct writer w;
	size_t start = out->len;
	int ret, same = 1;

	if (opt == NULL)
		opt = &defaults;
	ret = usable(doc, err);
	if (ret != AP_OK)
		return ret;
	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.indent = opt->indent >= 1 && opt->indent <= 8 ? opt->indent : 2;
	w.xacml = ap_fmt__xacml_ns(doc);
	if (choose_style(&w, opt->ns_style)) {
		ret = write_with(&w, out, err);
		if (ret == AP_OK)
			ret = renamed_same(doc, out->ptr + start, out->len - start, err, &same);
		if (ret == AP_OK && same)
			return AP_OK;
		truncate_to(out, start);
		if (ret != AP_OK)
			return ret;
		if (opt->ns_style != AP_FMT_NS_KEEP)
			return ap_error_set_at(err, AP_EINVALID, doc->name, 1, 1,
					       "cannot write the XACML namespace %s without changing what some element or attribute means (mixed content, or the prefix is taken): use --ns keep",
					       w.xacml_prefix ? "as the xacml: prefix" : "as the default namespace");
		/* mixed styles that cannot be unified: keep each prefix */
		w.rename = 0;
	}
	ret = write_with(&w, out, err);
	if (ret != AP_OK)
		truncate_to(out, start);
	return ret;
}

int ap_fmt_memory(const char *data, size_t len, const char *name,
		  const struct ap_fmt_options *opt, struct ap_buf *out,
		  struct ap_error *err)
{
	static const struct ap_fmt_options defaults = AP_FMT_OPTIONS_INIT;
	ap_doc *doc = NULL;
	int ret;

	if (opt == NULL)
		opt = &defaults;
	if (len > opt->load.max_bytes)
		return ap_error_set_at(err, AP_ETOOBIG, name ? name : "<input>", 0, 0,
				       "the file is larger than %zu bytes", opt->load.max_bytes);
	ret = ap_doc_parse(&doc, name ? name : "<input>", data, len, &opt->load, err);
	if (ret == AP_OK)
		ret = ap_fmt_doc(doc, opt, out, err);
	ap_doc_free(doc);
	return ret;
}
