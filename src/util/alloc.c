/* The allocation hook: every library allocation goes through here. */
#include "internal.h"

#include <stdlib.h>

static const struct ap_allocator libc_allocator = {malloc, realloc, free};
/*
 * The one tolerated process-wide setting besides libxml2's: tests set it
 * before anything else runs (documented in common.h).
 */
static const struct ap_allocator *current = &libc_allocator;
static struct ap_allocator custom;

void ap_set_allocator(const struct ap_allocator *a)
{
	if (a == NULL) {
		current = &libc_allocator;
		return;
	}
	custom = *a;
	current = &custom;
}

void *ap_malloc(size_t n)
{
	return current->malloc_fn(n ? n : 1);
}

void *ap_calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	p = ap_malloc(n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

void *ap_realloc(void *p, size_t n)
{
	return current->realloc_fn(p, n ? n : 1);
}

void ap_free(void *p)
{
	if (p != NULL)
		current->free_fn(p);
}

char *ap_strndup(const char *s, size_t n)
{
	char *p = ap_malloc(n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0) /* s may be NULL for an empty string */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ap_strdup(const char *s)
{
	return s ? ap_strndup(s, strlen(s)) : NULL;
}
