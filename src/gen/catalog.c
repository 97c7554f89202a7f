/*
 * Template discovery: NAME.xsl with NAME.schema.json beside it, in each
 * template directory; an earlier directory hides a later one's template of
 * the same name.  Other .xsl files (shared pieces that templates import)
 * are not templates.
 */
#include "internal.h"
#include "gen/gen.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

struct entry {
	struct ap_gen_template_info info;
	char *strings[6];
};

struct ap_gen_catalog {
	char **dirs;
	size_t ndirs;
	struct entry *items;
	size_t count;
};

static char *joined(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *p = ap_malloc(n);

	if (p)
		snprintf(p, n, "%s/%s%s", dir, name, suffix);
	return p;
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void free_entry(struct entry *e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(e->strings); i++)
		ap_free(e->strings[i]);
}

static char *title_of(const char *schema)
{
	json_t *root = json_load_file(schema, 0, NULL);
	const char *t = json_string_value(json_object_get(root, "title"));
	char *out = ap_strdup(t ? t : "");

	json_decref(root);
	return out;
}

static int add(ap_gen_catalog *c, const char *dir, const char *name)
{
	struct entry *e;
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].info.name, name) == 0)
			return AP_OK; /* hidden by an earlier directory */
	e = ap_realloc(c->items, (c->count + 1) * sizeof(*e));
	if (e == NULL)
		return AP_ENOMEM;
	c->items = e;
	e = &c->items[c->count];
	memset(e, 0, sizeof(*e));
	e->strings[0] = ap_strdup(name);
	e->strings[1] = ap_strdup(dir);
	e->strings[2] = joined(dir, name, ".xsl");
	e->strings[3] = joined(dir, name, ".schema.json");
	e->strings[4] = joined(dir, name, ".example.json");
	e->strings[5] = e->strings[3] ? title_of(e->strings[3]) : NULL;
	for (i = 0; i < ARRAY_SIZE(e->strings); i++)
		if (e->strings[i] == NULL) {
			free_entry(e);
			return AP_ENOMEM;
		}
	if (!is_file(e->strings[3])) {
		free_entry(e);
		return AP_OK; /* no description: a shared piece, not a template */
	}
	e->info.name = e->strings[0];
	e->info.dir = e->strings[1];
	e->info.stylesheet = e->strings[2];
	e->info.schema = e->strings[3];
	e->info.example = is_file(e->strings[4]) ? e->strings[4] : NULL;
	e->info.title = e->strings[5];
	c->count++;
	return AP_OK;
}

static int scan(ap_gen_catalog *c, const char *dir, struct ap_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = AP_OK;

	if (d == NULL)
		return ap_error_set_at(err, AP_EIO, dir, 0, 0,
				       "cannot read template directory '%s': %s", dir, strerror(errno));
	while (ret == AP_OK && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char *name;

		if (n <= 4 || de->d_name[0] == '.' || strcmp(de->d_name + n - 4, ".xsl") != 0)
			continue;
		name = ap_strndup(de->d_name, n - 4);
		if (name == NULL || add(c, dir, name) != AP_OK)
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		ap_free(name);
	}
	closedir(d);
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->info.name,
		      ((const struct entry *)b)->info.name);
}

int ap_gen_catalog_new(ap_gen_catalog **out, const char *const *dirs,
		       size_t ndirs, struct ap_error *err)
{
	ap_gen_catalog *c = ap_calloc(1, sizeof(*c));
	size_t i;
	int ret = AP_OK;

	*out = NULL;
	if (c == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	c->dirs = ap_calloc(ndirs + 1, sizeof(*c->dirs));
	if (c->dirs == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < ndirs; i++) {
		c->dirs[i] = ap_strdup(dirs[i]);
		if (c->dirs[i] == NULL) {
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
		c->ndirs++;
		ret = scan(c, dirs[i], err);
		if (ret != AP_OK)
			goto done;
	}
	if (c->count)
		qsort(c->items, c->count, sizeof(*c->items), by_name);
done:
	if (ret != AP_OK) {
		ap_gen_catalog_free(c);
		return ret;
	}
	*out = c;
	return AP_OK;
}

void ap_gen_catalog_free(ap_gen_catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->count; i++)
		free_entry(&c->items[i]);
	ap_free(c->items);
	for (i = 0; i < c->ndirs; i++)
		ap_free(c->dirs[i]);
	ap_free(c->dirs);
	ap_free(c);
}

size_t ap_gen_catalog_count(const ap_gen_catalog *c)
{
	return c->count;
}

const struct ap_gen_template_info *ap_gen_catalog_at(const ap_gen_catalog *c, size_t i)
{
	return i < c->count ? &c->items[i].info : NULL;
}

const struct ap_gen_template_info *ap_gen_catalog_find(const ap_gen_catalog *c,
						       const char *name)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].info.name, name) == 0)
			return &c->items[i].info;
	return NULL;
}

const char *const *ap_gen__catalog_dirs(const ap_gen_catalog *c, size_t *n)
{
	*n = c->ndirs;
	return (const char *const *)c->dirs;
}
