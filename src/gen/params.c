/*
 * Parameter files: one JSON object, a JSON array of objects, or JSON Lines.
 * The text is kept so that each problem found by the checker is reported
 * at the parameter file's line:col (gen/jsonpos.c), or against the
 * "--set KEY" that put the value there.
 */
#include "internal.h"
#include "altinn-policy/fsutil.h"
#include "gen/gen.h"

#include <stdio.h>
#include <stdlib.h>

/* Where one parameter object starts in the text. */
struct item {
	json_t *value;
	size_t offset;    /* JSON Lines: the line's first byte; else 0 */
	uint32_t line;    /* of offset */
	int in_array;     /* the file is an array: the path starts with index */
};

struct ap_gen_params {
	char *name;
	char *text;
	size_t len;
	json_t *root; /* the whole file when it is one value */
	struct item *items;
	size_t count;
	char **sets; /* dotted paths given with --set */
	size_t nsets;
};

static int syntax_error(struct ap_error *err, const char *name, uint32_t line0,
			const json_error_t *je)
{
	uint32_t line = (uint32_t)(je->line > 0 ? je->line : 1) + line0 - 1;
	uint32_t col = (uint32_t)(je->column > 0 ? je->column : 1);

	return ap_error_set_at(err, AP_EPARSE, name, line, col, "%s:%u:%u: %s", name,
			       (unsigned)line, (unsigned)col, je->text);
}

static int not_object(struct ap_error *err, const char *name, uint32_t line,
		      const char *what)
{
	return ap_error_set_at(err, AP_EPARSE, name, line, 1,
			       "%s:%u:1: %s must be a JSON object of parameters", name,
			       (unsigned)line, what);
}

static int add_item(ap_gen_params *p, json_t *v, size_t offset, uint32_t line,
		    int in_array, struct ap_error *err)
{
	struct item *it = ap_realloc(p->items, (p->count + 1) * sizeof(*it));

	if (it == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	p->items = it;
	it = &p->items[p->count++];
	it->value = json_incref(v);
	it->offset = offset;
	it->line = line;
	it->in_array = in_array;
	return AP_OK;
}

/* 1 when the text holds more than one top-level value (JSON Lines). */
static int several_values(const char *text, size_t len)
{
	json_error_t je;
	json_t *first = json_loadb(text, len, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &je);
	size_t i;

	if (first == NULL)
		return 0;
	json_decref(first);
	for (i = je.position; i < len; i++)
		if (!strchr(" \t\r\n", text[i]))
			return 1;
	return 0;
}

static int parse_lines(ap_gen_params *p, struct ap_error *err)
{
	size_t start = 0;
	uint32_t line = 1;
	int ret;

	while (start < p->len) {
		const char *nl = memchr(p->text + start, '\n', p->len - start);
		size_t end = nl ? (size_t)(nl - p->text) : p->len, i;
		json_error_t je;
		json_t *v;

		for (i = start; i < end && strchr(" \t\r", p->text[i]); i++)
			;
		if (i < end) {
			v = json_loadb(p->text + start, end - start,
				       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
			if (v == NULL)
				return syntax_error(err, p->name, line, &je);
			if (!json_is_object(v)) {
				json_decref(v);
				return not_object(err, p->name, line, "each line");
			}
			ret = add_item(p, v, start, line, 0, err);
			json_decref(v);
			if (ret != AP_OK)
				return ret;
		}
		start = end + 1;
		line++;
	}
	if (p->count == 0)
		return ap_error_set_at(err, AP_EPARSE, p->name, 1, 1,
				       "%s:1:1: no parameters", p->name);
	return AP_OK;
}

static int parse(ap_gen_params *p, struct ap_error *err)
{
	json_error_t je;
	size_t i;
	json_t *v;
	int ret;

	p->root = json_loadb(p->text, p->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (p->root == NULL)
		return several_values(p->text, p->len) ? parse_lines(p, err)
						       : syntax_error(err, p->name, 1, &je);
	if (json_is_object(p->root))
		return add_item(p, p->root, 0, 1, 0, err);
	if (!json_is_array(p->root) || json_array_size(p->root) == 0)
		return ap_error_set_at(err, AP_EPARSE, p->name, 1, 1,
				       "%s:1:1: parameters are a JSON object, a non-empty array of "
				       "objects, or JSON Lines (one object per line)", p->name);
	json_array_foreach(p->root, i, v) {
		if (!json_is_object(v)) {
			struct gen_path path = {0};
			uint32_t line, col;

			ap_gen__path_push_index(&path, i);
			ap_gen__json_pos(p->text, p->len, 0, 1, 1, &path, 0, &line, &col);
			return ap_error_set_at(err, AP_EPARSE, p->name, line, col,
					       "%s:%u:%u: item %zu must be a JSON object of parameters",
					       p->name, (unsigned)line, (unsigned)col, i);
		}
		ret = add_item(p, v, 0, 1, 1, err);
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

static int make(ap_gen_params **out, const char *name, char *text, size_t len,
		struct ap_error *err)
{
	ap_gen_params *p = ap_calloc(1, sizeof(*p));
	int ret;

	*out = NULL;
	if (p == NULL) {
		ap_free(text);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	p->text = text;
	p->len = len;
	p->name = ap_strdup(name);
	if (p->name == NULL)
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
	else
		ret = parse(p, err);
	if (ret != AP_OK) {
		ap_gen_params_free(p);
		return ret;
	}
	*out = p;
	return AP_OK;
}

int ap_gen_params_load(ap_gen_params **out, const char *path, const char *name,
		       struct ap_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	ret = ap_file_read(&text, &len, path, AP_GEN_MAX_PARAMS_FILE, err);
	if (ret != AP_OK)
		return ret;
	if (name == NULL)
		name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	return make(out, name, text, len, err);
}

int ap_gen_params_parse(ap_gen_params **out, const char *name, const char *buf,
			size_t len, struct ap_error *err)
{
	char *text = ap_malloc(len + 1);

	*out = NULL;
	if (text == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	memcpy(text, buf, len);
	text[len] = '\0';
	return make(out, name, text, len, err);
}

void ap_gen_params_free(ap_gen_params *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->count; i++)
		json_decref(p->items[i].value);
	for (i = 0; i < p->nsets; i++)
		ap_free(p->sets[i]);
	ap_free(p->sets);
	ap_free(p->items);
	json_decref(p->root);
	ap_free(p->text);
	ap_free(p->name);
	ap_free(p);
}

size_t ap_gen_params_count(const ap_gen_params *p)
{
	return p->count;
}

json_t *ap_gen_params_at(const ap_gen_params *p, size_t i)
{
	return i < p->count ? p->items[i].value : NULL;
}

const char *ap_gen_params_name(const ap_gen_params *p)
{
	return p->name;
}

/* ---- --set ------------------------------------------------------------ */

static int is_index(const char *s, size_t *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0')
		return 0;
	*out = (size_t)v;
	return 1;
}

/* Sets value at the dotted path in obj (takes value). */
static int set_path(json_t *obj, char *path, json_t *value, const char *assignment,
		    struct ap_error *err)
{
	json_t *cur = obj;
	char *step = path, *dot;

	for (;;) {
		size_t idx;
		json_t *next;

		dot = strchr(step, '.');
		if (dot)
			*dot = '\0';
		if (*step == '\0') {
			json_decref(value);
			return ap_error_set(err, AP_EINVALID, "--set %s: empty key in the path", assignment);
		}
		if (json_is_array(cur) && is_index(step, &idx)) {
			if (idx > json_array_size(cur)) {
				json_decref(value);
				return ap_error_set(err, AP_EINVALID, "--set %s: index %zu is past "
						    "the end of the array", assignment, idx);
			}
			if (!dot)
				return (idx == json_array_size(cur) ? json_array_append_new(cur, value)
								    : json_array_set_new(cur, idx, value))
					       ? ap_error_set(err, AP_ENOMEM, "out of memory") : AP_OK;
			next = json_array_get(cur, idx);
			if (next == NULL) {
				next = json_object();
				if (next == NULL || json_array_append_new(cur, next) != 0) {
					json_decref(value);
					return ap_error_set(err, AP_ENOMEM, "out of memory");
				}
			}
		} else if (json_is_object(cur)) {
			if (!dot)
				return json_object_set_new(cur, step, value)
					       ? ap_error_set(err, AP_ENOMEM, "out of memory") : AP_OK;
			next = json_object_get(cur, step);
			if (next == NULL) {
				next = json_object();
				if (next == NULL || json_object_set_new(cur, step, next) != 0) {
					json_decref(value);
					return ap_error_set(err, AP_ENOMEM, "out of memory");
				}
			}
		} else {
			json_decref(value);
			return ap_error_set(err, AP_EINVALID, "--set %s: '%s' is inside a value "
					    "that is neither an object nor an array", assignment, step);
		}
		cur = next;
		step = dot + 1;
	}
}

/* The schema path of a dotted key (numbers as indexes). */
static void dotted_to_path(char *copy, struct gen_path *p)
{
	char *step = copy, *dot;
	size_t idx;

	p->n = 0;
	for (;;) {
		dot = strchr(step, '.');
		if (dot)
			*dot = '\0';
		if (is_index(step, &idx))
			ap_gen__path_push_index(p, idx);
		else
			ap_gen__path_push_key(p, step);
		if (!dot)
			return;
		step = dot + 1;
	}
}

int ap_gen_params_set(ap_gen_params *p, const ap_gen_template *t,
		      const char *assignment, struct ap_error *err)
{
	const char *eq = strchr(assignment, '=');
	char *key = NULL, *copy = NULL, **sets;
	const char *text;
	struct gen_path path;
	const json_t *sch;
	const char *type;
	size_t i;
	int ret = AP_OK;

	if (eq == NULL || eq == assignment)
		return ap_error_set(err, AP_EINVALID, "--set takes key=value, not '%s'", assignment);
	text = eq + 1;
	key = ap_strndup(assignment, (size_t)(eq - assignment));
	copy = ap_strndup(assignment, (size_t)(eq - assignment));
	if (key == NULL || copy == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	dotted_to_path(copy, &path);
	sch = ap_gen__template_schema_at(t, &path);
	type = json_string_value(json_object_get(sch, "type"));
	for (i = 0; i < p->count; i++) {
		json_t *v = NULL;
		char *steps;

		/* a string where the description wants one, else JSON if it
		 * parses as JSON, else the text */
		if (type == NULL || strcmp(type, "string") != 0)
			v = json_loads(text, JSON_DECODE_ANY, NULL);
		if (v == NULL)
			v = json_string(text);
		steps = ap_strdup(key);
		if (v == NULL || steps == NULL) {
			json_decref(v);
			ap_free(steps);
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
		ret = set_path(p->items[i].value, steps, v, assignment, err);
		ap_free(steps);
		if (ret != AP_OK)
			goto done;
	}
	sets = ap_realloc(p->sets, (p->nsets + 1) * sizeof(*sets));
	if (sets == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	p->sets = sets;
	p->sets[p->nsets++] = key;
	key = NULL;
done:
	ap_free(key);
	ap_free(copy);
	return ret;
}

/* ---- checking --------------------------------------------------------- */

struct reporter {
	ap_gen_params *p;
	size_t i;
	struct ap_diag_list *out;
};

/* The --set that made the value at dotted (or NULL). */
static const char *set_origin(const ap_gen_params *p, const char *dotted)
{
	size_t i;

	for (i = p->nsets; i-- > 0;) {
		size_t n = strlen(p->sets[i]);

		if (strncmp(dotted, p->sets[i], n) == 0 && (dotted[n] == '\0' || dotted[n] == '.'))
			return p->sets[i];
	}
	return NULL;
}

static int report(void *ctx, const struct gen_path *path, int at_key, const char *msg)
{
	struct reporter *r = ctx;
	const struct item *it = &r->p->items[r->i];
	char dotted[512], full[900], origin[600];
	const char *set;
	uint32_t line = 0, col = 0;
	const char *file = r->p->name;

	ap_gen__path_format(path, dotted, sizeof(dotted));
	set = set_origin(r->p, dotted);
	if (set) {
		snprintf(origin, sizeof(origin), "--set %s", set);
		file = origin;
	} else {
		struct gen_path full_path = {0};
		size_t k;

		if (it->in_array)
			ap_gen__path_push_index(&full_path, r->i);
		for (k = 0; k < path->n && full_path.n < ARRAY_SIZE(full_path.s); k++)
			full_path.s[full_path.n++] = path->s[k];
		ap_gen__json_pos(r->p->text, r->p->len, it->offset, it->line, 1,
				 &full_path, at_key, &line, &col);
	}
	if (dotted[0] && !(set && strcmp(set, dotted) == 0))
		snprintf(full, sizeof(full), "%s: %s", dotted, msg);
	else
		snprintf(full, sizeof(full), "%s", msg);
	return ap_diag_list_add(r->out, "params", AP_SEV_ERROR, file, line, col, full);
}

int ap_gen_params_check(ap_gen_params *p, size_t i, const ap_gen_template *t,
			struct ap_diag_list *out, struct ap_error *err)
{
	struct reporter r;
	int ret;

	r.p = p;
	r.i = i;
	r.out = out;
	ret = ap_gen__template_check(t, p->items[i].value, report, &r);
	if (ret != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory checking parameters");
	return AP_OK;
}
