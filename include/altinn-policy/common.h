/*
 * altinn-policy: common declarations shared by every public header.
 *
 * Error model: a function that can fail returns 0 (AP_OK) or a negative
 * AP_E* code and fills the caller's struct ap_error.  The library never
 * prints and never exits.
 */
#ifndef ALTINN_POLICY_COMMON_H
#define ALTINN_POLICY_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define AP_NODISCARD __attribute__((warn_unused_result))
#define AP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AP_NODISCARD
#define AP_PRINTF(f, a)
#endif

/* Status codes returned by fallible functions. */
enum ap_errcode {
	AP_OK = 0,
	AP_ENOMEM = -1,    /* an allocation failed */
	AP_EIO = -2,       /* a file could not be read or written */
	AP_EPARSE = -3,    /* input (XML, JSON) could not be parsed */
	AP_EINVALID = -4,  /* an argument or configuration value is invalid */
	AP_ENOTFOUND = -5, /* a named thing does not exist */
	AP_ETOOBIG = -6,   /* input exceeds a configured limit */
	AP_EINTERNAL = -7  /* a bug: an invariant did not hold */
};

/*
 * Caller-owned error object.  Zero-initialise it (AP_ERROR_INIT); a failing
 * call fills code, message and, when known, the location.  No allocation:
 * the message is truncated to fit.
 */
struct ap_error {
	int code;
	char message[1024];
	char file[512]; /* empty when not about a file */
	uint32_t line;  /* 0 when unknown */
	uint32_t col;   /* 0 when unknown */
};
#define AP_ERROR_INIT {0, {0}, {0}, 0, 0}

/* Sets code and a printf-style message (no location); returns code. */
int ap_error_set(struct ap_error *err, int code, const char *fmt, ...)
	AP_PRINTF(3, 4);

/* Like ap_error_set, with the file and position the error is about. */
int ap_error_set_at(struct ap_error *err, int code, const char *file,
		    uint32_t line, uint32_t col, const char *fmt, ...)
	AP_PRINTF(6, 7);

#ifdef __clang_analyzer__
/* For clang-tidy, which does not look into error.c: both return their
 * code, so `return ap_error_set(err, AP_ENOMEM, ...)` is never AP_OK. */
#define ap_error_set(err, code, ...) (ap_error_set(err, code, __VA_ARGS__), (code))
#define ap_error_set_at(err, code, ...) (ap_error_set_at(err, code, __VA_ARGS__), (code))
#endif

/* Resets err to the no-error state.  Accepts NULL. */
void ap_error_clear(struct ap_error *err);

/*
 * Growable byte buffer, always NUL-terminated once anything was added.
 * Embed it and initialise with AP_BUF_INIT; release with ap_buf_release.
 * The add functions return AP_OK or AP_ENOMEM (the buffer is unchanged on
 * failure).
 */
struct ap_buf {
	char *ptr;
	size_t len;
	size_t alloc;
};
#define AP_BUF_INIT {NULL, 0, 0}

AP_NODISCARD int ap_buf_grow(struct ap_buf *b, size_t extra);
AP_NODISCARD int ap_buf_add(struct ap_buf *b, const void *data, size_t len);
AP_NODISCARD int ap_buf_adds(struct ap_buf *b, const char *s);
AP_NODISCARD int ap_buf_addch(struct ap_buf *b, char c);
AP_NODISCARD int ap_buf_addf(struct ap_buf *b, const char *fmt, ...)
	AP_PRINTF(2, 3);
AP_NODISCARD int ap_buf_vaddf(struct ap_buf *b, const char *fmt, va_list ap)
	AP_PRINTF(2, 0);
/* Empties the buffer but keeps its memory. */
void ap_buf_reset(struct ap_buf *b);
/* Frees the memory; the buffer is AP_BUF_INIT afterwards.  Accepts NULL. */
void ap_buf_release(struct ap_buf *b);
/* Returns the string (caller owns it, free with free()) and resets b. */
char *ap_buf_detach(struct ap_buf *b, size_t *len);

/*
 * Allocation hook: every allocation of the library goes through these, so a
 * test can make the Nth allocation fail.  Passing NULL restores the libc
 * functions.  Not thread-safe: set it before any other call.
 */
struct ap_allocator {
	void *(*malloc_fn)(size_t);
	void *(*realloc_fn)(void *, size_t);
	void (*free_fn)(void *);
};
void ap_set_allocator(const struct ap_allocator *a);

#endif
