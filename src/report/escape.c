/* Escaping for the report formats (escape.h). */
#include "internal.h"
#include "report/escape.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t ap_report__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, 0xC0/0xC1 or 0xF5.. */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int ap_report__utf8_clean(struct ap_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), run = 0, k;
	uint32_t cp;

	/* copy runs of valid text in one go */
	while (run < n) {
		k = ap_report__utf8_decode(p + run, n - run, &cp);
		if (k) {
			run += k;
			continue;
		}
		if (ap_buf_add(out, p, run) != AP_OK ||
		    ap_buf_adds(out, replacement) != AP_OK)
			return AP_ENOMEM;
		p += run + 1;
		n -= run + 1;
		run = 0;
	}
	return ap_buf_add(out, p, run);
}

int ap_report__xml_escape(struct ap_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, start = 0, k;
	uint32_t cp;

	while (i < n) {
		const char *rep = NULL;

		k = ap_report__utf8_decode(p + i, n - i, &cp);
		if (k == 0) {
			rep = replacement;
			k = 1;
		} else if (cp == '&') {
			rep = "&amp;";
		} else if (cp == '<') {
			rep = "&lt;";
		} else if (cp == '>') {
			rep = "&gt;";
		} else if (cp == '"') {
			rep = "&quot;";
		} else if (cp == '\t') {
			rep = "&#9;";
		} else if (cp == '\n') {
			rep = "&#10;";
		} else if (cp == '\r') {
			rep = "&#13;";
		} else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
			rep = replacement;
		}
		if (rep) {
			if (ap_buf_add(out, p + start, i - start) != AP_OK ||
			    ap_buf_adds(out, rep) != AP_OK)
				return AP_ENOMEM;
			start = i + k;
		}
		i += k;
	}
	return ap_buf_add(out, p + start, i - start);
}

int ap_report__xml_attr(struct ap_buf *out, const char *name, const char *value)
{
	if (ap_buf_addf(out, " %s=\"", name) != AP_OK ||
	    ap_report__xml_escape(out, value) != AP_OK ||
	    ap_buf_addch(out, '"') != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

json_t *ap_report__json_str(const char *s)
{
	struct ap_buf b = AP_BUF_INIT;
	json_t *v;

	v = json_string(s);
	if (v != NULL)
		return v;
	/* NULL from jansson: invalid UTF-8 (or no memory) */
	if (ap_report__utf8_clean(&b, s) != AP_OK) {
		ap_buf_release(&b);
		return NULL;
	}
	v = json_stringn(b.ptr ? b.ptr : "", b.len);
	ap_buf_release(&b);
	return v;
}

/* The failure is remembered: jansson 2.14 ignores the callback's result
 * while writing an object key, so the next write must fail too. */
struct dump_ctx {
	struct ap_buf *out;
	int failed;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
	struct dump_ctx *ctx = data;

	if (!ctx->failed && ap_buf_add(ctx->out, buffer, size) != AP_OK)
		ctx->failed = 1;
	return ctx->failed ? -1 : 0;
}

int ap_report__json_quote(struct ap_buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, start = 0, k;
	uint32_t cp;

	if (ap_buf_addch(out, '"') != AP_OK)
		return AP_ENOMEM;
	/* copy runs that need no escaping in one go */
	while (i < n) {
		char esc[8];
		const char *rep = NULL;

		if (p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') {
			i++;
			continue;
		}
		k = p[i] >= 0x80 ? ap_report__utf8_decode(p + i, n - i, &cp) : 1;
		if (p[i] >= 0x80 && k > 0) {
			i += k;
			continue;
		}
		switch (p[i]) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		default:
			if (p[i] < 0x20) {
				esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
				esc[4] = hex[p[i] >> 4]; esc[5] = hex[p[i] & 15]; esc[6] = '\0';
				rep = esc;
			} else {
				rep = replacement; /* invalid UTF-8 */
			}
		}
		if (ap_buf_add(out, p + start, i - start) != AP_OK || ap_buf_adds(out, rep) != AP_OK)
			return AP_ENOMEM;
		i++;
		start = i;
	}
	if (ap_buf_add(out, p + start, i - start) != AP_OK || ap_buf_addch(out, '"') != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

int ap_report__json_dump(struct ap_buf *out, const json_t *v)
{
	struct dump_ctx ctx = {out, 0};

	if (json_dump_callback(v, dump_cb, &ctx, JSON_COMPACT) != 0 || ctx.failed)
		return AP_ENOMEM;
	return AP_OK;
}

/* Appends s, writing each byte for which pct(byte) as %XX. */
static int pct_escape(struct ap_buf *out, const char *s, int (*pct)(unsigned char))
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, start = 0;

	for (i = 0; p[i]; i++) {
		char e[3];

		if (!pct(p[i]))
			continue;
		e[0] = '%';
		e[1] = hex[p[i] >> 4];
		e[2] = hex[p[i] & 15];
		if (ap_buf_add(out, p + start, i - start) != AP_OK ||
		    ap_buf_add(out, e, 3) != AP_OK)
			return AP_ENOMEM;
		start = i + 1;
	}
	return ap_buf_add(out, p + start, i - start);
}

static int gh_data_byte(unsigned char c)
{
	return c == '%' || c == '\r' || c == '\n';
}

static int gh_property_byte(unsigned char c)
{
	return gh_data_byte(c) || c == ':' || c == ',';
}

int ap_report__gh_data(struct ap_buf *out, const char *s)
{
	return pct_escape(out, s, gh_data_byte);
}

int ap_report__gh_property(struct ap_buf *out, const char *s)
{
	return pct_escape(out, s, gh_property_byte);
}

/* RFC 3986 pchar less ':' (which must not start a relative path). */
static int uri_byte(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 0;
	return strchr("-._~!$&'()*+,;=@/", c) == NULL || c == '\0';
}

int ap_report__uri_path(struct ap_buf *out, const char *path)
{
	if (path[0] == '/' && ap_buf_adds(out, "file://") != AP_OK)
		return AP_ENOMEM;
	return pct_escape(out, path, uri_byte);
}
