/* Growable NUL-terminated byte buffer (struct ap_buf). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

int ap_buf_grow(struct ap_buf *b, size_t extra)
{
	size_t want, n;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return AP_ENOMEM;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return AP_OK;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	p = ap_realloc(b->ptr, n);
	if (p == NULL)
		return AP_ENOMEM;
	b->ptr = p;
	b->alloc = n;
	return AP_OK;
}

int ap_buf_add(struct ap_buf *b, const void *data, size_t len)
{
	if (ap_buf_grow(b, len) != AP_OK)
		return AP_ENOMEM;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return AP_OK;
}

int ap_buf_adds(struct ap_buf *b, const char *s)
{
	return ap_buf_add(b, s, strlen(s));
}

int ap_buf_addch(struct ap_buf *b, char c)
{
	return ap_buf_add(b, &c, 1);
}

int ap_buf_vaddf(struct ap_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	size_t room;
	int n;

	/* format into the spare room; only when it does not fit, grow and
	 * format again */
	if (b->alloc - b->len < 64 && ap_buf_grow(b, 64) != AP_OK)
		return AP_ENOMEM;
	room = b->alloc - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return AP_EINVALID;
	}
	if ((size_t)n >= room) {
		if (ap_buf_grow(b, (size_t)n) != AP_OK) {
			b->ptr[b->len] = '\0';
			return AP_ENOMEM;
		}
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return AP_OK;
}

int ap_buf_addf(struct ap_buf *b, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = ap_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return ret;
}

void ap_buf_reset(struct ap_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void ap_buf_release(struct ap_buf *b)
{
	if (b == NULL)
		return;
	ap_free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}

char *ap_buf_detach(struct ap_buf *b, size_t *len)
{
	char *p = b->ptr;

	if (p == NULL)
		p = ap_strndup("", 0);
	if (len)
		*len = b->len;
	b->ptr = NULL;
	b->len = b->alloc = 0;
	return p;
}
