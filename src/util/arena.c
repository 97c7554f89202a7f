/* Bump allocator for a document's nodes and strings. */
#include "internal.h"
#include "util/arena.h"

struct ap_arena_chunk {
	struct ap_arena_chunk *next;
	max_align_t align[]; /* data follows */
};

#define ARENA_FIRST_CHUNK 16384u
#define ARENA_MAX_CHUNK (1u << 20)
#define ARENA_ALIGN (sizeof(max_align_t))

void *ap_arena_alloc(struct ap_arena *a, size_t n)
{
	struct ap_arena_chunk *c;
	size_t size;
	char *p;

	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (a->cur != NULL && (size_t)(a->end - a->cur) >= n) {
		p = a->cur;
		a->cur += n;
		return p;
	}
	size = a->next_size ? a->next_size : ARENA_FIRST_CHUNK;
	if (size < n)
		size = n;
	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = ap_malloc(sizeof(*c) + size);
	if (c == NULL)
		return NULL;
	c->next = a->head;
	a->head = c;
	p = (char *)c->align;
	a->cur = p + n;
	a->end = p + size;
	if (a->next_size < ARENA_MAX_CHUNK)
		a->next_size = size * 2;
	return p;
}

void *ap_arena_calloc(struct ap_arena *a, size_t n)
{
	void *p = ap_arena_alloc(a, n);

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *ap_arena_strndup(struct ap_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = ap_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n > 0) /* s may be NULL for an empty string */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void ap_arena_release(struct ap_arena *a)
{
	struct ap_arena_chunk *c = a->head, *next;

	while (c != NULL) {
		next = c->next;
		ap_free(c);
		c = next;
	}
	a->head = NULL;
	a->cur = a->end = NULL;
	a->next_size = 0;
}
