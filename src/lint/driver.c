/*
 * The lint driver: one walk over the model, each node handed to the rules
 * that asked for its kind, then the whole-document checks; findings sorted.
 */
#include "internal.h"
#include "lint/rule.h"
#include "lint/suppress.h"
#include "xml/parse.h"
#include "altinn-policy/fsutil.h"

#include <jansson.h>
#include "policy/ids.h"
#include "xml/schema.h"

#include <stdio.h>

#define AP_MAX_RULES 256

/* The default requirements of the correspondence rules. */
static const char *const default_actions[] = {"read", "write", "subscribe"};
static const struct ap_requirements default_requirements = {
	default_actions, 3, AP_ID_ROLECODE, "DAGL",
};

struct active_rule {
	const struct ap_rule *rule;
	int forced;                  /* severity set by configuration */
	enum ap_severity severity;   /* the forced severity */
	const struct json_t *options;
};

struct ap_linter {
	struct ap_lint_options opts;
	char *resource_id;
	ap_schema *schema;
	struct ap_requirements req; /* defaults merged with the configured */
	struct active_rule active[AP_MAX_RULES];
	size_t nactive;
	/* indexes into active[] per node kind, in registry order */
	uint16_t by_kind[AP_NODE_KIND_COUNT][AP_MAX_RULES];
	size_t nby_kind[AP_NODE_KIND_COUNT];
};

struct ap_lint_ctx {
	const struct ap_linter *linter;
	const struct ap_doc *doc;
	const struct active_rule *rule; /* the running rule */
	struct ap_diag_list *out;
	const char *resource_id;
	int resource_id_known;
	const char *published_id; /* from resource.json beside the file */
	const struct ap_suppressions *suppressions;
	int oom;
};

/* Severity and options of a rule: later settings override earlier ones
 * field by field. */
static void resolve_setting(const struct ap_lint_options *o, const char *id,
			    struct active_rule *a)
{
	size_t i;

	a->forced = 0;
	a->options = NULL;
	for (i = 0; i < o->nrules; i++) {
		if (strcmp(o->rules[i].id, id) != 0)
			continue;
		if (o->rules[i].has_severity) {
			a->forced = 1;
			a->severity = o->rules[i].severity;
		}
		if (o->rules[i].options)
			a->options = o->rules[i].options;
	}
}

int ap_linter_new(ap_linter **out, const struct ap_lint_options *opts,
		  struct ap_error *err)
{
	struct ap_linter *l;
	size_t i;
	unsigned k;
	int ret = AP_OK;

	*out = NULL;
	ap_xml__init();
	l = ap_calloc(1, sizeof(*l));
	if (l == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	l->opts = *opts;
	if (opts->resource_id != NULL) {
		l->resource_id = ap_strdup(opts->resource_id);
		if (l->resource_id == NULL) {
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
	}
	l->opts.resource_id = l->resource_id;
	if (opts->validate_schema) {
		ret = ap_schema_new(&l->schema, err);
		if (ret != AP_OK)
			goto done;
	}
	l->opts.load.schema = l->schema;
	/* requirements the configuration leaves out keep their defaults */
	l->req = default_requirements;
	if (opts->require && opts->require->nactions) {
		l->req.actions = opts->require->actions;
		l->req.nactions = opts->require->nactions;
	}
	if (opts->require && opts->require->subject_id) {
		l->req.subject_id = opts->require->subject_id;
		l->req.subject_value = opts->require->subject_value;
	}
	for (i = 0; i < ap_rule_table_len && l->nactive < AP_MAX_RULES; i++) {
		const struct ap_rule *r = ap_rule_table[i];
		struct active_rule *a = &l->active[l->nactive];

		resolve_setting(opts, r->id, a);
		/* the profile decides, unless the configuration sets a severity */
		if (a->forced ? a->severity == AP_SEV_OFF
			      : (!(r->profiles & AP_PROFILE_BIT(opts->profile)) ||
				 r->severity == AP_SEV_OFF))
			continue;
		a->rule = r;
		for (k = 0; k < AP_NODE_KIND_COUNT; k++)
			if (r->check && (r->visits & AP_VISIT(k)))
				l->by_kind[k][l->nby_kind[k]++] = (uint16_t)l->nactive;
		l->nactive++;
	}
done:
	if (ret != AP_OK) {
		ap_linter_free(l);
		return ret;
	}
	*out = l;
	return AP_OK;
}

void ap_linter_free(ap_linter *l)
{
	if (l == NULL)
		return;
	ap_schema_free(l->schema);
	ap_free(l->resource_id);
	ap_free(l);
}

const struct ap_load_options *ap_linter_load_options(const ap_linter *l)
{
	return &l->opts.load;
}

void ap_lint_ctx_nomem(struct ap_lint_ctx *ctx)
{
	ctx->oom = 1;
}

static void report_va(struct ap_lint_ctx *ctx, uint32_t line, uint32_t col,
		      enum ap_severity sev, const char *fmt, va_list ap)
{
	char msg[2048];

	if (ctx->oom || sev == AP_SEV_OFF)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ctx->rule->forced)
		sev = ctx->rule->severity;
	if (ap_diag_list_add(ctx->out, ctx->rule->rule->id, sev, ctx->doc->name, line,
			     col, msg) != AP_OK)
		ctx->oom = 1;
}

/* Attaches the source line of each finding (for the text format). */
static int add_snippets(const struct ap_doc *doc, struct ap_diag_list *l)
{
	const char *s = doc->source, *end, *p = s;
	uint32_t line = 1;
	size_t i;

	if (s == NULL)
		return AP_OK;
	end = s + doc->source_len;
	/* findings are sorted by line: one pass over the source */
	for (i = 0; i < l->count; i++) {
		struct ap_diag *d = &l->items[i];
		const char *eol;

		if (d->line == 0)
			continue;
		if (d->line < line) {
			p = s;
			line = 1;
		}
		while (line < d->line && p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (nl == NULL) {
				p = end;
				break;
			}
			p = nl + 1;
			line++;
		}
		if (line != d->line)
			continue;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (eol > p && eol[-1] == '\r')
			eol--;
		/* very long lines (one-line policies) keep 512 bytes */
		if (ap_diag_set_snippet(d, p, (size_t)(eol - p) > 512 ? 512 : (size_t)(eol - p)) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}

void ap_lint_report(struct ap_lint_ctx *ctx, const struct ap_node *node,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_va(ctx, node ? node->line : 0, node ? node->col : 0,
		  ctx->rule->rule->severity, fmt, ap);
	va_end(ap);
}

void ap_lint_report_sev(struct ap_lint_ctx *ctx, const struct ap_node *node,
			enum ap_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_va(ctx, node ? node->line : 0, node ? node->col : 0, sev, fmt, ap);
	va_end(ap);
}

void ap_lint_report_at(struct ap_lint_ctx *ctx, uint32_t line, uint32_t col,
		       enum ap_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_va(ctx, line, col, sev, fmt, ap);
	va_end(ap);
}

const struct ap_doc *ap_lint_ctx_doc(const struct ap_lint_ctx *ctx)
{
	return ctx->doc;
}

const struct ap_lint_options *ap_lint_ctx_options(const struct ap_lint_ctx *ctx)
{
	return &ctx->linter->opts;
}

enum ap_severity ap_lint_ctx_default_severity(const struct ap_lint_ctx *ctx)
{
	return ctx->rule->rule->severity;
}

const struct ap_suppressions *ap_lint_ctx_suppressions(const struct ap_lint_ctx *ctx)
{
	return ctx->suppressions;
}

const struct ap_requirements *ap_lint_ctx_requirements(const struct ap_lint_ctx *ctx)
{
	return &ctx->linter->req;
}

const char *ap_lint_ctx_published_id(const struct ap_lint_ctx *ctx)
{
	return ctx->linter->opts.resource_id ? ctx->linter->opts.resource_id
					     : ctx->published_id;
}

enum ap_profile ap_lint_ctx_profile(const struct ap_lint_ctx *ctx)
{
	return ctx->linter->opts.profile;
}

const struct json_t *ap_lint_ctx_rule_options(const struct ap_lint_ctx *ctx)
{
	return ctx->rule->options;
}

const struct json_t *ap_linter__rule_options(const ap_linter *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->nactive; i++)
		if (strcmp(l->active[i].rule->id, id) == 0)
			return l->active[i].options;
	return NULL;
}

const struct ap_node *ap_lint_ctx_policy(const struct ap_lint_ctx *ctx)
{
	const struct ap_node *r = ctx->doc->root;

	return r != NULL && r->kind == AP_NODE_POLICY ? r : NULL;
}

/* First urn:altinn:resource value of a resource Match, document order. */
static const char *find_resource_id(const struct ap_node *n)
{
	const struct ap_node *c;
	const char *id;

	if (n->kind == AP_NODE_MATCH) {
		const struct ap_node *d = n->u.match.designator;
		const struct ap_node *v = n->u.match.value;

		if (d && v && d->u.designator.category == AP_CAT_RESOURCE &&
		    ap_streq(d->u.designator.attribute_id, AP_ID_RESOURCE))
			return v->text;
		return NULL;
	}
	for (c = n->first_child; c; c = c->next)
		if ((id = find_resource_id(c)) != NULL)
			return id;
	return NULL;
}

const char *ap_lint_ctx_resource_id(struct ap_lint_ctx *ctx)
{
	if (!ctx->resource_id_known) {
		ctx->resource_id_known = 1;
		if (ap_lint_ctx_published_id(ctx))
			ctx->resource_id = ap_lint_ctx_published_id(ctx);
		else if (ctx->doc->root)
			ctx->resource_id = find_resource_id(ctx->doc->root);
	}
	return ctx->resource_id;
}

static int doc_is_broken(const struct ap_doc *doc)
{
	size_t i;

	if (doc->root == NULL)
		return 1;
	for (i = 0; i < doc->nproblems; i++) {
		switch (doc->problems[i].kind) {
		case AP_PROBLEM_NOT_WELL_FORMED:
		case AP_PROBLEM_ENTITY:
		case AP_PROBLEM_TOO_LARGE:
		case AP_PROBLEM_TOO_DEEP:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static void run_checks(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_linter *l = ctx->linter;
	size_t i;

	for (i = 0; i < l->nby_kind[n->kind]; i++) {
		ctx->rule = &l->active[l->by_kind[n->kind][i]];
		ctx->rule->rule->check(ctx, n);
	}
}

static void walk(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *c;

	run_checks(ctx, n);
	for (c = n->first_child; c; c = c->next)
		walk(ctx, c);
}

/* Whole-document checks of one phase (0, or AP_RULE_AFTER_SUPPRESSION). */
static void run_doc_checks(struct ap_lint_ctx *ctx, int broken, unsigned phase)
{
	const struct ap_linter *l = ctx->linter;
	size_t i;

	for (i = 0; i < l->nactive; i++) {
		const struct ap_rule *r = l->active[i].rule;

		if (r->check_doc == NULL || (r->flags & AP_RULE_AFTER_SUPPRESSION) != phase ||
		    (broken && !(r->flags & AP_RULE_ON_BROKEN)))
			continue;
		ctx->rule = &l->active[i];
		r->check_doc(ctx, ctx->doc);
	}
}

static int lint_doc(const ap_linter *l, const ap_doc *doc,
		    const char *published_id, struct ap_diag_list *out,
		    struct ap_error *err)
{
	struct ap_diag_list found = AP_DIAG_LIST_INIT;
	struct ap_suppressions sup = {NULL, 0};
	struct ap_lint_ctx ctx;
	int broken = doc_is_broken(doc);
	int ret = AP_OK;

	memset(&ctx, 0, sizeof(ctx));
	ctx.linter = l;
	ctx.doc = doc;
	ctx.out = &found;
	ctx.published_id = published_id;
	if (!broken) {
		const struct ap_node *c;

		for (c = doc->prolog_comments; c; c = c->next)
			run_checks(&ctx, c);
		walk(&ctx, doc->root);
	}
	run_doc_checks(&ctx, broken, 0);
	if (!l->opts.no_inline_config) {
		if (ap_suppress__collect(doc, &sup) != AP_OK) {
			ctx.oom = 1;
		} else {
			ap_suppress__filter(&sup, &found);
			ctx.suppressions = &sup;
		}
	}
	run_doc_checks(&ctx, broken, AP_RULE_AFTER_SUPPRESSION);
	if (ctx.oom) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory linting '%s'",
				   doc->name);
		goto done;
	}
	ap_diag_list_sort(&found);
	if (add_snippets(doc, &found) != AP_OK) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	if (ap_diag_list_move(out, &found) != AP_OK)
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
done:
	ap_suppress__release(&sup);
	ap_diag_list_release(&found);
	return ret;
}

int ap_lint_doc(const ap_linter *l, const ap_doc *doc,
		struct ap_diag_list *out, struct ap_error *err)
{
	return lint_doc(l, doc, NULL, out, err);
}

/*
 * The "identifier" of a resource.json in the directory of path (the
 * registry resource the policy belongs to), or NULL.  Caller frees.
 */
static char *resource_json_identifier(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct ap_buf name = AP_BUF_INIT;
	char *buf = NULL, *id = NULL;
	json_t *root = NULL;
	size_t len;

	if (strcmp(path, "-") == 0)
		return NULL;
	if ((slash ? ap_buf_add(&name, path, (size_t)(slash - path + 1)) : AP_OK) != AP_OK ||
	    ap_buf_adds(&name, "resource.json") != AP_OK)
		goto done;
	if (ap_file_read(&buf, &len, name.ptr, 1 << 20, NULL) != AP_OK)
		goto done;
	root = json_loadb(buf, len, 0, NULL);
	if (json_is_string(json_object_get(root, "identifier")))
		id = ap_strdup(json_string_value(json_object_get(root, "identifier")));
done:
	json_decref(root);
	ap_free(buf);
	ap_buf_release(&name);
	return id;
}

int ap_lint_file(const ap_linter *l, const char *path, const char *name,
		 struct ap_diag_list *out, struct ap_error *err)
{
	ap_doc *doc = NULL;
	char *published = NULL;
	int ret;

	ret = ap_doc_load_file(&doc, path, name, &l->opts.load, err);
	if (ret != AP_OK)
		return ret;
	if (l->opts.resource_json && l->opts.resource_id == NULL)
		published = resource_json_identifier(path);
	ret = lint_doc(l, doc, published, out, err);
	ap_free(published);
	ap_doc_free(doc);
	return ret;
}

int ap_lint_memory(const ap_linter *l, const char *name, const char *buf,
		   size_t len, struct ap_diag_list *out, struct ap_error *err)
{
	ap_doc *doc = NULL;
	int ret;

	ret = ap_doc_parse(&doc, name, buf, len, &l->opts.load, err);
	if (ret != AP_OK)
		return ret;
	ret = ap_lint_doc(l, doc, out, err);
	ap_doc_free(doc);
	return ret;
}
