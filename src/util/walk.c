/* Directory walk: sorted, hidden entries skipped, symlink loops refused. */
#include "internal.h"
#include "altinn-policy/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Device and inode of the directories on the current walk path. */
struct walk_stack {
	dev_t dev[64];
	ino_t ino[64];
	size_t depth;
};

void ap_path_list_release(struct ap_path_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->count; i++)
		ap_free(l->items[i]);
	ap_free(l->items);
	l->items = NULL;
	l->count = l->alloc = 0;
}

static int path_list_add(struct ap_path_list *l, char *path)
{
	if (l->count == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 64;
		char **p = ap_realloc(l->items, n * sizeof(*p));

		if (p == NULL)
			return AP_ENOMEM;
		l->items = p;
		l->alloc = n;
	}
	l->items[l->count++] = path;
	return AP_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ap_path_list_add(struct ap_path_list *l, const char *path)
{
	char *p = ap_strdup(path);

	if (p == NULL || path_list_add(l, p) != AP_OK) {
		ap_free(p);
		return AP_ENOMEM;
	}
	return AP_OK;
}

void ap_path_list_sort_unique(struct ap_path_list *l)
{
	size_t i, k = 0;

	if (l->count < 2)
		return;
	qsort(l->items, l->count, sizeof(char *), cmp_str);
	for (i = 0; i < l->count; i++) {
		if (k > 0 && strcmp(l->items[k - 1], l->items[i]) == 0) {
			ap_free(l->items[i]);
			continue;
		}
		l->items[k++] = l->items[i];
	}
	l->count = k;
}

int ap_path_list_equal(const struct ap_path_list *a, const struct ap_path_list *b)
{
	size_t i;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return 0;
	return 1;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int walk(struct ap_path_list *out, const char *dir, const char *suffix,
		struct walk_stack *stack, struct ap_error *err)
{
	struct ap_path_list names = AP_PATH_LIST_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;
	size_t i;
	int ret = AP_OK;

	if (stat(dir, &st) != 0) {
		ret = ap_error_set_at(err, AP_EIO, dir, 0, 0, "cannot read '%s': %s",
				      dir, strerror(errno));
		goto done;
	}
	for (i = 0; i < stack->depth; i++)
		if (stack->dev[i] == st.st_dev && stack->ino[i] == st.st_ino)
			goto done; /* a link back to a directory being walked */
	if (stack->depth == ARRAY_SIZE(stack->dev))
		goto done; /* deeper than any policy tree needs */
	stack->dev[stack->depth] = st.st_dev;
	stack->ino[stack->depth] = st.st_ino;
	stack->depth++;

	d = opendir(dir);
	if (d == NULL) {
		ret = ap_error_set_at(err, AP_EIO, dir, 0, 0, "cannot read '%s': %s",
				      dir, strerror(errno));
		goto pop;
	}
	while ((de = readdir(d)) != NULL) {
		char *name;

		if (de->d_name[0] == '.')
			continue;
		name = ap_strdup(de->d_name);
		if (name == NULL || path_list_add(&names, name) != AP_OK) {
			ap_free(name);
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto pop;
		}
	}
	if (names.count > 1)
		qsort(names.items, names.count, sizeof(char *), cmp_str);
	for (i = 0; i < names.count; i++) {
		struct ap_buf path = AP_BUF_INIT;
		size_t dl = strlen(dir);

		if (ap_buf_add(&path, dir, dl) != AP_OK ||
		    ((dl == 0 || dir[dl - 1] != '/') && ap_buf_addch(&path, '/') != AP_OK) ||
		    ap_buf_adds(&path, names.items[i]) != AP_OK) {
			ap_buf_release(&path);
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto pop;
		}
		if (stat(path.ptr, &st) != 0) {
			/* dangling link or raced away: report it as unreadable */
			if (has_suffix(path.ptr, suffix)) {
				char *p = ap_buf_detach(&path, NULL);

				if (p == NULL || path_list_add(out, p) != AP_OK) {
					ap_free(p);
					ret = ap_error_set(err, AP_ENOMEM, "out of memory");
					goto pop;
				}
			}
			ap_buf_release(&path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			ret = walk(out, path.ptr, suffix, stack, err);
			ap_buf_release(&path);
			if (ret != AP_OK)
				goto pop;
		} else if (S_ISREG(st.st_mode) && has_suffix(path.ptr, suffix)) {
			char *p = ap_buf_detach(&path, NULL);

			if (p == NULL || path_list_add(out, p) != AP_OK) {
				ap_free(p);
				ret = ap_error_set(err, AP_ENOMEM, "out of memory");
				goto pop;
			}
		} else {
			ap_buf_release(&path);
		}
	}
pop:
	stack->depth--;
done:
	if (d != NULL)
		closedir(d);
	ap_path_list_release(&names);
	return ret;
}

int ap_walk_dir(struct ap_path_list *out, const char *dir, const char *suffix,
		struct ap_error *err)
{
	struct walk_stack stack;
	size_t start = out->count;
	int ret;

	stack.depth = 0;
	ret = walk(out, dir, suffix, &stack, err);
	/* per-directory order is not path order ("a/x" vs "a.xml") */
	if (out->count - start > 1)
		qsort(out->items + start, out->count - start, sizeof(char *), cmp_str);
	return ret;
}

int ap_path_is_dir(const char *path, struct ap_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return ap_error_set_at(err, AP_EIO, path, 0, 0,
				       "cannot read '%s': %s", path,
				       strerror(errno));
	return S_ISDIR(st.st_mode) ? 1 : 0;
}
