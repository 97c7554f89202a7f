/* Lint, collect the fixes' edits, apply those that do not collide, lint
 * again: until nothing changes. */
#include "internal.h"
#include "fix/fix_int.h"
#include "lint/rule.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct edit {
	size_t start, end;
	char *text;
	size_t len;
	size_t diag; /* index of the finding it fixes */
};

struct ap_fix_ctx {
	const ap_linter *linter;
	const struct ap_doc *doc;
	const struct ap_fix_options *opt;
	struct edit *edits;
	size_t nedits, alloc;
	size_t diag;
	int oom;
};

const struct ap_doc *ap_fix_ctx_doc(const struct ap_fix_ctx *ctx)
{
	return ctx->doc;
}

const struct ap_fix_options *ap_fix_ctx_options(const struct ap_fix_ctx *ctx)
{
	return ctx->opt;
}

int ap_fix__auth_level(const struct ap_fix_ctx *ctx)
{
	const json_t *o = ap_linter__rule_options(ctx->linter, "AX-C007");
	const json_t *v = o ? json_object_get(o, "level") : NULL;

	if (ctx->opt->auth_level > 0 && ctx->opt->auth_level <= 4)
		return ctx->opt->auth_level;
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 4)
		return (int)json_integer_value(v);
	return 3;
}

/* A copy of text whose bare LFs are CR LF when the file writes CR LF
 * (inserted lines then match the file's); *len is updated. */
static char *with_file_newlines(const struct ap_doc *doc, const char *text, size_t *len)
{
	const char *nl = memchr(doc->source, '\n', doc->source_len);
	struct ap_buf b = AP_BUF_INIT;
	size_t i;

	if (nl == NULL || nl == doc->source || nl[-1] != '\r' || memchr(text, '\n', *len) == NULL)
		return ap_strndup(text, *len);
	for (i = 0; i < *len; i++) {
		if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r') &&
		    ap_buf_addch(&b, '\r') != AP_OK)
			goto oom;
		if (ap_buf_addch(&b, text[i]) != AP_OK)
			goto oom;
	}
	return ap_buf_detach(&b, len);
oom:
	ap_buf_release(&b);
	return NULL;
}

void ap_fix__replace(struct ap_fix_ctx *ctx, size_t start, size_t end,
		     const char *text, size_t len)
{
	struct edit *e;

	if (ctx->oom || end < start || end > ctx->doc->source_len)
		return;
	if (end - start == len && memcmp(ctx->doc->source + start, text, len) == 0)
		return; /* nothing to change */
	if (ctx->nedits == ctx->alloc) {
		size_t n = ctx->alloc ? ctx->alloc * 2 : 16;

		e = ap_realloc(ctx->edits, n * sizeof(*e));
		if (e == NULL) {
			ctx->oom = 1;
			return;
		}
		ctx->edits = e;
		ctx->alloc = n;
	}
	e = &ctx->edits[ctx->nedits];
	e->text = with_file_newlines(ctx->doc, text, &len);
	if (e->text == NULL) {
		ctx->oom = 1;
		return;
	}
	e->start = start;
	e->end = end;
	e->len = len;
	e->diag = ctx->diag;
	ctx->nedits++;
}

static const struct ap_fix *find_fix(const char *rule_id)
{
	size_t i;

	for (i = 0; i < ap_fix_table_len; i++)
		if (strcmp(ap_fix_table[i]->rule_id, rule_id) == 0)
			return ap_fix_table[i];
	return NULL;
}

enum ap_fix_class ap_fix_class_of(const char *rule_id)
{
	const struct ap_fix *f = find_fix(rule_id);

	return f ? f->cls : AP_FIX_NONE;
}

const char *ap_fix_summary(const char *rule_id)
{
	const struct ap_fix *f = find_fix(rule_id);

	return f ? f->summary : NULL;
}

const char *ap_fix_class_name(enum ap_fix_class c)
{
	return c == AP_FIX_SAFE ? "safe" : c == AP_FIX_UNSAFE ? "unsafe" : "none";
}

/* The element starting at line:col (pre-order), or NULL. */
static const struct ap_node *node_at(const struct ap_node *n, uint32_t line,
				     uint32_t col)
{
	const struct ap_node *c, *hit;

	if (n == NULL || n->line > line)
		return NULL;
	if (n->kind != AP_NODE_COMMENT && n->line == line && n->col == col)
		return n;
	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->line > line)
			break;
		hit = node_at(c, line, col);
		if (hit != NULL)
			return hit;
	}
	return NULL;
}

static int by_start(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->diag < y->diag ? -1 : x->diag > y->diag;
}

static void free_edits(struct ap_fix_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nedits; i++)
		ap_free(ctx->edits[i].text);
	ctx->nedits = 0;
}

/*
 * Applies the edits that do not collide to src into out; the others are
 * counted in *collisions.  Identical edits (two findings, one fix) count
 * once.  Marks applied[diag].
 */
static int apply_edits(struct ap_fix_ctx *ctx, const char *src, size_t len,
		       struct ap_buf *out, unsigned char *applied,
		       size_t *collisions)
{
	size_t i, pos = 0, last_end = 0;
	int have_last = 0;
	struct edit *prev = NULL;

	qsort(ctx->edits, ctx->nedits, sizeof(*ctx->edits), by_start);
	for (i = 0; i < ctx->nedits; i++) {
		struct edit *e = &ctx->edits[i];

		if (prev != NULL && e->start == prev->start && e->end == prev->end &&
		    e->len == prev->len && memcmp(e->text, prev->text, e->len) == 0) {
			applied[e->diag] = 1;
			continue;
		}
		/* overlapping, or two insertions at one place: refused */
		if (have_last && (e->start < last_end ||
				  (e->start == last_end && prev && prev->start == prev->end &&
				   e->start == e->end))) {
			(*collisions)++;
			continue;
		}
		if (ap_buf_add(out, src + pos, e->start - pos) != AP_OK ||
		    ap_buf_add(out, e->text, e->len) != AP_OK)
			return AP_ENOMEM;
		pos = e->end;
		last_end = e->end;
		have_last = 1;
		prev = e;
		applied[e->diag] = 1;
	}
	if (ap_buf_add(out, src + pos, len - pos) != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

/* One pass: the edits of the findings' fixes.  *parsed is 0 when the text
 * does not parse (nothing to fix then). */
static int collect(struct ap_fix_ctx *ctx, const ap_linter *l, const char *name,
		   const char *text, size_t len, struct ap_diag_list *diags,
		   ap_doc **docp, struct ap_error *err)
{
	ap_doc *doc = NULL;
	size_t i, p;
	int ret;

	ap_diag_list_reset(diags);
	ret = ap_doc_parse(&doc, name, text, len, ap_linter_load_options(l), err);
	if (ret != AP_OK)
		return ret;
	*docp = doc;
	ret = ap_lint_doc(l, doc, diags, err);
	if (ret != AP_OK)
		return ret;
	for (p = 0; p < doc->nproblems; p++)
		if (doc->problems[p].kind != AP_PROBLEM_ENCODING &&
		    doc->problems[p].kind != AP_PROBLEM_SCHEMA)
			return AP_OK;
	if (doc->not_utf8)
		return AP_OK; /* offsets are not the file's */
	ctx->doc = doc;
	for (i = 0; i < diags->count && !ctx->oom; i++) {
		const struct ap_diag *d = &diags->items[i];
		const struct ap_fix *f = find_fix(d->rule_id);

		if (f == NULL || (f->cls == AP_FIX_UNSAFE && !ctx->opt->unsafe))
			continue;
		ctx->diag = i;
		f->apply(ctx, d->line ? node_at(doc->root, d->line, d->col) : NULL);
	}
	if (ctx->oom)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

static int log_applied(struct ap_fix_result *res, const struct ap_diag_list *diags,
		       const unsigned char *applied)
{
	size_t i;

	for (i = 0; i < diags->count; i++) {
		const struct ap_diag *d = &diags->items[i];

		if (applied[i] &&
		    ap_diag_list_add(&res->applied, d->rule_id, AP_SEV_INFO, d->file,
				     d->line, d->col, ap_fix_summary(d->rule_id)) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}

int ap_fix_memory(const ap_linter *l, const char *name, const char *data,
		  size_t len, const struct ap_fix_options *opt,
		  struct ap_fix_result *res, struct ap_error *err)
{
	static const struct ap_fix_options defaults = AP_FIX_OPTIONS_INIT;
	struct ap_fix_ctx ctx;
	struct ap_buf cur = AP_BUF_INIT, next = AP_BUF_INIT;
	unsigned char *applied = NULL;
	unsigned pass;
	size_t last_deferred = 0;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.opt = opt ? opt : &defaults;
	ctx.linter = l;
	ret = ap_buf_add(&cur, data, len);
	if (ret != AP_OK)
		goto oom;
	for (pass = 0;; pass++) {
		ap_doc *doc = NULL;
		struct ap_buf t;
		size_t deferred = 0;

		ret = collect(&ctx, l, name, cur.ptr ? cur.ptr : "", cur.len, &res->remaining,
			      &doc, err);
		if (ret != AP_OK || ctx.nedits == 0 || pass >= ctx.opt->max_passes) {
			/* fixes still pending after the last pass: their edits
			 * collided with others every time */
			if (ret == AP_OK && ctx.nedits > 0)
				res->collisions = last_deferred ? last_deferred : ctx.nedits;
			free_edits(&ctx);
			ap_doc_free(doc);
			break;
		}
		ap_free(applied);
		applied = ap_calloc(res->remaining.count + 1, 1);
		ap_buf_reset(&next);
		ret = applied == NULL ? AP_ENOMEM
				      : apply_edits(&ctx, cur.ptr, cur.len, &next, applied,
						    &deferred);
		if (ret == AP_OK)
			ret = log_applied(res, &res->remaining, applied);
		last_deferred = deferred;
		free_edits(&ctx);
		ap_doc_free(doc);
		if (ret != AP_OK)
			break;
		/* lint the result of this pass in the next */
		t = cur;
		cur = next;
		next = t;
	}
	if (ret == AP_ENOMEM)
		goto oom;
	if (ret != AP_OK)
		goto done;
	res->changed = cur.len != len || memcmp(cur.ptr ? cur.ptr : "", data, len) != 0;
	ap_buf_release(&res->fixed);
	res->fixed = cur;
	cur.ptr = NULL;
	cur.len = cur.alloc = 0;
	goto done;
oom:
	ret = ap_error_set(err, AP_ENOMEM, "out of memory");
done:
	ap_free(ctx.edits);
	ap_free(applied);
	ap_buf_release(&cur);
	ap_buf_release(&next);
	return ret;
}

void ap_fix_result_release(struct ap_fix_result *res)
{
	ap_buf_release(&res->fixed);
	ap_diag_list_release(&res->applied);
	ap_diag_list_release(&res->remaining);
	res->changed = 0;
	res->collisions = 0;
}
