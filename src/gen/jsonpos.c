/*
 * Where a value sits in JSON text.  jansson gives positions only for
 * syntax errors, so problems found later (an unknown key, a bad value) are
 * located by walking the text along the value's path.  This runs only when
 * there is a problem to report: the happy path pays nothing.  The text was
 * accepted by jansson before, so the scanner may assume it is well formed
 * (it still never reads past len).
 */
#include "internal.h"
#include "gen/gen.h"

#include <stdio.h>

void ap_gen__path_format(const struct gen_path *p, char *buf, size_t size)
{
	size_t i, used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < p->n && used < size; i++) {
		int n;

		if (p->s[i].key)
			n = snprintf(buf + used, size - used, "%s%s", i ? "." : "", p->s[i].key);
		else
			n = snprintf(buf + used, size - used, "%s%zu", i ? "." : "", p->s[i].index);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int ap_gen__path_push_key(struct gen_path *p, const char *key)
{
	if (p->n >= ARRAY_SIZE(p->s))
		return -1;
	p->s[p->n].key = key;
	p->s[p->n].index = 0;
	p->n++;
	return 0;
}

int ap_gen__path_push_index(struct gen_path *p, size_t index)
{
	if (p->n >= ARRAY_SIZE(p->s))
		return -1;
	p->s[p->n].key = NULL;
	p->s[p->n].index = index;
	p->n++;
	return 0;
}

struct scan {
	const char *t;
	size_t len;
	size_t i;
};

static void skip_ws(struct scan *s)
{
	while (s->i < s->len && (s->t[s->i] == ' ' || s->t[s->i] == '\t' ||
				 s->t[s->i] == '\n' || s->t[s->i] == '\r'))
		s->i++;
}

/* Skips a string starting at its opening quote. */
static void skip_string(struct scan *s)
{
	s->i++;
	while (s->i < s->len && s->t[s->i] != '"') {
		if (s->t[s->i] == '\\')
			s->i++;
		s->i++;
	}
	if (s->i < s->len)
		s->i++;
}

/* Skips any value. */
static void skip_value(struct scan *s)
{
	size_t depth = 0;

	skip_ws(s);
	do {
		if (s->i >= s->len)
			return;
		switch (s->t[s->i]) {
		case '"':
			skip_string(s);
			break;
		case '{':
		case '[':
			depth++;
			s->i++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return;
			depth--;
			s->i++;
			break;
		case ',':
		case ':':
			if (depth == 0)
				return;
			s->i++;
			break;
		default:
			if (depth == 0) {
				while (s->i < s->len && !strchr(",}] \t\r\n", s->t[s->i]))
					s->i++;
				return;
			}
			s->i++;
		}
	} while (depth > 0);
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	int k;

	for (k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
	}
	return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* 1 when the string at s->i (a key) decodes to key; moves past it. */
static int key_equals(struct scan *s, const char *key)
{
	size_t klen = strlen(key), k = 0;
	int same = 1;

	s->i++;
	while (s->i < s->len && s->t[s->i] != '"') {
		char buf[4];
		size_t n = 1;

		if (s->t[s->i] == '\\' && s->i + 1 < s->len) {
			char e = s->t[++s->i];

			switch (e) {
			case 'n': buf[0] = '\n'; break;
			case 't': buf[0] = '\t'; break;
			case 'r': buf[0] = '\r'; break;
			case 'b': buf[0] = '\b'; break;
			case 'f': buf[0] = '\f'; break;
			case 'u':
				if (s->i + 4 < s->len) {
					unsigned cp = hex4(s->t + s->i + 1);

					s->i += 4;
					if (cp >= 0xD800 && cp < 0xDC00 && s->i + 6 < s->len &&
					    s->t[s->i + 1] == '\\' && s->t[s->i + 2] == 'u') {
						unsigned lo = hex4(s->t + s->i + 3);

						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						s->i += 6;
					}
					n = put_utf8(buf, cp);
				}
				break;
			default: buf[0] = e;
			}
		} else {
			buf[0] = s->t[s->i];
		}
		s->i++;
		if (k + n > klen || memcmp(key + k, buf, n) != 0)
			same = 0;
		k += n;
	}
	if (s->i < s->len)
		s->i++;
	return same && k == klen;
}

/* Byte offset of the path's target (or the deepest part found). */
static size_t find(struct scan *s, const struct gen_path *p, int at_key)
{
	size_t depth;

	skip_ws(s);
	for (depth = 0; depth < p->n; depth++) {
		const struct gen_step *st = &p->s[depth];
		size_t here = s->i, n = 0;
		int found = 0;

		if (s->i >= s->len)
			return here;
		if (st->key && s->t[s->i] == '{') {
			s->i++;
			for (;;) {
				size_t key_at;

				skip_ws(s);
				if (s->i >= s->len || s->t[s->i] != '"')
					break;
				key_at = s->i;
				if (key_equals(s, st->key)) {
					if (at_key && depth + 1 == p->n)
						return key_at;
					skip_ws(s);
					s->i++; /* ':' */
					skip_ws(s);
					found = 1;
					break;
				}
				skip_ws(s);
				s->i++; /* ':' */
				skip_value(s);
				skip_ws(s);
				if (s->i < s->len && s->t[s->i] == ',')
					s->i++;
			}
		} else if (!st->key && s->t[s->i] == '[') {
			s->i++;
			for (;;) {
				skip_ws(s);
				if (s->i >= s->len || s->t[s->i] == ']')
					break;
				if (n == st->index) {
					found = 1;
					break;
				}
				skip_value(s);
				skip_ws(s);
				if (s->i < s->len && s->t[s->i] == ',')
					s->i++;
				n++;
			}
		}
		if (!found)
			return here;
	}
	return s->i;
}

void ap_gen__json_pos(const char *text, size_t len, size_t start,
		      uint32_t line0, uint32_t col0, const struct gen_path *p,
		      int at_key, uint32_t *line, uint32_t *col)
{
	struct scan s;
	size_t at, i;

	s.t = text;
	s.len = len;
	s.i = start;
	at = find(&s, p, at_key);
	*line = line0;
	*col = col0;
	for (i = start; i < at && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}
