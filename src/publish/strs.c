/* Small sorted string lists and connection lists. */
#include "internal.h"

#include <stdlib.h>

#include "publish/pub.h"

int ap_strs_add(struct ap_strs *s, const char *v)
{
	char *copy;

	if (s->count == s->alloc) {
		size_t n = s->alloc ? s->alloc * 2 : 8;
		char **items = ap_realloc(s->items, n * sizeof(*items));

		if (items == NULL)
			return AP_ENOMEM;
		s->items = items;
		s->alloc = n;
	}
	copy = ap_strdup(v);
	if (copy == NULL)
		return AP_ENOMEM;
	s->items[s->count++] = copy;
	return AP_OK;
}

int ap_strs_has(const struct ap_strs *s, const char *v)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (strcmp(s->items[i], v) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void ap_strs_sort(struct ap_strs *s)
{
	size_t i, o = 0;

	if (s->count > 1)
		qsort(s->items, s->count, sizeof(*s->items), cmp_str);
	for (i = 0; i < s->count; i++) {
		if (o > 0 && strcmp(s->items[o - 1], s->items[i]) == 0)
			ap_free(s->items[i]);
		else
			s->items[o++] = s->items[i];
	}
	s->count = o;
}

int ap_strs_equal(const struct ap_strs *a, const struct ap_strs *b)
{
	size_t i;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return 0;
	return 1;
}

void ap_strs_release(struct ap_strs *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		ap_free(s->items[i]);
	ap_free(s->items);
	s->items = NULL;
	s->count = s->alloc = 0;
}

int ap_conns_add(struct ap_conns *c, const char *resource,
		 const struct ap_strs *actions)
{
	struct ap_conn *n;
	size_t i;

	if (c->count == c->alloc) {
		size_t m = c->alloc ? c->alloc * 2 : 4;
		struct ap_conn *items = ap_realloc(c->items, m * sizeof(*items));

		if (items == NULL)
			return AP_ENOMEM;
		c->items = items;
		c->alloc = m;
	}
	n = &c->items[c->count];
	memset(n, 0, sizeof(*n));
	n->resource = ap_strdup(resource);
	if (n->resource == NULL)
		return AP_ENOMEM;
	c->count++;
	for (i = 0; actions != NULL && i < actions->count; i++)
		if (ap_strs_add(&n->actions, actions->items[i]) != AP_OK)
			return AP_ENOMEM;
	ap_strs_sort(&n->actions);
	return AP_OK;
}

const struct ap_conn *ap_conns_find(const struct ap_conns *c,
				    const char *resource)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].resource, resource) == 0)
			return &c->items[i];
	return NULL;
}

void ap_conns_release(struct ap_conns *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		ap_free(c->items[i].resource);
		ap_strs_release(&c->items[i].actions);
	}
	ap_free(c->items);
	c->items = NULL;
	c->count = c->alloc = 0;
}
