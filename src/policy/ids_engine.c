/*
 * Identifier tables and value parsers for the engine-semantics rules; see
 * ids_engine.h.  Every table lookup is a binary search over a sorted
 * table.
 */
#include "internal.h"
#include "policy/ids.h"
#include "policy/ids_engine.h"

#include <stdlib.h>
#include <strings.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* [*b, *e) is s without surrounding white space. */
static void trim(const char *s, const char **b, const char **e)
{
	const char *end = s + strlen(s);

	while (s < end && is_space(*s))
		s++;
	while (end > s && is_space(end[-1]))
		end--;
	*b = s;
	*e = end;
}

/* The effect name [b, e) is: 0 Permit, 1 Deny, -1 neither; *exact when
 * written exactly so. */
static int effect_name(const char *b, const char *e, int *exact)
{
	size_t n = (size_t)(e - b);

	*exact = 0;
	if (n == 6 && strncasecmp(b, "Permit", 6) == 0) {
		*exact = strncmp(b, "Permit", 6) == 0;
		return 0;
	}
	if (n == 4 && strncasecmp(b, "Deny", 4) == 0) {
		*exact = strncmp(b, "Deny", 4) == 0;
		return 1;
	}
	return -1;
}

/* Int32 in [b, e) with an optional sign; -1 when not one. */
static int parse_int32(const char *b, const char *e, long *out)
{
	long v = 0;
	int neg = 0;

	if (b < e && (*b == '+' || *b == '-'))
		neg = *b++ == '-';
	if (b == e)
		return -1;
	for (; b < e; b++) {
		if (*b < '0' || *b > '9')
			return -1;
		v = v * 10 + (*b - '0');
		if (v > 2147483648L)
			return -1;
	}
	if (!neg && v > 2147483647L)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

struct ap_effect ap_ids_effect(const char *s)
{
	struct ap_effect r = {AP_EFFECT_INVALID, AP_EFFECT_PERMIT};
	const char *b, *e, *p, *q, *pb, *pe;
	int exact = 0, v, bits = 0, parts = 0;
	long n;

	if (s == NULL)
		return r;
	/* the common spellings, as Studio writes them (compared in line,
	 * each byte read only after the one before it matched) */
	if (s[0] == 'P' && s[1] == 'e' && s[2] == 'r' && s[3] == 'm' &&
	    s[4] == 'i' && s[5] == 't' && s[6] == '\0') {
		r.form = AP_EFFECT_EXACT;
		return r;
	}
	if (s[0] == 'D' && s[1] == 'e' && s[2] == 'n' && s[3] == 'y' &&
	    s[4] == '\0') {
		r.form = AP_EFFECT_EXACT;
		r.value = AP_EFFECT_DENY;
		return r;
	}
	trim(s, &b, &e);
	if (b == e)
		return r;
	/* a leading digit or sign makes .NET read a number */
	if ((*b >= '0' && *b <= '9') || *b == '+' || *b == '-') {
		if (parse_int32(b, e, &n) != 0)
			return r;
		r.form = AP_EFFECT_NUMERIC;
		r.value = n == 0 ? AP_EFFECT_PERMIT :
			  n == 1 ? AP_EFFECT_DENY : AP_EFFECT_NEITHER;
		return r;
	}
	for (p = b; p <= e; p = q + 1) {
		for (q = p; q < e && *q != ','; q++)
			;
		pb = p;
		pe = q;
		while (pb < pe && is_space(*pb))
			pb++;
		while (pe > pb && is_space(pe[-1]))
			pe--;
		v = effect_name(pb, pe, &exact);
		if (v < 0)
			return r;
		bits |= v;
		parts++;
		if (q == e)
			break;
	}
	r.value = bits ? AP_EFFECT_DENY : AP_EFFECT_PERMIT;
	if (parts > 1)
		r.form = AP_EFFECT_LIST;
	else if (exact && b == s && *e == '\0')
		r.form = AP_EFFECT_EXACT;
	else
		r.form = AP_EFFECT_CASE;
	return r;
}

/*
 * Function identifiers of the XACML 1.0, 2.0 and 3.0 standards (XACML 3.0
 * core, Appendix A.3, and the deprecated identifiers of Appendix A.4),
 * sorted (strcmp order).  Altinn implements ten of them (ids.h).
 */
static const char *const xacml_functions[] = {
	"urn:oasis:names:tc:xacml:1.0:function:all-of",
	"urn:oasis:names:tc:xacml:1.0:function:all-of-all",
	"urn:oasis:names:tc:xacml:1.0:function:all-of-any",
	"urn:oasis:names:tc:xacml:1.0:function:and",
	"urn:oasis:names:tc:xacml:1.0:function:any-of",
	"urn:oasis:names:tc:xacml:1.0:function:any-of-all",
	"urn:oasis:names:tc:xacml:1.0:function:any-of-any",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-bag",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-equal",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-subset",
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-union",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-bag",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-equal",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-subset",
	"urn:oasis:names:tc:xacml:1.0:function:base64Binary-union",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-bag",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-equal",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-subset",
	"urn:oasis:names:tc:xacml:1.0:function:boolean-union",
	"urn:oasis:names:tc:xacml:1.0:function:date-add-yearMonthDuration",
	"urn:oasis:names:tc:xacml:1.0:function:date-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:date-bag",
	"urn:oasis:names:tc:xacml:1.0:function:date-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:date-equal",
	"urn:oasis:names:tc:xacml:1.0:function:date-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:date-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:date-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:date-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:date-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:date-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:date-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:date-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:date-subset",
	"urn:oasis:names:tc:xacml:1.0:function:date-subtract-yearMonthDuration",
	"urn:oasis:names:tc:xacml:1.0:function:date-union",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-add-dayTimeDuration",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-add-yearMonthDuration",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-bag",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-equal",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-subset",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-subtract-dayTimeDuration",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-subtract-yearMonthDuration",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-union",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-bag",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-equal",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-subset",
	"urn:oasis:names:tc:xacml:1.0:function:dayTimeDuration-union",
	"urn:oasis:names:tc:xacml:1.0:function:double-abs",
	"urn:oasis:names:tc:xacml:1.0:function:double-add",
	"urn:oasis:names:tc:xacml:1.0:function:double-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:double-bag",
	"urn:oasis:names:tc:xacml:1.0:function:double-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:double-divide",
	"urn:oasis:names:tc:xacml:1.0:function:double-equal",
	"urn:oasis:names:tc:xacml:1.0:function:double-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:double-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:double-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:double-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:double-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:double-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:double-multiply",
	"urn:oasis:names:tc:xacml:1.0:function:double-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:double-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:double-subset",
	"urn:oasis:names:tc:xacml:1.0:function:double-subtract",
	"urn:oasis:names:tc:xacml:1.0:function:double-to-integer",
	"urn:oasis:names:tc:xacml:1.0:function:double-union",
	"urn:oasis:names:tc:xacml:1.0:function:floor",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-bag",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-equal",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-subset",
	"urn:oasis:names:tc:xacml:1.0:function:hexBinary-union",
	"urn:oasis:names:tc:xacml:1.0:function:integer-abs",
	"urn:oasis:names:tc:xacml:1.0:function:integer-add",
	"urn:oasis:names:tc:xacml:1.0:function:integer-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:integer-bag",
	"urn:oasis:names:tc:xacml:1.0:function:integer-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:integer-divide",
	"urn:oasis:names:tc:xacml:1.0:function:integer-equal",
	"urn:oasis:names:tc:xacml:1.0:function:integer-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:integer-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:integer-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:integer-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:integer-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:integer-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:integer-mod",
	"urn:oasis:names:tc:xacml:1.0:function:integer-multiply",
	"urn:oasis:names:tc:xacml:1.0:function:integer-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:integer-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:integer-subset",
	"urn:oasis:names:tc:xacml:1.0:function:integer-subtract",
	"urn:oasis:names:tc:xacml:1.0:function:integer-to-double",
	"urn:oasis:names:tc:xacml:1.0:function:integer-union",
	"urn:oasis:names:tc:xacml:1.0:function:map",
	"urn:oasis:names:tc:xacml:1.0:function:n-of",
	"urn:oasis:names:tc:xacml:1.0:function:not",
	"urn:oasis:names:tc:xacml:1.0:function:or",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-bag",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-equal",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-match",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-subset",
	"urn:oasis:names:tc:xacml:1.0:function:rfc822Name-union",
	"urn:oasis:names:tc:xacml:1.0:function:round",
	"urn:oasis:names:tc:xacml:1.0:function:string-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:string-bag",
	"urn:oasis:names:tc:xacml:1.0:function:string-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:string-equal",
	"urn:oasis:names:tc:xacml:1.0:function:string-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:string-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:string-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:string-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:string-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:string-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:string-normalize-space",
	"urn:oasis:names:tc:xacml:1.0:function:string-normalize-to-lower-case",
	"urn:oasis:names:tc:xacml:1.0:function:string-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:string-regexp-match",
	"urn:oasis:names:tc:xacml:1.0:function:string-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:string-subset",
	"urn:oasis:names:tc:xacml:1.0:function:string-union",
	"urn:oasis:names:tc:xacml:1.0:function:time-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:time-bag",
	"urn:oasis:names:tc:xacml:1.0:function:time-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:time-equal",
	"urn:oasis:names:tc:xacml:1.0:function:time-greater-than",
	"urn:oasis:names:tc:xacml:1.0:function:time-greater-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:time-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:time-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:time-less-than",
	"urn:oasis:names:tc:xacml:1.0:function:time-less-than-or-equal",
	"urn:oasis:names:tc:xacml:1.0:function:time-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:time-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:time-subset",
	"urn:oasis:names:tc:xacml:1.0:function:time-union",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-bag",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-equal",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-match",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-subset",
	"urn:oasis:names:tc:xacml:1.0:function:x500Name-union",
	"urn:oasis:names:tc:xacml:1.0:function:xpath-node-count",
	"urn:oasis:names:tc:xacml:1.0:function:xpath-node-equal",
	"urn:oasis:names:tc:xacml:1.0:function:xpath-node-match",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-bag",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-equal",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-intersection",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-set-equals",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-subset",
	"urn:oasis:names:tc:xacml:1.0:function:yearMonthDuration-union",
	"urn:oasis:names:tc:xacml:2.0:function:anyURI-regexp-match",
	"urn:oasis:names:tc:xacml:2.0:function:dnsName-regexp-match",
	"urn:oasis:names:tc:xacml:2.0:function:ipAddress-regexp-match",
	"urn:oasis:names:tc:xacml:2.0:function:rfc822Name-regexp-match",
	"urn:oasis:names:tc:xacml:2.0:function:string-concatenate",
	"urn:oasis:names:tc:xacml:2.0:function:time-in-range",
	"urn:oasis:names:tc:xacml:2.0:function:uri-string-concatenate",
	"urn:oasis:names:tc:xacml:2.0:function:x500Name-regexp-match",
	"urn:oasis:names:tc:xacml:3.0:function:all-of",
	"urn:oasis:names:tc:xacml:3.0:function:any-of",
	"urn:oasis:names:tc:xacml:3.0:function:any-of-any",
	"urn:oasis:names:tc:xacml:3.0:function:anyURI-contains",
	"urn:oasis:names:tc:xacml:3.0:function:anyURI-ends-with",
	"urn:oasis:names:tc:xacml:3.0:function:anyURI-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:anyURI-starts-with",
	"urn:oasis:names:tc:xacml:3.0:function:anyURI-substring",
	"urn:oasis:names:tc:xacml:3.0:function:boolean-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:date-add-yearMonthDuration",
	"urn:oasis:names:tc:xacml:3.0:function:date-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:date-subtract-yearMonthDuration",
	"urn:oasis:names:tc:xacml:3.0:function:dateTime-add-dayTimeDuration",
	"urn:oasis:names:tc:xacml:3.0:function:dateTime-add-yearMonthDuration",
	"urn:oasis:names:tc:xacml:3.0:function:dateTime-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:dateTime-subtract-dayTimeDuration",
	"urn:oasis:names:tc:xacml:3.0:function:dateTime-subtract-yearMonthDuration",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-bag",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-bag-size",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-equal",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-intersection",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-is-in",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-one-and-only",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-set-equals",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-subset",
	"urn:oasis:names:tc:xacml:3.0:function:dayTimeDuration-union",
	"urn:oasis:names:tc:xacml:3.0:function:dnsName-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:double-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:integer-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:ipAddress-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:map",
	"urn:oasis:names:tc:xacml:3.0:function:rfc822Name-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:string-contains",
	"urn:oasis:names:tc:xacml:3.0:function:string-ends-with",
	"urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-anyURI",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-boolean",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-date",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-dateTime",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-dayTimeDuration",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-dnsName",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-double",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-integer",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-ipAddress",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-rfc822Name",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-time",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-x500Name",
	"urn:oasis:names:tc:xacml:3.0:function:string-from-yearMonthDuration",
	"urn:oasis:names:tc:xacml:3.0:function:string-starts-with",
	"urn:oasis:names:tc:xacml:3.0:function:string-substring",
	"urn:oasis:names:tc:xacml:3.0:function:time-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:x500Name-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:xpath-node-count",
	"urn:oasis:names:tc:xacml:3.0:function:xpath-node-equal",
	"urn:oasis:names:tc:xacml:3.0:function:xpath-node-match",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-at-least-one-member-of",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-bag",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-bag-size",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-equal",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-from-string",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-intersection",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-is-in",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-one-and-only",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-set-equals",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-subset",
	"urn:oasis:names:tc:xacml:3.0:function:yearMonthDuration-union",
};

static int cmp_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int in_table(const char *id, const char *const *t, size_t n)
{
	return id != NULL &&
	       bsearch(id, t, n, sizeof(t[0]), cmp_str) != NULL;
}

int ap_ids_xacml_function(const char *id)
{
	return in_table(id, xacml_functions, ARRAY_SIZE(xacml_functions));
}

const char *const *ap_ids_xacml_function_table(size_t *n)
{
	*n = ARRAY_SIZE(xacml_functions);
	return xacml_functions;
}

/* Sorted. */
static const char *const bag_size_fns[] = {
	"urn:oasis:names:tc:xacml:1.0:function:date-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-bag-size",
	"urn:oasis:names:tc:xacml:1.0:function:time-bag-size",
};

int ap_ids_bag_size_fn(const char *id)
{
	return in_table(id, bag_size_fns, ARRAY_SIZE(bag_size_fns));
}

/* Sorted. */
static const char *const logic_fns[] = {
	"urn:oasis:names:tc:xacml:1.0:function:and",
	"urn:oasis:names:tc:xacml:1.0:function:n-of",
	"urn:oasis:names:tc:xacml:1.0:function:not",
	"urn:oasis:names:tc:xacml:1.0:function:or",
};

int ap_ids_logic_fn(const char *id)
{
	return in_table(id, logic_fns, ARRAY_SIZE(logic_fns));
}

/* The text after the last ':' of id (the whole id when it has none). */
static const char *last_segment(const char *id)
{
	const char *c = strrchr(id, ':');

	return c ? c + 1 : id;
}

/* The match functions ids.h supports, by function name. */
static const char *const supported_fns[] = {
	"urn:oasis:names:tc:xacml:1.0:function:anyURI-equal",
	"urn:oasis:names:tc:xacml:1.0:function:date-equal",
	"urn:oasis:names:tc:xacml:1.0:function:dateTime-equal",
	"urn:oasis:names:tc:xacml:1.0:function:integer-equal",
	"urn:oasis:names:tc:xacml:1.0:function:integer-one-and-only",
	"urn:oasis:names:tc:xacml:1.0:function:string-equal",
	"urn:oasis:names:tc:xacml:1.0:function:string-is-in",
	"urn:oasis:names:tc:xacml:1.0:function:string-regexp-match",
	"urn:oasis:names:tc:xacml:1.0:function:time-equal",
	"urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case",
};

const char *ap_ids_match_fn_near(const char *id)
{
	const char *name;
	size_t i;

	if (id == NULL)
		return NULL;
	name = last_segment(id);
	for (i = 0; i < ARRAY_SIZE(supported_fns); i++)
		if (strcasecmp(name, last_segment(supported_fns[i])) == 0 &&
		    strcmp(id, supported_fns[i]) != 0 &&
		    ap_ids_match_fn(supported_fns[i]) != AP_MATCH_FN_UNSUPPORTED)
			return supported_fns[i];
	return NULL;
}

/* The supported rule-combining algorithms, by algorithm name. */
static const char *const supported_algs[] = {
	"urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-unless-permit",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:ordered-deny-overrides",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:ordered-permit-overrides",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-overrides",
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-unless-deny",
};

const char *ap_ids_combining_near(const char *id)
{
	const char *name;
	size_t i;

	if (id == NULL)
		return NULL;
	name = last_segment(id);
	for (i = 0; i < ARRAY_SIZE(supported_algs); i++)
		if (strcasecmp(name, last_segment(supported_algs[i])) == 0 &&
		    ap_ids_combining(supported_algs[i]) != AP_COMB_UNSUPPORTED)
			return supported_algs[i];
	return NULL;
}

/* True when word occurs in s ignoring ASCII case. */
static int contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

enum ap_category ap_ids_category_guess(const char *id)
{
	if (id == NULL)
		return AP_CAT_NONE;
	if (contains_ci(id, "subject"))
		return AP_CAT_SUBJECT;
	if (contains_ci(id, "resource"))
		return AP_CAT_RESOURCE;
	if (contains_ci(id, "action"))
		return AP_CAT_ACTION;
	return AP_CAT_NONE;
}

const char *ap_ids_category_id(enum ap_category cat)
{
	switch (cat) {
	case AP_CAT_SUBJECT: return AP_ID_CAT_SUBJECT;
	case AP_CAT_RESOURCE: return AP_ID_CAT_RESOURCE;
	case AP_CAT_ACTION: return AP_ID_CAT_ACTION;
	default: return NULL;
	}
}

const char *ap_ids_category_noun(enum ap_category cat)
{
	switch (cat) {
	case AP_CAT_SUBJECT: return "subject";
	case AP_CAT_RESOURCE: return "resource";
	case AP_CAT_ACTION: return "action";
	default: return "other";
	}
}
