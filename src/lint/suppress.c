/* Inline suppression directives: collect them, then filter findings. */
#include "internal.h"
#include "lint/rule.h"
#include "lint/suppress.h"

#include <stdio.h>

#define NEXT_LINE "altinn-policy-disable-next-line"
#define FILE_WIDE "altinn-policy-disable-file"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Line and column of a source offset (directives are rare: a plain scan). */
static void position(const struct ap_doc *doc, uint32_t off, uint32_t *line,
		     uint32_t *col)
{
	const char *s = doc->source;
	size_t i, n = off < doc->source_len ? off : doc->source_len;
	uint32_t l = 1, c = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80 &&
			   !(i < 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static const struct ap_node *next_element(const struct ap_node *c)
{
	for (c = c->next; c; c = c->next)
		if (c->kind != AP_NODE_COMMENT)
			return c;
	return NULL;
}

/* Parses one comment; returns 1 when it is a directive. */
static int parse_directive(const char *text, struct ap_suppression *s)
{
	const char *p = text, *q;

	while (is_space(*p))
		p++;
	if (strncmp(p, NEXT_LINE, strlen(NEXT_LINE)) == 0) {
		p += strlen(NEXT_LINE);
	} else if (strncmp(p, FILE_WIDE, strlen(FILE_WIDE)) == 0) {
		p += strlen(FILE_WIDE);
		s->file_wide = 1;
	} else {
		return 0;
	}
	if (*p != '\0' && !is_space(*p))
		return 0; /* altinn-policy-disable-next-linex */
	for (;;) {
		const struct ap_rule *r;
		char id[64];
		size_t n;

		while (is_space(*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		/* XML forbids "--" in comments: a lone "-" starts the reason */
		if (p[0] == '-' && (p[1] == '\0' || is_space(p[1]))) {
			for (q = p + 1; is_space(*q); q++)
				;
			s->has_reason = *q != '\0';
			break;
		}
		for (q = p; *q && !is_space(*q) && *q != ','; q++)
			;
		n = (size_t)(q - p);
		snprintf(id, sizeof(id), "%.*s", (int)(n < 63 ? n : 63), p);
		p = q;
		r = ap_lint__rule_find(id);
		if (r == NULL) {
			if (s->unknown[0] == '\0')
				snprintf(s->unknown, sizeof(s->unknown), "%s", id);
		} else if (s->nids < AP_SUPPRESS_MAX_IDS) {
			s->ids[s->nids++] = r->id;
		}
	}
	return 1;
}

static int add(const struct ap_doc *doc, const struct ap_node *comment,
	       struct ap_suppressions *out, size_t *alloc)
{
	struct ap_suppression s;
	const struct ap_node *target;

	memset(&s, 0, sizeof(s));
	if (!parse_directive(comment->text, &s))
		return AP_OK;
	s.comment = comment;
	if (!s.file_wide) {
		/* before the root: the root; else the next sibling element */
		target = comment->parent ? next_element(comment) : doc->root;
		if (target == NULL) {
			s.no_target = 1;
		} else {
			s.from_line = target->line;
			s.from_col = target->col;
			position(doc, target->end_offset, &s.to_line, &s.to_col);
		}
	}
	if (out->count == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 4;
		struct ap_suppression *p = ap_realloc(out->items, n * sizeof(*p));

		if (p == NULL)
			return AP_ENOMEM;
		out->items = p;
		*alloc = n;
	}
	out->items[out->count++] = s;
	return AP_OK;
}

static int collect(const struct ap_doc *doc, const struct ap_node *n,
		   struct ap_suppressions *out, size_t *alloc)
{
	const struct ap_node *c;

	for (c = n; c; c = c->next) {
		if (c->kind == AP_NODE_COMMENT) {
			if (add(doc, c, out, alloc) != AP_OK)
				return AP_ENOMEM;
		} else if (c->first_child &&
			   collect(doc, c->first_child, out, alloc) != AP_OK) {
			return AP_ENOMEM;
		}
	}
	return AP_OK;
}

int ap_suppress__collect(const struct ap_doc *doc, struct ap_suppressions *out)
{
	size_t alloc = 0;

	out->items = NULL;
	out->count = 0;
	if (collect(doc, doc->prolog_comments, out, &alloc) != AP_OK)
		return AP_ENOMEM;
	if (doc->root && collect(doc, doc->root, out, &alloc) != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

static int before(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	return l1 < l2 || (l1 == l2 && c1 < c2);
}

static int covers(const struct ap_suppression *s, const struct ap_diag *d)
{
	size_t i;
	int named = 0;

	for (i = 0; i < s->nids; i++)
		if (strcmp(s->ids[i], d->rule_id) == 0)
			named = 1;
	if (!named)
		return 0;
	if (s->file_wide)
		return 1;
	if (s->no_target || d->line == 0)
		return 0;
	return !before(d->line, d->col, s->from_line, s->from_col) &&
	       before(d->line, d->col, s->to_line, s->to_col);
}

void ap_suppress__filter(struct ap_suppressions *s, struct ap_diag_list *l)
{
	size_t i, j, k = 0;

	for (i = 0; i < l->count; i++) {
		struct ap_diag *d = &l->items[i];
		int silenced = 0;

		for (j = 0; j < s->count; j++) {
			if (covers(&s->items[j], d)) {
				s->items[j].used = 1;
				silenced = 1;
			}
		}
		if (silenced) {
			ap_free(d->file);
			ap_free(d->message);
			ap_free(d->snippet);
			continue;
		}
		l->items[k++] = *d;
	}
	l->count = k;
}

void ap_suppress__release(struct ap_suppressions *s)
{
	ap_free(s->items);
	s->items = NULL;
	s->count = 0;
}
