/* Bump allocator: everything allocated lives until ap_arena_release. */
#ifndef AP_ARENA_H
#define AP_ARENA_H

#include <stddef.h>

struct ap_arena_chunk;
struct ap_arena {
	struct ap_arena_chunk *head;
	char *cur;
	char *end;
	size_t next_size;
};
#define AP_ARENA_INIT {NULL, NULL, NULL, 0}

/* n bytes aligned for any type; NULL on allocation failure. */
void *ap_arena_alloc(struct ap_arena *a, size_t n);
/* Zeroed allocation. */
void *ap_arena_calloc(struct ap_arena *a, size_t n);
/* Copy of n bytes of s plus a NUL; NULL on failure. */
char *ap_arena_strndup(struct ap_arena *a, const char *s, size_t n);
/* Frees every chunk; a is AP_ARENA_INIT afterwards. */
void ap_arena_release(struct ap_arena *a);

#endif
