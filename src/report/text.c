/*
 * The default format, for people: the gcc line, then the source line and a
 * caret under the column, as clang and ShellCheck show them.
 *
 *	policy.xml:12:5: error: no Permit rule grants read [AX-C001]
 *		<xacml:Rule RuleId="r1" Effect="Deny">
 *		^
 *
 * Columns count UTF-8 characters; a tab before the column is copied into
 * the caret line so the caret lines up whatever the tab width.  A source
 * line longer than SNIPPET_MAX characters (a policy written on one line)
 * is shown as a window around the column, cut ends marked with "...".
 * Control characters of the source line other than tab are shown as '?'
 * so a hostile file cannot send escape sequences to the terminal.
 */
#include "internal.h"
#include "report/report_int.h"

#define SNIPPET_MAX 200  /* characters shown whole */
#define WINDOW 120       /* characters shown of a longer line */
#define WINDOW_LEAD 40   /* of those, before the column */

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_CARET "\033[1;32m"

static const char *severity_sgr(enum ap_severity s)
{
	switch (s) {
	case AP_SEV_ERROR:
		return "\033[1;31m";
	case AP_SEV_WARNING:
		return "\033[1;33m";
	default:
		return "\033[1;36m";
	}
}

/* The gcc line; with colour, position bold and severity coloured. */
static int head_line(const struct ap_diag *d, int color, struct ap_buf *out)
{
	if (!color)
		return ap_report__gcc_line(d, out);
	if (d->line > 0) {
		if (ap_buf_addf(out, SGR_BOLD "%s:%u:%u:" SGR_RESET " ", d->file,
				(unsigned)d->line, (unsigned)d->col) != AP_OK)
			return AP_ENOMEM;
	} else if (ap_buf_addf(out, SGR_BOLD "%s:" SGR_RESET " ", d->file) != AP_OK) {
		return AP_ENOMEM;
	}
	return ap_buf_addf(out, "%s%s:" SGR_RESET " %s [%s]",
			   severity_sgr(d->severity), ap_severity_name(d->severity),
			   d->message, d->rule_id);
}

/* Bytes of the character at s (a lead byte and its continuation bytes). */
static size_t char_len(const char *s)
{
	size_t n = 1;

	while ((s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* Byte offset of character i of s (s has at least i characters). */
static size_t char_offset(const char *s, size_t i)
{
	size_t off = 0;

	while (i-- > 0)
		off += char_len(s + off);
	return off;
}

/* Characters in the first len bytes of s, counted as char_len steps (so
 * stray continuation bytes count like char_offset counts them). */
static size_t char_count(const char *s, size_t len)
{
	size_t off = 0, n = 0;

	while (off < len) {
		off += char_len(s + off);
		n++;
	}
	return n;
}

static int add_source(struct ap_buf *out, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7F) {
			if (ap_buf_add(out, s + start, i - start) != AP_OK ||
			    ap_buf_addch(out, '?') != AP_OK)
				return AP_ENOMEM;
			start = i + 1;
		}
	}
	return ap_buf_add(out, s + start, len - start);
}

/* Source line and caret line of a finding with a line and a snippet. */
static int snippet(const struct ap_diag *d, int color, struct ap_buf *out)
{
	const char *s = d->snippet;
	size_t len = strlen(s), nchars, first = 0, last, col0, i, off;
	int cut_left, cut_right;

	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	nchars = char_count(s, len);
	col0 = d->col > 0 ? (size_t)d->col - 1 : 0;
	/* a column past the end of the line plus one: the snippet was cut
	 * short before the column (the lint driver keeps the first 512 bytes
	 * of a line), so it does not show the place: leave it out */
	if (col0 > nchars)
		return AP_OK;
	last = nchars;
	if (nchars > SNIPPET_MAX) {
		first = col0 > WINDOW_LEAD ? col0 - WINDOW_LEAD : 0;
		if (first + WINDOW > nchars)
			first = nchars - WINDOW;
		last = first + WINDOW;
	}
	cut_left = first > 0;
	cut_right = last < nchars;

	/* the source line (or its window) */
	off = char_offset(s, first);
	i = char_offset(s + off, last - first);
	if ((cut_left && ap_buf_adds(out, "...") != AP_OK) ||
	    add_source(out, s + off, i) != AP_OK ||
	    (cut_right && ap_buf_adds(out, "...") != AP_OK) ||
	    ap_buf_addch(out, '\n') != AP_OK)
		return AP_ENOMEM;
	if (d->col == 0)
		return AP_OK; /* no column: no caret */

	/* the caret line: tabs copied, one space per other character */
	if (cut_left && ap_buf_adds(out, "   ") != AP_OK)
		return AP_ENOMEM;
	for (i = first; i < col0; i++) {
		char c = s[off] == '\t' ? '\t' : ' ';

		if (ap_buf_addch(out, c) != AP_OK)
			return AP_ENOMEM;
		off += char_len(s + off);
	}
	if (ap_buf_adds(out, color ? SGR_CARET "^" SGR_RESET "\n" : "^\n") != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

static int text_file(ap_reporter *r, const char *file,
		     const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	(void)file;
	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		if (head_line(d, r->opts.color, out) != AP_OK ||
		    ap_buf_addch(out, '\n') != AP_OK)
			return AP_ENOMEM;
		if (d->line > 0 && d->snippet != NULL &&
		    snippet(d, r->opts.color, out) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}

const struct ap_report_fmt ap_report_fmt_text = {
	"text", AP_REPORT_TEXT, NULL, text_file, NULL,
};
