/* Private prelude: included first by every library source file. */
#ifndef AP_INTERNAL_H
#define AP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "altinn-policy/common.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation through the swappable hook (src/util/alloc.c). */
void *ap_malloc(size_t n);
void *ap_calloc(size_t n, size_t size);
void *ap_realloc(void *p, size_t n);
void ap_free(void *p);
char *ap_strdup(const char *s);
char *ap_strndup(const char *s, size_t n);

/* True when s equals lit; false when either is NULL. */
static inline int ap_streq(const char *s, const char *lit)
{
	return s != NULL && lit != NULL && strcmp(s, lit) == 0;
}

#endif
