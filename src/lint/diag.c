/* The list of findings. */
#include "internal.h"
#include "altinn-policy/lint.h"

#include <stdlib.h>

static const char *const severity_names[] = {"off", "info", "warning", "error"};

const char *ap_severity_name(enum ap_severity s)
{
	return (unsigned)s < ARRAY_SIZE(severity_names) ? severity_names[s] : "?";
}

int ap_severity_parse(enum ap_severity *out, const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(severity_names); i++) {
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum ap_severity)i;
			return AP_OK;
		}
	}
	return AP_EINVALID;
}

int ap_diag_list_add(struct ap_diag_list *l, const char *rule_id,
		     enum ap_severity sev, const char *file, uint32_t line,
		     uint32_t col, const char *message)
{
	struct ap_diag *d;
	char *f, *m;

	if (l->count == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 16;

		d = ap_realloc(l->items, n * sizeof(*d));
		if (d == NULL)
			return AP_ENOMEM;
		l->items = d;
		l->alloc = n;
	}
	f = ap_strdup(file ? file : "");
	m = ap_strdup(message ? message : "");
	if (f == NULL || m == NULL) {
		ap_free(f);
		ap_free(m);
		return AP_ENOMEM;
	}
	d = &l->items[l->count++];
	d->rule_id = rule_id;
	d->severity = sev;
	d->file = f;
	d->line = line;
	d->col = col;
	d->message = m;
	d->snippet = NULL;
	return AP_OK;
}

int ap_diag_set_snippet(struct ap_diag *d, const char *line, size_t len)
{
	char *s = ap_strndup(line, len);

	if (s == NULL)
		return AP_ENOMEM;
	ap_free(d->snippet);
	d->snippet = s;
	return AP_OK;
}

static int cmp_diag(const void *pa, const void *pb)
{
	const struct ap_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->rule_id, b->rule_id);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

void ap_diag_list_sort(struct ap_diag_list *l)
{
	if (l->count > 1)
		qsort(l->items, l->count, sizeof(*l->items), cmp_diag);
}

int ap_diag_list_move(struct ap_diag_list *dst, struct ap_diag_list *src)
{
	size_t need = dst->count + src->count;

	if (need > dst->alloc) {
		struct ap_diag *d = ap_realloc(dst->items, need * sizeof(*d));

		if (d == NULL)
			return AP_ENOMEM;
		dst->items = d;
		dst->alloc = need;
	}
	if (src->count)
		memcpy(dst->items + dst->count, src->items,
		       src->count * sizeof(*src->items));
	dst->count = need;
	src->count = 0;
	return AP_OK;
}

void ap_diag_list_reset(struct ap_diag_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		ap_free(l->items[i].file);
		ap_free(l->items[i].message);
		ap_free(l->items[i].snippet);
	}
	l->count = 0;
}

void ap_diag_list_release(struct ap_diag_list *l)
{
	if (l == NULL)
		return;
	ap_diag_list_reset(l);
	ap_free(l->items);
	l->items = NULL;
	l->alloc = 0;
}

enum ap_severity ap_diag_list_worst(const struct ap_diag_list *l)
{
	enum ap_severity w = AP_SEV_OFF;
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->items[i].severity > w)
			w = l->items[i].severity;
	return w;
}
