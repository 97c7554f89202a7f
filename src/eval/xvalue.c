/* XACML data types: lexical forms (XML Schema 1.0), equality, ordering. */
#include "eval/xvalue.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <strings.h>

#define XS "http://www.w3.org/2001/XMLSchema#"

static const struct {
	const char *uri, *name;
} type_table[XT_COUNT] = {
	[XT_STRING] = {XS "string", "string"},
	[XT_BOOLEAN] = {XS "boolean", "boolean"},
	[XT_INTEGER] = {XS "integer", "integer"},
	[XT_DOUBLE] = {XS "double", "double"},
	[XT_TIME] = {XS "time", "time"},
	[XT_DATE] = {XS "date", "date"},
	[XT_DATETIME] = {XS "dateTime", "dateTime"},
	[XT_DTDUR] = {XS "dayTimeDuration", "dayTimeDuration"},
	[XT_YMDUR] = {XS "yearMonthDuration", "yearMonthDuration"},
	[XT_ANYURI] = {XS "anyURI", "anyURI"},
	[XT_HEX] = {XS "hexBinary", "hexBinary"},
	[XT_B64] = {XS "base64Binary", "base64Binary"},
	[XT_RFC822] = {"urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name", "rfc822Name"},
	[XT_X500] = {"urn:oasis:names:tc:xacml:1.0:data-type:x500Name", "x500Name"},
	[XT_IP] = {"urn:oasis:names:tc:xacml:2.0:data-type:ipAddress", "ipAddress"},
	[XT_DNS] = {"urn:oasis:names:tc:xacml:2.0:data-type:dnsName", "dnsName"},
	[XT_XPATH] = {"urn:oasis:names:tc:xacml:3.0:data-type:xpathExpression", "xpathExpression"},
};

enum xt ap_xt_from_uri(const char *uri)
{
	size_t i;

	if (uri == NULL)
		return XT_NONE;
	for (i = 0; i < XT_COUNT; i++)
		if (strcmp(uri, type_table[i].uri) == 0)
			return (enum xt)i;
	/* the XACML 2.0 duration ids */
	if (strcmp(uri, "http://www.w3.org/TR/2002/WD-xquery-operators-20020816#dayTimeDuration") == 0)
		return XT_DTDUR;
	if (strcmp(uri, "http://www.w3.org/TR/2002/WD-xquery-operators-20020816#yearMonthDuration") == 0)
		return XT_YMDUR;
	return XT_NONE;
}

const char *ap_xt_uri(enum xt t)
{
	return t >= 0 && t < XT_COUNT ? type_table[t].uri : "";
}

const char *ap_xt_name(enum xt t)
{
	return t >= 0 && t < XT_COUNT ? type_table[t].name : NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trimmed copy in the arena. */
static const char *trimmed(struct ap_arena *a, const char *s, size_t *n)
{
	size_t len;

	while (is_space(*s))
		s++;
	len = strlen(s);
	while (len && is_space(s[len - 1]))
		len--;
	*n = len;
	return ap_arena_strndup(a, s, len);
}

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int parse_tz(const char **p, int *tz)
{
	int h, m, sign;

	if (**p == '\0') {
		*tz = XT_TZ_NONE;
		return 0;
	}
	if (**p == 'Z') {
		(*p)++;
		*tz = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &h) || **p != ':')
		return -1;
	(*p)++;
	if (digits(p, 2, &m) || h > 14 || m > 59)
		return -1;
	*tz = sign * (h * 60 + m);
	return 0;
}

static int parse_time_part(const char **p, struct xval *v)
{
	int h, mi, se;

	if (digits(p, 2, &h) || **p != ':')
		return -1;
	(*p)++;
	if (digits(p, 2, &mi) || **p != ':')
		return -1;
	(*p)++;
	if (digits(p, 2, &se))
		return -1;
	v->u.dt.ns = 0;
	if (**p == '.') {
		int32_t scale = 100000000;

		(*p)++;
		if (!isdigit((unsigned char)**p))
			return -1;
		while (isdigit((unsigned char)**p)) {
			v->u.dt.ns += (**p - '0') * scale;
			scale /= 10;
			(*p)++;
		}
	}
	if (h > 24 || mi > 59 || se > 59 || (h == 24 && (mi || se || v->u.dt.ns)))
		return -1;
	v->u.dt.h = h;
	v->u.dt.mi = mi;
	v->u.dt.se = se;
	return 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int parse_date_part(const char **p, struct xval *v)
{
	int64_t y = 0;
	int neg = 0, n = 0, mo, da;

	if (**p == '-') {
		neg = 1;
		(*p)++;
	}
	/* years of at most AP_XT_YEAR_DIGITS digits: every instant then fits
	 * int64_t seconds with room for any duration (xacml.h) */
	while (isdigit((unsigned char)**p) && n < AP_XT_YEAR_DIGITS) {
		y = y * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < 4 || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, &mo) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, &da) || mo < 1 || mo > 12)
		return -1;
	v->u.dt.y = neg ? -y : y;
	if (da < 1 || da > days_in_month(v->u.dt.y, mo))
		return -1;
	v->u.dt.mo = mo;
	v->u.dt.da = da;
	return 0;
}

/* Duration: -?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)? */
static int parse_duration(const char *s, struct xval *v, int ym)
{
	int64_t years = 0, months = 0, days = 0, hours = 0, mins = 0, secs = 0;
	int32_t ns = 0;
	int neg = 0, in_time = 0, any = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s++ != 'P')
		return -1;
	while (*s) {
		int64_t n = 0;
		int nd = 0;
		int32_t frac = 0;

		if (*s == 'T') {
			if (in_time || ym)
				return -1;
			in_time = 1;
			s++;
			if (*s == '\0')
				return -1;
			continue;
		}
		while (isdigit((unsigned char)*s) && nd < 15) {
			n = n * 10 + (*s - '0');
			s++;
			nd++;
		}
		if (nd == 0)
			return -1;
		if (*s == '.' && in_time) {
			int32_t scale = 100000000;

			s++;
			while (isdigit((unsigned char)*s)) {
				frac += (*s - '0') * scale;
				scale /= 10;
				s++;
			}
			if (*s != 'S')
				return -1;
		}
		any = 1;
		switch (*s) {
		case 'Y': if (in_time || !ym) return -1; years = n; break;
		case 'M': if (in_time) mins = n; else if (ym) months = n; else return -1; break;
		case 'D': if (in_time || ym) return -1; days = n; break;
		case 'H': if (!in_time) return -1; hours = n; break;
		case 'S': if (!in_time) return -1; secs = n; ns = frac; break;
		default: return -1;
		}
		s++;
	}
	if (!any)
		return -1;
	/* every component has at most 15 digits; the total must stay within
	 * AP_XT_MAX_DURATION_SECONDS (or the months of as many years) so
	 * that adding it to any instant cannot overflow */
	if (years > AP_XT_MAX_DURATION_YEARS || months > AP_XT_MAX_DURATION_YEARS * 12 ||
	    days > AP_XT_MAX_DURATION_SECONDS / 86400 || hours > AP_XT_MAX_DURATION_SECONDS / 3600 ||
	    mins > AP_XT_MAX_DURATION_SECONDS / 60 || secs > AP_XT_MAX_DURATION_SECONDS)
		return -1;
	if (ym) {
		v->u.months = (years * 12 + months) * (neg ? -1 : 1);
	} else {
		v->u.dur.sec = ((days * 24 + hours) * 60 + mins) * 60 + secs;
		if (v->u.dur.sec > AP_XT_MAX_DURATION_SECONDS)
			return -1;
		v->u.dur.ns = ns;
		if (neg) {
			v->u.dur.sec = -v->u.dur.sec;
			v->u.dur.ns = -v->u.dur.ns;
		}
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int parse_binary(struct ap_arena *a, const char *s, size_t n, struct xval *v, int hex)
{
	char *out = ap_arena_alloc(a, n + 1);
	size_t i, k = 0;
	uint32_t acc = 0;
	int bits = 0, pad = 0;

	if (out == NULL)
		return -2;
	if (hex) {
		if (n % 2)
			return -1;
		for (i = 0; i < n; i += 2) {
			int h = hexval(s[i]), l = hexval(s[i + 1]);

			if (h < 0 || l < 0)
				return -1;
			out[k++] = (char)(h * 16 + l);
		}
	} else {
		for (i = 0; i < n; i++) {
			int d;

			if (is_space(s[i]))
				continue;
			if (s[i] == '=') {
				pad++;
				continue;
			}
			if (pad || (d = b64val(s[i])) < 0)
				return -1;
			acc = (acc << 6) | (uint32_t)d;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[k++] = (char)((acc >> bits) & 0xFF);
			}
		}
	}
	v->u.s.p = out;
	v->u.s.n = k;
	return 0;
}

int ap_xt_parse(struct ap_arena *a, enum xt t, const char *text, struct xval *v)
{
	const char *s, *p;
	size_t n;
	char *end;

	memset(v, 0, sizeof(*v));
	v->t = t;
	if (t == XT_STRING) {
		/* a string keeps its white space */
		v->lex = ap_arena_strndup(a, text, strlen(text));
		if (v->lex == NULL)
			return -2;
		v->u.s.p = v->lex;
		v->u.s.n = strlen(text);
		return 0;
	}
	s = trimmed(a, text, &n);
	if (s == NULL)
		return -2;
	v->lex = s;
	p = s;
	switch (t) {
	case XT_BOOLEAN:
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
			v->u.b = 1;
		else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			v->u.b = 0;
		else
			return -1;
		return 0;
	case XT_INTEGER:
		if (n == 0 || strspn(s + (*s == '-' || *s == '+'), "0123456789") != n - (*s == '-' || *s == '+') ||
		    n == (size_t)(*s == '-' || *s == '+'))
			return -1;
		errno = 0;
		v->u.i = strtoll(s, &end, 10);
		return errno ? -1 : 0;
	case XT_DOUBLE:
		if (strcmp(s, "INF") == 0 || strcmp(s, "+INF") == 0)
			v->u.d = HUGE_VAL;
		else if (strcmp(s, "-INF") == 0)
			v->u.d = -HUGE_VAL;
		else if (strcmp(s, "NaN") == 0)
			v->u.d = NAN;
		else {
			if (n == 0 || strspn(s, "0123456789.eE+-") != n)
				return -1;
			v->u.d = strtod(s, &end);
			if (*end != '\0')
				return -1;
		}
		return 0;
	case XT_DATETIME:
		if (parse_date_part(&p, v) || *p++ != 'T' || parse_time_part(&p, v) ||
		    parse_tz(&p, &v->u.dt.tz) || *p)
			return -1;
		return 0;
	case XT_DATE:
		if (parse_date_part(&p, v) || parse_tz(&p, &v->u.dt.tz) || *p)
			return -1;
		return 0;
	case XT_TIME:
		if (parse_time_part(&p, v) || parse_tz(&p, &v->u.dt.tz) || *p)
			return -1;
		return 0;
	case XT_DTDUR:
		return parse_duration(s, v, 0);
	case XT_YMDUR:
		return parse_duration(s, v, 1);
	case XT_HEX:
	case XT_B64:
		return parse_binary(a, s, n, v, t == XT_HEX);
	default:
		v->u.s.p = s;
		v->u.s.n = n;
		return 0;
	}
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Seconds since the epoch in UTC (no time zone: taken as UTC). */
static int64_t instant(const struct xval *v)
{
	int64_t s = 0;
	int tz = v->u.dt.tz == XT_TZ_NONE ? 0 : v->u.dt.tz;

	if (v->t != XT_TIME)
		s = days_from_civil(v->u.dt.y, v->u.dt.mo, v->u.dt.da) * 86400;
	if (v->t != XT_DATE)
		s += (int64_t)v->u.dt.h * 3600 + (int64_t)v->u.dt.mi * 60 + v->u.dt.se;
	return s - (int64_t)tz * 60;
}

static int cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* RDNs of an x500Name, normalised: lower case, no blanks around , = +. */
static size_t x500_norm(const struct xval *v, char *out, size_t size)
{
	size_t i, k = 0;
	const char *s = v->u.s.p;
	size_t n = v->u.s.n;

	for (i = 0; i < n && k + 1 < size; i++) {
		char c = s[i];

		if (is_space(c)) {
			size_t j = i;

			while (j < n && is_space(s[j]))
				j++;
			if (k == 0 || j == n || strchr(",=+", s[j]) || strchr(",=+", out[k - 1])) {
				i = j - 1;
				continue;
			}
			out[k++] = ' ';
			i = j - 1;
			continue;
		}
		out[k++] = (char)tolower((unsigned char)c);
	}
	out[k] = '\0';
	return k;
}

int ap_xt_x500_match(const struct xval *a, const struct xval *b)
{
	char na[1024], nb[1024];
	size_t la = x500_norm(a, na, sizeof(na)), lb = x500_norm(b, nb, sizeof(nb));

	if (la > lb)
		return 0;
	if (strcmp(nb + lb - la, na) != 0)
		return 0;
	return la == lb || nb[lb - la - 1] == ',';
}

int ap_xt_rfc822_match(const char *pattern, const struct xval *name)
{
	const char *at = memchr(name->u.s.p, '@', name->u.s.n);
	const char *domain = at ? at + 1 : name->u.s.p;
	size_t dlen = at ? name->u.s.n - (size_t)(at + 1 - name->u.s.p) : name->u.s.n;
	size_t pl = strlen(pattern);
	const char *pat_at = strchr(pattern, '@');

	if (pat_at) {
		size_t local = (size_t)(pat_at - pattern);

		return at && (size_t)(at - name->u.s.p) == local &&
		       memcmp(pattern, name->u.s.p, local) == 0 &&
		       strlen(pat_at + 1) == dlen && strncasecmp(pat_at + 1, domain, dlen) == 0;
	}
	if (pattern[0] == '.')
		return dlen > pl && strncasecmp(domain + dlen - pl, pattern, pl) == 0;
	return dlen == pl && strncasecmp(domain, pattern, pl) == 0;
}

int ap_xt_equal(const struct xval *a, const struct xval *b)
{
	switch (a->t) {
	case XT_BOOLEAN: return a->u.b == b->u.b;
	case XT_INTEGER: return a->u.i == b->u.i;
	case XT_DOUBLE: /* NaN equals NaN, as the conformance suite has it */
		return a->u.d == b->u.d || (isnan(a->u.d) && isnan(b->u.d));
	case XT_TIME:
	case XT_DATE:
	case XT_DATETIME:
	case XT_DTDUR:
	case XT_YMDUR:
		return ap_xt_compare(a, b) == 0;
	case XT_RFC822: {
		const char *at = memchr(a->u.s.p, '@', a->u.s.n);
		size_t local = at ? (size_t)(at - a->u.s.p) : a->u.s.n;

		return a->u.s.n == b->u.s.n && memcmp(a->u.s.p, b->u.s.p, local) == 0 &&
		       strncasecmp(a->u.s.p + local, b->u.s.p + local, a->u.s.n - local) == 0;
	}
	case XT_X500: {
		char na[1024], nb[1024];

		x500_norm(a, na, sizeof(na));
		x500_norm(b, nb, sizeof(nb));
		return strcmp(na, nb) == 0;
	}
	default:
		return a->u.s.n == b->u.s.n && memcmp(a->u.s.p, b->u.s.p, a->u.s.n) == 0;
	}
}

int ap_xt_compare(const struct xval *a, const struct xval *b)
{
	int c;

	switch (a->t) {
	case XT_INTEGER: return cmp64(a->u.i, b->u.i);
	case XT_DOUBLE: return a->u.d < b->u.d ? -1 : a->u.d > b->u.d;
	case XT_TIME:
	case XT_DATE:
	case XT_DATETIME:
		c = cmp64(instant(a), instant(b));
		return c ? c : cmp64(a->t == XT_DATE ? 0 : a->u.dt.ns, b->t == XT_DATE ? 0 : b->u.dt.ns);
	case XT_DTDUR:
		c = cmp64(a->u.dur.sec, b->u.dur.sec);
		return c ? c : cmp64(a->u.dur.ns, b->u.dur.ns);
	case XT_YMDUR:
		return cmp64(a->u.months, b->u.months);
	case XT_STRING: {
		size_t n = a->u.s.n < b->u.s.n ? a->u.s.n : b->u.s.n;

		c = memcmp(a->u.s.p, b->u.s.p, n);
		return c ? c : cmp64((int64_t)a->u.s.n, (int64_t)b->u.s.n);
	}
	default:
		return 0;
	}
}

int ap_xt_add_dtdur(struct xval *v, const struct xval *d, int sign)
{
	int64_t days = days_from_civil(v->u.dt.y, v->u.dt.mo, v->u.dt.da);
	int64_t secs = days * 86400 + (int64_t)v->u.dt.h * 3600 + (int64_t)v->u.dt.mi * 60 + v->u.dt.se;
	int64_t ns = v->u.dt.ns + sign * (int64_t)d->u.dur.ns;

	secs += sign * d->u.dur.sec;
	while (ns < 0) {
		ns += 1000000000;
		secs--;
	}
	while (ns >= 1000000000) {
		ns -= 1000000000;
		secs++;
	}
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	secs -= days * 86400;
	civil_from_days(days, &v->u.dt.y, &v->u.dt.mo, &v->u.dt.da);
	if (v->u.dt.y > AP_XT_MAX_YEAR || v->u.dt.y < -AP_XT_MAX_YEAR)
		return -1;
	v->u.dt.h = (int)(secs / 3600);
	v->u.dt.mi = (int)(secs / 60 % 60);
	v->u.dt.se = (int)(secs % 60);
	v->u.dt.ns = (int32_t)ns;
	return 0;
}

int ap_xt_add_ymdur(struct xval *v, const struct xval *d, int sign)
{
	int64_t m = v->u.dt.y * 12 + (v->u.dt.mo - 1) + sign * d->u.months;
	int64_t y = m >= 0 ? m / 12 : -((-m + 11) / 12);
	int dim;

	if (y > AP_XT_MAX_YEAR || y < -AP_XT_MAX_YEAR)
		return -1;
	v->u.dt.y = y;
	v->u.dt.mo = (int)(m - y * 12) + 1;
	dim = days_in_month(v->u.dt.y, v->u.dt.mo);
	if (v->u.dt.da > dim)
		v->u.dt.da = dim;
	return 0;
}
