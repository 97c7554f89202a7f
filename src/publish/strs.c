/* Connection lists: a resource and its sorted actions. */
#include "internal.h"

#include "publish/pub.h"

int ap_conns_add(struct ap_conns *c, const char *resource,
		 const struct ap_path_list *actions)
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
		if (ap_path_list_add(&n->actions, actions->items[i]) != AP_OK)
			return AP_ENOMEM;
	ap_path_list_sort_unique(&n->actions);
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
		ap_path_list_release(&c->items[i].actions);
	}
	ap_free(c->items);
	c->items = NULL;
	c->count = c->alloc = 0;
}
