/*
 * XACML 3.0 data types (Appendix A.2) for the standard semantics: parsing
 * of the lexical forms, equality and ordering.
 */
#ifndef AP_EVAL_XVALUE_H
#define AP_EVAL_XVALUE_H

#include "internal.h"
#include "util/arena.h"

enum xt {
	XT_STRING = 0,
	XT_BOOLEAN,
	XT_INTEGER,
	XT_DOUBLE,
	XT_TIME,
	XT_DATE,
	XT_DATETIME,
	XT_DTDUR,  /* dayTimeDuration */
	XT_YMDUR,  /* yearMonthDuration */
	XT_ANYURI,
	XT_HEX,
	XT_B64,
	XT_RFC822,
	XT_X500,
	XT_IP,
	XT_DNS,
	XT_XPATH,
	XT_COUNT,
	XT_NONE = -1
};

#define XT_TZ_NONE (-100000)

struct xval {
	enum xt t;
	const char *lex; /* the lexical form as written */
	union {
		struct {
			const char *p; /* strings; decoded bytes for binaries */
			size_t n;
		} s;
		int b;
		int64_t i;
		double d;
		struct {
			int64_t y;
			int mo, da, h, mi, se;
			int32_t ns;
			int tz; /* minutes east of UTC, or XT_TZ_NONE */
		} dt;
		struct {
			int64_t sec; /* signed total */
			int32_t ns;  /* same sign as sec */
		} dur;
		int64_t months;
	} u;
};

/* The type of a DataType URI, or XT_NONE. */
enum xt ap_xt_from_uri(const char *uri);
/* The URI of a type. */
const char *ap_xt_uri(enum xt t);
/* The short name used in function ids ("dateTime"), or NULL. */
const char *ap_xt_name(enum xt t);

/* Parses text as type t into *v (strings point into the arena copy).
 * 0 on success, -1 when the text is not of the type, -2 out of memory. */
int ap_xt_parse(struct ap_arena *a, enum xt t, const char *text, struct xval *v);

/* Equality by the type's rules (both of type t). */
int ap_xt_equal(const struct xval *a, const struct xval *b);
/* <0, 0, >0 for ordered types (integer, double, string, time, date,
 * dateTime, durations); 0 for the rest. */
int ap_xt_compare(const struct xval *a, const struct xval *b);

/*
 * Limits that keep date and time arithmetic inside int64_t: years have at
 * most 9 digits (|year| <= AP_XT_MAX_YEAR), a dayTimeDuration at most
 * AP_XT_MAX_DURATION_SECONDS (about 31 million years) and a
 * yearMonthDuration at most AP_XT_MAX_DURATION_YEARS; longer lexical
 * values are invalid.  The additions below return -1 when the result
 * leaves the year range (the caller's "date out of range" error), else 0.
 */
#define AP_XT_YEAR_DIGITS 9
#define AP_XT_MAX_YEAR INT64_C(999999999)
#define AP_XT_MAX_DURATION_SECONDS INT64_C(1000000000000000)
#define AP_XT_MAX_DURATION_YEARS INT64_C(31000000)

/* Date/time arithmetic: v plus (sign 1) or minus (sign -1) a duration.
 * 0, or -1 when out of range. */
int ap_xt_add_dtdur(struct xval *v, const struct xval *d, int sign);
int ap_xt_add_ymdur(struct xval *v, const struct xval *d, int sign);

/* x500Name-match (a is a terminal sequence of b's RDNs) and
 * rfc822Name-match (pattern string against an rfc822Name). */
int ap_xt_x500_match(const struct xval *a, const struct xval *b);
int ap_xt_rfc822_match(const char *pattern, const struct xval *name);

#endif
