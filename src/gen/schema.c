/*
 * Parameter descriptions: a documented subset of JSON Schema, checked in C
 * (docs/templates.md).  A description is checked keyword by keyword when it
 * is loaded (with file:line:col), its "$ref"s are inlined, and its patterns
 * are compiled once, so checking a parameter object is a plain walk.
 */
#include "internal.h"
#include "altinn-policy/fsutil.h"
#include "gen/gen.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_SCHEMA_FILE (1u << 20)
#define MAX_REF_DEPTH 16
#define MAX_FILES 8

/* Patterns of one description node. */
struct compiled {
	const json_t *node;
	pcre2_code *pattern; /* "pattern" */
	pcre2_code *format;  /* the named format's own pattern */
};

/* A description file as read, for positions. */
struct source {
	char *path;
	char *text;
	size_t len;
	json_t *root;
};

struct gen_schema {
	json_t *root; /* resolved */
	struct compiled *re;
	size_t nre;
	struct source files[MAX_FILES];
	size_t nfiles;
};

struct loader {
	struct gen_schema *s;
	struct ap_error *err;
	char *dir;
};

static const char *const type_names[] = {
	"object", "array", "string", "integer", "number", "boolean", "null",
};

static int bad_at(struct loader *L, const struct source *f,
		  const struct gen_path *p, int at_key, const char *what)
{
	uint32_t line, col;
	char where[200];

	ap_gen__json_pos(f->text, f->len, 0, 1, 1, p, at_key, &line, &col);
	ap_gen__path_format(p, where, sizeof(where));
	return ap_error_set_at(L->err, AP_EPARSE, f->path, line, col,
			       "%s:%u:%u: %s%s%s", f->path, (unsigned)line,
			       (unsigned)col, where, where[0] ? ": " : "", what);
}

static int read_source(struct loader *L, const char *path, struct source **out)
{
	struct source *f;
	json_error_t jerr;
	size_t i;
	int ret;

	for (i = 0; i < L->s->nfiles; i++)
		if (strcmp(L->s->files[i].path, path) == 0) {
			*out = &L->s->files[i];
			return AP_OK;
		}
	if (L->s->nfiles == MAX_FILES)
		return ap_error_set_at(L->err, AP_EPARSE, path, 0, 0,
				       "%s: too many description files referenced", path);
	f = &L->s->files[L->s->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = ap_strdup(path);
	if (f->path == NULL)
		return ap_error_set(L->err, AP_ENOMEM, "out of memory");
	L->s->nfiles++;
	ret = ap_file_read(&f->text, &f->len, path, MAX_SCHEMA_FILE, L->err);
	if (ret != AP_OK)
		return ret;
	f->root = json_loadb(f->text, f->len, JSON_REJECT_DUPLICATES, &jerr);
	if (f->root == NULL)
		return ap_error_set_at(L->err, AP_EPARSE, path, (uint32_t)jerr.line,
				       (uint32_t)jerr.column, "%s:%d:%d: %s", path,
				       jerr.line, jerr.column, jerr.text);
	*out = f;
	return AP_OK;
}

/* ---- checking the description itself ---------------------------------- */

static int check_node(struct loader *L, const struct source *f,
		      const json_t *n, struct gen_path *p, int root);

static int is_type_name(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (strcmp(type_names[i], s) == 0)
			return 1;
	return 0;
}

static int check_type(struct loader *L, const struct source *f,
		      const json_t *v, struct gen_path *p)
{
	size_t i;
	json_t *t;

	if (json_is_string(v) && is_type_name(json_string_value(v)))
		return AP_OK;
	if (json_is_array(v) && json_array_size(v) > 0) {
		json_array_foreach(v, i, t)
			if (!json_is_string(t) || !is_type_name(json_string_value(t)))
				return bad_at(L, f, p, 0, "unknown type name");
		return AP_OK;
	}
	return bad_at(L, f, p, 0, "'type' is one of object, array, string, integer, "
		      "number, boolean, null (or an array of them)");
}

static int check_members(struct loader *L, const struct source *f,
			 const json_t *v, struct gen_path *p)
{
	const char *k;
	json_t *x;
	int ret;

	if (!json_is_object(v))
		return bad_at(L, f, p, 0, "must be an object of descriptions");
	json_object_foreach((json_t *)v, k, x) {
		if (ap_gen__path_push_key(p, k) != 0)
			return bad_at(L, f, p, 0, "nested too deeply");
		ret = check_node(L, f, x, p, 0);
		p->n--;
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

static int check_pattern(struct loader *L, const struct source *f,
			 const json_t *v, struct gen_path *p)
{
	pcre2_code *re;
	int code;
	PCRE2_SIZE off;
	char msg[300];
	PCRE2_UCHAR8 emsg[200];

	if (!json_is_string(v))
		return bad_at(L, f, p, 0, "'pattern' must be a string (PCRE2)");
	re = pcre2_compile((PCRE2_SPTR)json_string_value(v), PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF, &code, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(code, emsg, sizeof(emsg));
		snprintf(msg, sizeof(msg), "the pattern does not compile at offset %zu: %s",
			 (size_t)off, (const char *)emsg);
		return bad_at(L, f, p, 0, msg);
	}
	pcre2_code_free(re);
	return AP_OK;
}

static int check_meta(struct loader *L, const struct source *f,
		      const json_t *v, struct gen_path *p)
{
	const char *k;
	json_t *x;
	enum ap_profile prof;

	if (!json_is_object(v))
		return bad_at(L, f, p, 0, "must be an object (output, profile, pattern)");
	json_object_foreach((json_t *)v, k, x) {
		int ok;

		if (strcmp(k, "output") == 0)
			ok = json_is_string(x) && (ap_streq(json_string_value(x), "policy") ||
						   ap_streq(json_string_value(x), "json"));
		else if (strcmp(k, "profile") == 0)
			ok = json_is_string(x) && ap_profile_parse(&prof, json_string_value(x)) == AP_OK;
		else if (strcmp(k, "pattern") == 0)
			ok = json_is_string(x) && json_string_length(x) > 0;
		else
			ok = 0;
		if (!ok) {
			int ret;

			if (ap_gen__path_push_key(p, k) != 0)
				return bad_at(L, f, p, 0, "nested too deeply");
			ret = bad_at(L, f, p, 0, "x-altinn-policy has output (policy, json), "
				     "profile (a lint profile) and pattern (an output file name)");
			p->n--;
			return ret;
		}
	}
	return AP_OK;
}

static int check_keyword(struct loader *L, const struct source *f,
			 const char *k, const json_t *v, struct gen_path *p,
			 int root)
{
	size_t i;
	json_t *x;

	if (strcmp(k, "type") == 0)
		return check_type(L, f, v, p);
	if (strcmp(k, "properties") == 0 || strcmp(k, "$defs") == 0)
		return check_members(L, f, v, p);
	if (strcmp(k, "items") == 0)
		return check_node(L, f, v, p, 0);
	if (strcmp(k, "additionalProperties") == 0)
		return json_is_boolean(v) ? AP_OK : check_node(L, f, v, p, 0);
	if (strcmp(k, "required") == 0) {
		if (!json_is_array(v))
			return bad_at(L, f, p, 0, "'required' must be an array of names");
		json_array_foreach(v, i, x)
			if (!json_is_string(x))
				return bad_at(L, f, p, 0, "'required' must be an array of names");
		return AP_OK;
	}
	if (strcmp(k, "enum") == 0 || strcmp(k, "examples") == 0)
		return json_is_array(v) && json_array_size(v) > 0
			       ? AP_OK : bad_at(L, f, p, 0, "must be a non-empty array");
	if (strcmp(k, "pattern") == 0)
		return check_pattern(L, f, v, p);
	if (strcmp(k, "format") == 0)
		return json_is_string(v) && ap_gen__format_known(json_string_value(v))
			       ? AP_OK
			       : bad_at(L, f, p, 0, "unknown format (access-package, action, "
					"auth-level, org-number, orgcode, resource-id, role-code, subject)");
	if (strcmp(k, "minimum") == 0 || strcmp(k, "maximum") == 0)
		return json_is_number(v) ? AP_OK : bad_at(L, f, p, 0, "must be a number");
	if (strcmp(k, "minLength") == 0 || strcmp(k, "maxLength") == 0 ||
	    strcmp(k, "minItems") == 0 || strcmp(k, "maxItems") == 0)
		return json_is_integer(v) && json_integer_value(v) >= 0
			       ? AP_OK : bad_at(L, f, p, 0, "must be a non-negative integer");
	if (strcmp(k, "uniqueItems") == 0)
		return json_is_boolean(v) ? AP_OK : bad_at(L, f, p, 0, "must be true or false");
	if (strcmp(k, "default") == 0)
		return AP_OK;
	if (strcmp(k, "title") == 0 || strcmp(k, "description") == 0 ||
	    strcmp(k, "$comment") == 0 || strcmp(k, "$schema") == 0 ||
	    strcmp(k, "$id") == 0 || strcmp(k, "$ref") == 0)
		return json_is_string(v) ? AP_OK : bad_at(L, f, p, 0, "must be a string");
	if (root && strcmp(k, "x-altinn-policy") == 0)
		return check_meta(L, f, v, p);
	return bad_at(L, f, p, 1, "keyword not in the supported subset (docs/templates.md)");
}

static int check_node(struct loader *L, const struct source *f,
		      const json_t *n, struct gen_path *p, int root)
{
	const char *k;
	json_t *v;
	int ret;

	if (p->n > AP_GEN_MAX_DEPTH)
		return bad_at(L, f, p, 0, "nested too deeply");
	if (!json_is_object(n))
		return bad_at(L, f, p, 0, "a description must be an object");
	json_object_foreach((json_t *)n, k, v) {
		if (ap_gen__path_push_key(p, k) != 0)
			return bad_at(L, f, p, 0, "nested too deeply");
		ret = check_keyword(L, f, k, v, p, root);
		p->n--;
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

/* ---- $ref ------------------------------------------------------------- */

static json_t *resolve(struct loader *L, const struct source *self,
		       const json_t *n, int depth, int *ret);

/* The target of ref ("#/$defs/x" or "file.json#/$defs/x"). */
static json_t *resolve_ref(struct loader *L, const struct source *self,
			   const char *ref, int depth, int *ret)
{
	const char *hash = strchr(ref, '#');
	const struct source *in = self;
	struct source *ext = NULL;
	const json_t *target;
	char path[4096];

	if (hash == NULL || strncmp(hash, "#/$defs/", 8) != 0 || strchr(hash + 8, '/')) {
		*ret = ap_error_set_at(L->err, AP_EPARSE, self->path, 0, 0,
				       "%s: $ref '%s': only '#/$defs/<name>' and "
				       "'<file>#/$defs/<name>' are supported", self->path, ref);
		return NULL;
	}
	if (hash != ref) {
		if (memchr(ref, '/', (size_t)(hash - ref)) != NULL || ref[0] == '.') {
			*ret = ap_error_set_at(L->err, AP_EPARSE, self->path, 0, 0,
					       "%s: $ref '%s': the file must sit beside the description",
					       self->path, ref);
			return NULL;
		}
		snprintf(path, sizeof(path), "%s/%.*s", L->dir, (int)(hash - ref), ref);
		*ret = read_source(L, path, &ext);
		if (*ret != AP_OK)
			return NULL;
		if (ext->root != NULL) {
			struct gen_path p = {0};

			*ret = check_node(L, ext, ext->root, &p, 0);
			if (*ret != AP_OK)
				return NULL;
		}
		in = ext;
	}
	target = json_object_get(json_object_get(in->root, "$defs"), hash + 8);
	if (target == NULL) {
		*ret = ap_error_set_at(L->err, AP_EPARSE, self->path, 0, 0,
				       "%s: $ref '%s' names nothing", self->path, ref);
		return NULL;
	}
	return resolve(L, in, target, depth + 1, ret);
}

static json_t *resolve(struct loader *L, const struct source *self,
		       const json_t *n, int depth, int *ret)
{
	json_t *out = NULL, *x, *r;
	const char *k;
	size_t i;

	if (depth > MAX_REF_DEPTH) {
		*ret = ap_error_set_at(L->err, AP_EPARSE, self->path, 0, 0,
				       "%s: $refs nested too deeply (a cycle?)", self->path);
		return NULL;
	}
	if (json_is_object(n)) {
		const json_t *ref = json_object_get(n, "$ref");

		out = ref ? resolve_ref(L, self, json_string_value(ref), depth, ret) : json_object();
		if (out == NULL)
			goto fail;
		json_object_foreach((json_t *)n, k, x) {
			if (strcmp(k, "$ref") == 0 || strcmp(k, "$defs") == 0)
				continue;
			r = resolve(L, self, x, depth, ret);
			if (r == NULL || json_object_set_new(out, k, r) != 0)
				goto fail;
		}
		return out;
	}
	if (json_is_array(n)) {
		out = json_array();
		if (out == NULL)
			goto fail;
		json_array_foreach(n, i, x) {
			r = resolve(L, self, x, depth, ret);
			if (r == NULL || json_array_append_new(out, r) != 0)
				goto fail;
		}
		return out;
	}
	return json_incref((json_t *)n);
fail:
	json_decref(out);
	if (*ret == AP_OK)
		*ret = ap_error_set(L->err, AP_ENOMEM, "out of memory");
	return NULL;
}

/* ---- compiling patterns ----------------------------------------------- */

static int compile(struct gen_schema *s, const json_t *n, struct ap_error *err)
{
	const json_t *pat = json_object_get(n, "pattern");
	const json_t *fmt = json_object_get(n, "format");
	const char *fpat = fmt ? ap_gen__format_pattern(json_string_value(fmt)) : NULL;
	const char *k;
	json_t *x;
	size_t i;
	int code, ret;
	PCRE2_SIZE off;

	if (!json_is_object(n))
		return AP_OK;
	if (pat || fpat) {
		struct compiled *c = ap_realloc(s->re, (s->nre + 1) * sizeof(*c));

		if (c == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		s->re = c;
		c = &s->re[s->nre++];
		c->node = n;
		c->pattern = pat ? pcre2_compile((PCRE2_SPTR)json_string_value(pat),
						 PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL)
				 : NULL;
		c->format = fpat ? pcre2_compile((PCRE2_SPTR)fpat, PCRE2_ZERO_TERMINATED,
						 PCRE2_UTF, &code, &off, NULL)
				 : NULL;
		if ((pat && c->pattern == NULL) || (fpat && c->format == NULL))
			return ap_error_set(err, AP_ENOMEM, "out of memory compiling a pattern");
	}
	json_object_foreach((json_t *)n, k, x) {
		if (strcmp(k, "properties") == 0) {
			const char *pk;
			json_t *px;

			json_object_foreach(x, pk, px)
				if ((ret = compile(s, px, err)) != AP_OK)
					return ret;
		} else if (strcmp(k, "items") == 0 || strcmp(k, "additionalProperties") == 0) {
			if ((ret = compile(s, x, err)) != AP_OK)
				return ret;
		}
	}
	(void)i;
	return AP_OK;
}

int ap_gen__schema_load(struct gen_schema **out, const char *path,
			struct ap_error *err)
{
	struct loader L;
	struct source *f = NULL;
	struct gen_path p = {0};
	const char *slash = strrchr(path, '/');
	int ret;

	*out = NULL;
	L.err = err;
	L.s = ap_calloc(1, sizeof(*L.s));
	L.dir = slash ? ap_strndup(path, (size_t)(slash - path)) : ap_strdup(".");
	if (L.s == NULL || L.dir == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	ret = read_source(&L, path, &f);
	if (ret != AP_OK)
		goto done;
	ret = check_node(&L, f, f->root, &p, 1);
	if (ret != AP_OK)
		goto done;
	L.s->root = resolve(&L, f, f->root, 0, &ret);
	if (L.s->root == NULL)
		goto done;
	ret = compile(L.s, L.s->root, err);
done:
	ap_free(L.dir);
	if (ret != AP_OK) {
		ap_gen__schema_free(L.s);
		return ret;
	}
	*out = L.s;
	return AP_OK;
}

void ap_gen__schema_free(struct gen_schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nre; i++) {
		pcre2_code_free(s->re[i].pattern);
		pcre2_code_free(s->re[i].format);
	}
	ap_free(s->re);
	for (i = 0; i < s->nfiles; i++) {
		json_decref(s->files[i].root);
		ap_free(s->files[i].text);
		ap_free(s->files[i].path);
	}
	json_decref(s->root);
	ap_free(s);
}

json_t *ap_gen__schema_root(const struct gen_schema *s)
{
	return s->root;
}

/* ---- checking values -------------------------------------------------- */

struct checker {
	const struct gen_schema *s;
	gen_report_fn report;
	void *ctx;
	struct gen_path path;
};

static const char *type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

static int has_type(const json_t *v, const char *t)
{
	if (strcmp(t, "object") == 0) return json_is_object(v);
	if (strcmp(t, "array") == 0) return json_is_array(v);
	if (strcmp(t, "string") == 0) return json_is_string(v);
	if (strcmp(t, "integer") == 0)
		return json_is_integer(v) ||
		       (json_is_real(v) && json_real_value(v) == (double)(long long)json_real_value(v));
	if (strcmp(t, "number") == 0) return json_is_number(v);
	if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
	return json_is_null(v);
}

static int problem(struct checker *c, int at_key, const char *fmt, ...) AP_PRINTF(3, 4);
static int problem(struct checker *c, int at_key, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return c->report(c->ctx, &c->path, at_key, msg);
}

static const struct compiled *compiled_of(const struct gen_schema *s, const json_t *n)
{
	size_t i;

	for (i = 0; i < s->nre; i++)
		if (s->re[i].node == n)
			return &s->re[i];
	return NULL;
}

/* "'a', 'b' or 'c'" of an array of values, truncated. */
static void list_values(const json_t *arr, char *buf, size_t size)
{
	size_t i, used = 0;
	json_t *x;

	buf[0] = '\0';
	json_array_foreach(arr, i, x) {
		char *d = json_dumps(x, JSON_ENCODE_ANY);
		int n;

		if (d == NULL)
			return;
		n = snprintf(buf + used, size - used, "%s%s", i == 0 ? "" :
			     i + 1 == json_array_size(arr) ? " or " : ", ", d);
		free(d);
		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
}

static int check_value(struct checker *c, const json_t *sch, json_t *v);

static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Characters XML 1.0 cannot carry (controls but tab, LF, CR; U+FFFE/F). */
static int xml_unsafe(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
			return 1;
		if (b == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
			return 1;
	}
	return 0;
}

static int check_string(struct checker *c, const json_t *sch, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), chars = utf8_chars(s, len);
	const json_t *x;
	const struct compiled *cp = compiled_of(c->s, sch);
	char msg[400];

	if (xml_unsafe(s, len))
		return problem(c, 0, "control characters cannot be carried into XML");
	if ((x = json_object_get(sch, "minLength")) && chars < (size_t)json_integer_value(x))
		return problem(c, 0, "must be at least %lld characters long",
			       (long long)json_integer_value(x));
	if ((x = json_object_get(sch, "maxLength")) && chars > (size_t)json_integer_value(x))
		return problem(c, 0, "must be at most %lld characters long",
			       (long long)json_integer_value(x));
	if (cp && cp->pattern && !ap_gen__regex_match(cp->pattern, s, len))
		return problem(c, 0, "'%.80s' does not match the pattern %s", s,
			       json_string_value(json_object_get(sch, "pattern")));
	if ((x = json_object_get(sch, "format")) &&
	    !ap_gen__format_check(json_string_value(x), cp ? cp->format : NULL, v, msg, sizeof(msg)))
		return problem(c, 0, "%s", msg);
	return AP_OK;
}

static int check_number(struct checker *c, const json_t *sch, const json_t *v)
{
	const json_t *x;
	char msg[400];

	if ((x = json_object_get(sch, "minimum")) && json_number_value(v) < json_number_value(x))
		return problem(c, 0, "must be at least %g", json_number_value(x));
	if ((x = json_object_get(sch, "maximum")) && json_number_value(v) > json_number_value(x))
		return problem(c, 0, "must be at most %g", json_number_value(x));
	if ((x = json_object_get(sch, "format")) &&
	    !ap_gen__format_check(json_string_value(x), NULL, v, msg, sizeof(msg)))
		return problem(c, 0, "%s", msg);
	return AP_OK;
}

static int check_array(struct checker *c, const json_t *sch, json_t *v)
{
	const json_t *items = json_object_get(sch, "items"), *x;
	size_t i, j, n = json_array_size(v);
	json_t *e;
	int ret;

	if ((x = json_object_get(sch, "minItems")) && n < (size_t)json_integer_value(x))
		return problem(c, 0, "needs at least %lld item%s", (long long)json_integer_value(x),
			       json_integer_value(x) == 1 ? "" : "s");
	if ((x = json_object_get(sch, "maxItems")) && n > (size_t)json_integer_value(x))
		return problem(c, 0, "takes at most %lld items", (long long)json_integer_value(x));
	json_array_foreach(v, i, e) {
		if (ap_gen__path_push_index(&c->path, i) != 0)
			return problem(c, 0, "nested too deeply");
		ret = AP_OK;
		if (json_is_true(json_object_get(sch, "uniqueItems")))
			for (j = 0; j < i; j++)
				if (json_equal(e, json_array_get(v, j))) {
					ret = problem(c, 0, "repeats item %zu", j);
					break;
				}
		if (ret == AP_OK && items)
			ret = check_value(c, items, e);
		c->path.n--;
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

/* "a, b, c" of the keys of an object, truncated. */
static void list_keys(const json_t *obj, char *buf, size_t size)
{
	const char *k;
	json_t *x;
	size_t used = 0;

	buf[0] = '\0';
	json_object_foreach((json_t *)obj, k, x) {
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", k);

		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
}

static int check_object(struct checker *c, const json_t *sch, json_t *v)
{
	const json_t *props = json_object_get(sch, "properties");
	const json_t *extra = json_object_get(sch, "additionalProperties");
	const json_t *req = json_object_get(sch, "required"), *x;
	const char *k;
	json_t *e;
	size_t i;
	int ret;
	char keys[300];

	json_array_foreach(req, i, x)
		if (json_object_get(v, json_string_value(x)) == NULL &&
		    json_object_get(json_object_get(props, json_string_value(x)), "default") == NULL &&
		    (ret = problem(c, 0, "missing required key '%s'", json_string_value(x))) != AP_OK)
			return ret;
	json_object_foreach(v, k, e) {
		const json_t *sub = json_object_get(props, k);

		if (ap_gen__path_push_key(&c->path, k) != 0)
			return problem(c, 0, "nested too deeply");
		ret = AP_OK;
		if (sub == NULL && json_is_false(extra)) {
			list_keys(props, keys, sizeof(keys));
			ret = problem(c, 1, "unknown key '%.64s' (expected: %s)", k, keys);
		} else if (sub == NULL && json_is_object(extra)) {
			sub = extra;
		}
		if (ret == AP_OK && sub)
			ret = check_value(c, sub, e);
		c->path.n--;
		if (ret != AP_OK)
			return ret;
	}
	/* defaults, checked like given values so that nested defaults apply */
	json_object_foreach((json_t *)props, k, x) {
		const json_t *def = json_object_get(x, "default");
		json_t *copy;

		if (def == NULL || json_object_get(v, k) != NULL)
			continue;
		copy = json_deep_copy(def);
		if (copy == NULL || json_object_set_new(v, k, copy) != 0)
			return AP_ENOMEM;
		if (ap_gen__path_push_key(&c->path, k) != 0)
			return problem(c, 0, "nested too deeply");
		ret = check_value(c, x, copy);
		c->path.n--;
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

static int check_value(struct checker *c, const json_t *sch, json_t *v)
{
	const json_t *type = json_object_get(sch, "type"), *en = json_object_get(sch, "enum");
	char want[200];
	size_t i;
	json_t *t;
	int ok = type == NULL;

	if (c->path.n > AP_GEN_MAX_DEPTH)
		return problem(c, 0, "nested too deeply");
	if (json_is_string(type))
		ok = has_type(v, json_string_value(type));
	json_array_foreach(type, i, t)
		ok = ok || has_type(v, json_string_value(t));
	if (!ok) {
		if (json_is_string(type))
			snprintf(want, sizeof(want), "%s", json_string_value(type));
		else
			list_values(type, want, sizeof(want));
		return problem(c, 0, "must be %s%s, not %s",
			       json_is_string(type) && strchr("aeiou", want[0]) ? "an " :
			       json_is_string(type) ? "a " : "one of ", want, type_of(v));
	}
	if (en) {
		json_array_foreach(en, i, t)
			if (json_equal(t, v))
				break;
		if (i == json_array_size(en)) {
			list_values(en, want, sizeof(want));
			return problem(c, 0, "must be %s", want);
		}
	}
	switch (json_typeof(v)) {
	case JSON_STRING: return check_string(c, sch, v);
	case JSON_INTEGER:
	case JSON_REAL: return check_number(c, sch, v);
	case JSON_ARRAY: return check_array(c, sch, v);
	case JSON_OBJECT: return check_object(c, sch, v);
	default: return AP_OK;
	}
}

int ap_gen__schema_check(const struct gen_schema *s, json_t *value,
			 gen_report_fn report, void *ctx)
{
	struct checker c;

	c.s = s;
	c.report = report;
	c.ctx = ctx;
	c.path.n = 0;
	return check_value(&c, s->root, value);
}

const json_t *ap_gen__schema_at(const struct gen_schema *s, const struct gen_path *p)
{
	const json_t *n = s->root;
	size_t i;

	for (i = 0; n && i < p->n; i++) {
		if (p->s[i].key) {
			const json_t *sub = json_object_get(json_object_get(n, "properties"), p->s[i].key);

			n = sub ? sub : json_object_get(n, "additionalProperties");
		} else {
			n = json_object_get(n, "items");
		}
		if (!json_is_object(n))
			return NULL;
	}
	return n;
}
