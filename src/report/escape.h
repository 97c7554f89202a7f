/*
 * Escaping shared by the report formats: one function per target syntax,
 * so no format carries its own copy.  Each appends to out and returns AP_OK
 * or AP_ENOMEM (out may then hold part of the text).
 *
 * Input strings are bytes that should be UTF-8 (messages, source lines,
 * file names as given on the command line).  Where the target syntax needs
 * valid UTF-8 (XML, JSON), an invalid sequence becomes U+FFFD.
 */
#ifndef AP_REPORT_ESCAPE_H
#define AP_REPORT_ESCAPE_H

#include "altinn-policy/common.h"

#include <jansson.h>

/*
 * Length in bytes of the UTF-8 sequence at s (n bytes available) and its
 * code point in *cp; 0 when the bytes are not a valid, shortest-form
 * sequence of a Unicode scalar value (surrogates and values above
 * U+10FFFF are invalid).
 */
size_t ap_report__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Appends s with each invalid UTF-8 sequence replaced by U+FFFD. */
int ap_report__utf8_clean(struct ap_buf *out, const char *s);

/*
 * XML character data or attribute value (attributes are written with
 * double quotes, so ' stays as it is): & < > " as entities; tab, LF
 * and CR as character references (so attribute normalisation keeps them);
 * characters XML 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) and
 * invalid UTF-8 as U+FFFD.
 */
int ap_report__xml_escape(struct ap_buf *out, const char *s);
/* ' name="value"' with value escaped as above. */
int ap_report__xml_attr(struct ap_buf *out, const char *name, const char *value);

/*
 * A JSON string value (new reference) for s, invalid UTF-8 replaced by
 * U+FFFD; NULL when out of memory.  Escaping into JSON text is jansson's.
 */
json_t *ap_report__json_str(const char *s);

/* Appends the compact JSON text of v (jansson's json_dump_callback). */
int ap_report__json_dump(struct ap_buf *out, const json_t *v);
/* Appends s as a JSON string literal (quotes included; control characters
 * escaped, invalid UTF-8 as U+FFFD), without building a jansson value:
 * for the per-finding hot path.  AP_OK or AP_ENOMEM. */
int ap_report__json_quote(struct ap_buf *out, const char *s);

/*
 * GitHub workflow commands (actions/toolkit command.ts): the message
 * ("data") escapes % CR LF as %25 %0D %0A; a property value additionally
 * escapes : and , as %3A and %2C.
 */
int ap_report__gh_data(struct ap_buf *out, const char *s);
int ap_report__gh_property(struct ap_buf *out, const char *s);

/*
 * A file path as a URI reference (RFC 3986) for SARIF artifactLocation.uri:
 * bytes outside the unreserved and sub-delims sets and '/' '@' are
 * percent-encoded (so spaces, '%', '#', '?', ':' and non-ASCII UTF-8
 * bytes are); an absolute path becomes a file:// URI.
 */
int ap_report__uri_path(struct ap_buf *out, const char *path);

#endif
