/*
 * Templates: a compiled stylesheet with its parameter description, the
 * rendering pipeline (parameter document -> XSLT -> canonical bytes), the
 * output check (lint for policies, jansson for JSON) and output names.
 */
#include "internal.h"
#include "gen/gen.h"
#include "altinn-policy/fmt.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_POLICY_PATTERN "{identifier}/policy.xml"
#define DEFAULT_JSON_PATTERN "{identifier}/resource.json"

struct ap_gen_template {
	const struct ap_gen_template_info *info;
	struct gen_schema *schema;
	struct gen_xslt *xslt;
	enum ap_gen_output output;
	enum ap_profile profile;
	const char *pattern; /* borrowed from the description, or static */
};

int ap_gen_template_open(ap_gen_template **out, const ap_gen_catalog *c,
			 const char *name, struct ap_error *err)
{
	const struct ap_gen_template_info *info = ap_gen_catalog_find(c, name);
	ap_gen_template *t;
	const json_t *meta;
	const char *const *dirs;
	size_t ndirs;
	int ret;

	*out = NULL;
	if (info == NULL)
		return ap_error_set(err, AP_ENOTFOUND, "no template '%s' (see 'altinn-policy templates')",
				    name);
	t = ap_calloc(1, sizeof(*t));
	if (t == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	t->info = info;
	ret = ap_gen__schema_load(&t->schema, info->schema, err);
	if (ret != AP_OK)
		goto done;
	meta = json_object_get(ap_gen__schema_root(t->schema), "x-altinn-policy");
	t->output = ap_streq(json_string_value(json_object_get(meta, "output")), "json")
			    ? AP_GEN_OUTPUT_JSON : AP_GEN_OUTPUT_POLICY;
	t->profile = AP_PROFILE_CORRESPONDENCE;
	if (json_object_get(meta, "profile") &&
	    ap_profile_parse(&t->profile, json_string_value(json_object_get(meta, "profile"))) != AP_OK)
		t->profile = AP_PROFILE_CORRESPONDENCE;
	t->pattern = json_string_value(json_object_get(meta, "pattern"));
	if (t->pattern == NULL)
		t->pattern = t->output == AP_GEN_OUTPUT_JSON ? DEFAULT_JSON_PATTERN
							     : DEFAULT_POLICY_PATTERN;
	dirs = ap_gen__catalog_dirs(c, &ndirs);
	ret = ap_gen__xslt_compile(&t->xslt, info->stylesheet, dirs, ndirs, err);
done:
	if (ret != AP_OK) {
		ap_gen_template_free(t);
		return ret;
	}
	*out = t;
	return AP_OK;
}

void ap_gen_template_free(ap_gen_template *t)
{
	if (t == NULL)
		return;
	ap_gen__xslt_free(t->xslt);
	ap_gen__schema_free(t->schema);
	ap_free(t);
}

const struct ap_gen_template_info *ap_gen_template_info(const ap_gen_template *t)
{
	return t->info;
}

enum ap_gen_output ap_gen_template_output(const ap_gen_template *t)
{
	return t->output;
}

enum ap_profile ap_gen_template_profile(const ap_gen_template *t)
{
	return t->profile;
}

const char *ap_gen_template_pattern(const ap_gen_template *t)
{
	return t->pattern;
}

const json_t *ap_gen_template_schema(const ap_gen_template *t)
{
	return ap_gen__schema_root(t->schema);
}

const json_t *ap_gen__template_schema_at(const ap_gen_template *t, const struct gen_path *p)
{
	return ap_gen__schema_at(t->schema, p);
}

int ap_gen__template_check(const ap_gen_template *t, json_t *value,
			   gen_report_fn report, void *ctx)
{
	return ap_gen__schema_check(t->schema, value, report, ctx);
}

/* ---- describing ------------------------------------------------------- */

static int describe_node(const json_t *n, const char *path, int required,
			 struct ap_buf *out);

static int describe_members(const json_t *n, const char *path, struct ap_buf *out)
{
	const json_t *props = json_object_get(n, "properties");
	const json_t *req = json_object_get(n, "required");
	const char *k;
	json_t *x;
	char sub[512];

	json_object_foreach((json_t *)props, k, x) {
		size_t i;
		json_t *r;
		int is_req = 0;

		json_array_foreach(req, i, r)
			is_req = is_req || ap_streq(json_string_value(r), k);
		if (snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", k) >= (int)sizeof(sub))
			continue;
		if (describe_node(x, sub, is_req, out) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}

static int describe_node(const json_t *n, const char *path, int required,
			 struct ap_buf *out)
{
	const json_t *type = json_object_get(n, "type");
	const json_t *items = json_object_get(n, "items");
	const json_t *x;
	char *s;
	char typebuf[100];
	int ret = AP_OK;

	if (json_is_string(type))
		snprintf(typebuf, sizeof(typebuf), "%s", json_string_value(type));
	else
		snprintf(typebuf, sizeof(typebuf), "any");
	if (ap_streq(json_string_value(type), "array") && json_is_string(json_object_get(items, "type")))
		snprintf(typebuf, sizeof(typebuf), "array of %s",
			 json_string_value(json_object_get(items, "type")));
	if ((x = json_object_get(n, "format")) || (x = json_object_get(items, "format")))
		snprintf(typebuf + strlen(typebuf), sizeof(typebuf) - strlen(typebuf), " (%s)",
			 json_string_value(x));
	if (ap_buf_addf(out, "  %-34s %s%s", path, typebuf, required ? ", required" : "") != AP_OK)
		return AP_ENOMEM;
	if ((x = json_object_get(n, "default")) != NULL) {
		s = json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);
		ret = s ? ap_buf_addf(out, ", default %s", s) : AP_ENOMEM;
		free(s);
	}
	if (ret == AP_OK && ((x = json_object_get(n, "enum")) || (x = json_object_get(items, "enum")))) {
		s = json_dumps(x, JSON_COMPACT);
		ret = s ? ap_buf_addf(out, ", one of %s", s) : AP_ENOMEM;
		free(s);
	}
	if (ret == AP_OK && (x = json_object_get(n, "description")) != NULL)
		ret = ap_buf_addf(out, "\n  %-34s %s", "", json_string_value(x));
	if (ret == AP_OK)
		ret = ap_buf_addch(out, '\n');
	if (ret != AP_OK)
		return AP_ENOMEM;
	if (json_object_get(n, "properties"))
		return describe_members(n, path, out);
	if (json_object_get(items, "properties")) {
		char sub[512];

		if (snprintf(sub, sizeof(sub), "%s.N", path) >= (int)sizeof(sub))
			return AP_OK;
		return describe_members(items, sub, out);
	}
	return AP_OK;
}

int ap_gen_template_describe(const ap_gen_template *t, struct ap_buf *out)
{
	const json_t *root = ap_gen__schema_root(t->schema);
	const json_t *d = json_object_get(root, "description");

	if (ap_buf_addf(out, "%s: %s\n", t->info->name, t->info->title) != AP_OK ||
	    (d && ap_buf_addf(out, "\n%s\n", json_string_value(d)) != AP_OK) ||
	    ap_buf_addf(out, "\noutput: %s (%s%s%s), default file name %s\n",
			t->output == AP_GEN_OUTPUT_JSON ? "JSON" : "XACML policy",
			t->output == AP_GEN_OUTPUT_JSON ? "checked as JSON" : "linted with the ",
			t->output == AP_GEN_OUTPUT_JSON ? "" : ap_profile_name(t->profile),
			t->output == AP_GEN_OUTPUT_JSON ? "" : " profile", t->pattern) != AP_OK ||
	    ap_buf_addf(out, "stylesheet: %s\nparameters: %s\n", t->info->stylesheet,
			t->info->schema) != AP_OK ||
	    (t->info->example && ap_buf_addf(out, "example: %s\n", t->info->example) != AP_OK) ||
	    ap_buf_adds(out, "\nparameters:\n") != AP_OK)
		return AP_ENOMEM;
	return describe_members(root, "", out);
}

/* ---- rendering -------------------------------------------------------- */

int ap_gen__canonical_output(enum ap_gen_output kind, const char *data,
			     size_t len, struct ap_buf *out, struct ap_error *err)
{
	int ret;

	/* policies: fmt's canonical form, so generated files never show up
	 * in `fmt --check`; a stylesheet that wrote something fmt cannot
	 * read is reported as fmt reports it */
	if (kind == AP_GEN_OUTPUT_POLICY) {
		char why[sizeof(err->message)];

		ret = ap_fmt_memory(data, len, "<generated>", NULL, out, err);
		if (ret != AP_EPARSE)
			return ret;
		snprintf(why, sizeof(why), "%s", err->message);
		return ap_error_set(err, AP_EPARSE,
				    "the template wrote a policy fmt cannot read: %s", why);
	}
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == ' ' ||
			   data[len - 1] == '\r' || data[len - 1] == '\t'))
		len--;
	if (ap_buf_add(out, data, len) != AP_OK || ap_buf_addch(out, '\n') != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

int ap_gen_render(const ap_gen_template *t, const json_t *params,
		  struct ap_buf *out, struct ap_error *err)
{
	void *doc = NULL;
	struct ap_buf raw = AP_BUF_INIT;
	int ret;

	ret = ap_gen__params_doc(&doc, params, err);
	if (ret != AP_OK)
		goto done;
	ret = ap_gen__xslt_apply(t->xslt, doc, &raw, err);
	if (ret != AP_OK)
		goto done;
	ret = ap_gen__canonical_output(t->output, raw.ptr ? raw.ptr : "", raw.len, out, err);
done:
	ap_buf_release(&raw);
	xmlFreeDoc(doc);
	return ret;
}

int ap_gen_check_output(const ap_gen_template *t, const ap_linter *linter,
			const char *name, const char *buf, size_t len,
			struct ap_diag_list *diags, struct ap_error *err)
{
	json_error_t je;
	json_t *v;

	if (t->output == AP_GEN_OUTPUT_POLICY)
		return linter ? ap_lint_memory(linter, name, buf, len, diags, err) : AP_OK;
	v = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (v == NULL || !json_is_object(v)) {
		int ret = ap_diag_list_add(diags, "output", AP_SEV_ERROR, name,
					   v ? 1 : (uint32_t)je.line, v ? 1 : (uint32_t)je.column,
					   v ? "the template's output is not a JSON object"
					     : "the template's output is not JSON");

		json_decref(v);
		return ret == AP_OK ? AP_OK : ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	json_decref(v);
	return AP_OK;
}

/* ---- output names ----------------------------------------------------- */

static int safe_component(const char *s)
{
	const char *p;

	if (s[0] == '\0' || s[0] == '.' || strstr(s, "..") || strchr(s, '/') || strchr(s, '\\'))
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return 0;
	return 1;
}

static const json_t *lookup(const json_t *params, const char *key, size_t len)
{
	char buf[256], *step, *dot;
	const json_t *cur = params;

	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, key, len);
	buf[len] = '\0';
	for (step = buf; cur; step = dot + 1) {
		dot = strchr(step, '.');
		if (dot)
			*dot = '\0';
		if (json_is_array(cur)) {
			char *end;
			unsigned long i = strtoul(step, &end, 10);

			cur = *end == '\0' && end != step ? json_array_get(cur, i) : NULL;
		} else {
			cur = json_object_get(cur, step);
		}
		if (!dot)
			break;
	}
	return cur;
}

int ap_gen_expand_pattern(const char *pattern, const json_t *params,
			  struct ap_buf *out, struct ap_error *err)
{
	const char *p = pattern;

	while (*p) {
		const char *close;
		const json_t *v;
		char num[32];
		const char *text;

		if (*p != '{') {
			if (*p == '}')
				return ap_error_set(err, AP_EINVALID, "unbalanced '}' in '%s'", pattern);
			if (ap_buf_addch(out, *p++) != AP_OK)
				return ap_error_set(err, AP_ENOMEM, "out of memory");
			continue;
		}
		close = strchr(p, '}');
		if (close == NULL)
			return ap_error_set(err, AP_EINVALID, "unbalanced '{' in '%s'", pattern);
		v = lookup(params, p + 1, (size_t)(close - p - 1));
		if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			text = num;
		} else {
			return ap_error_set(err, AP_EINVALID, "'{%.*s}' in '%s' names no string or "
					    "number parameter", (int)(close - p - 1), p + 1, pattern);
		}
		if (!safe_component(text))
			return ap_error_set(err, AP_EINVALID, "the value of '{%.*s}' ('%.60s') cannot "
					    "be part of a file name", (int)(close - p - 1), p + 1, text);
		if (ap_buf_adds(out, text) != AP_OK)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		p = close + 1;
	}
	if (out->ptr == NULL && ap_buf_add(out, "", 0) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}
