/*
 * ap_diff_unified: a line diff (Myers' O(ND) algorithm, the linear-space
 * "middle snake" variant) printed as a unified diff with 3 lines of
 * context, like `diff -u`.
 */
#include "internal.h"
#include "altinn-policy/fmt.h"
#include "policy/model.h"

#include <string.h>

#define CONTEXT 3
#define MAX_LINES 1000000
/* Edit cost after which a middle snake stops looking for the shortest
 * script and splits at the furthest forward point (GNU diff does the same):
 * the diff stays correct, perhaps not minimal, and the work is
 * O((N+M) * COST_LIMIT) instead of O((N+M) * D), which a file whose every
 * line changes made quadratic (24,000 lines: 1.4 s; 1,000,000: an hour). */
#define COST_LIMIT 1024

struct line {
	const char *s;
	size_t len; /* with the newline, if any */
	uint32_t hash;
};

struct side {
	struct line *lines;
	size_t n;
	unsigned char *changed;
};

struct differ {
	struct side a, b;
	long *vf, *vb; /* furthest x per diagonal, offset by off */
	long off;
};

static int split(struct side *s, const char *text, size_t len)
{
	size_t n = 0, i, start = 0;

	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	if (len > 0 && text[len - 1] != '\n')
		n++;
	if (n > MAX_LINES)
		return AP_ETOOBIG;
	s->lines = ap_calloc(n + 1, sizeof(*s->lines));
	s->changed = ap_calloc(n + 1, 1);
	if (s->lines == NULL || s->changed == NULL)
		return AP_ENOMEM;
	for (i = 0; i <= len && s->n < n; i++)
		if (i == len || text[i] == '\n') {
			struct line *l = &s->lines[s->n++];

			l->s = text + start;
			l->len = (i < len ? i + 1 : i) - start;
			l->hash = (uint32_t)ap__hash_bytes(l->s, l->len);
			start = i + 1;
		}
	return AP_OK;
}

static int eq(const struct differ *d, long i, long j)
{
	const struct line *x = &d->a.lines[i], *y = &d->b.lines[j];

	return x->hash == y->hash && x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/* Among the forward diagonals of pass dd, the point inside the n x m box
 * furthest from its start (largest x + y): 1 and *x, *y, or 0 if none. */
static int furthest_forward(const long *vf, long dd, long n, long m, long *x,
			    long *y)
{
	long k, best = -1;

	for (k = -dd; k <= dd; k += 2) {
		long fx = vf[k], fy = fx - k;

		if (fx >= 0 && fx <= n && fy >= 0 && fy <= m && fx + fy > best) {
			best = fx + fy;
			*x = fx;
			*y = fy;
		}
	}
	return best > 0;
}

/* The middle snake of a[a0,a1) and b[b0,b1): sets its start and end. */
static void middle_snake(struct differ *d, long a0, long a1, long b0, long b1,
			 long *sx, long *sy, long *ex, long *ey)
{
	long n = a1 - a0, m = b1 - b0, delta = n - m, max = (n + m + 1) / 2, k, dd;
	long x_best, y_best;
	int odd = (int)(delta & 1);
	long *vf = d->vf + d->off, *vb = d->vb + d->off;

	vf[1] = 0;
	vb[1] = 0;
	for (dd = 0; dd <= max; dd++) {
		for (k = -dd; k <= dd; k += 2) {
			long x = (k == -dd || (k != dd && vf[k - 1] < vf[k + 1])) ? vf[k + 1] : vf[k - 1] + 1;
			long y = x - k, x0 = x, y0 = y;

			while (x < n && y < m && eq(d, a0 + x, b0 + y)) {
				x++;
				y++;
			}
			vf[k] = x;
			if (odd && delta - k >= -(dd - 1) && delta - k <= dd - 1 &&
			    vf[k] + vb[delta - k] >= n) {
				*sx = a0 + x0;
				*sy = b0 + y0;
				*ex = a0 + x;
				*ey = b0 + y;
				return;
			}
		}
		if (dd >= COST_LIMIT && furthest_forward(vf, dd, n, m, &x_best, &y_best)) {
			*sx = *ex = a0 + x_best;
			*sy = *ey = b0 + y_best;
			return;
		}
		for (k = -dd; k <= dd; k += 2) {
			long x = (k == -dd || (k != dd && vb[k - 1] < vb[k + 1])) ? vb[k + 1] : vb[k - 1] + 1;
			long y = x - k, x0 = x, y0 = y;

			while (x < n && y < m && eq(d, a1 - 1 - x, b1 - 1 - y)) {
				x++;
				y++;
			}
			vb[k] = x;
			if (!odd && delta - k >= -dd && delta - k <= dd &&
			    vb[k] + vf[delta - k] >= n) {
				*sx = a1 - x;
				*sy = b1 - y;
				*ex = a1 - x0;
				*ey = b1 - y0;
				return;
			}
		}
	}
	/* not reached for consistent input: everything changed */
	*sx = *ex = a1;
	*sy = *ey = b1;
}

static void compare(struct differ *d, long a0, long a1, long b0, long b1)
{
	long sx, sy, ex, ey;

	while (a0 < a1 && b0 < b1 && eq(d, a0, b0)) {
		a0++;
		b0++;
	}
	while (a0 < a1 && b0 < b1 && eq(d, a1 - 1, b1 - 1)) {
		a1--;
		b1--;
	}
	if (a0 == a1 || b0 == b1) {
		for (; a0 < a1; a0++)
			d->a.changed[a0] = 1;
		for (; b0 < b1; b0++)
			d->b.changed[b0] = 1;
		return;
	}
	middle_snake(d, a0, a1, b0, b1, &sx, &sy, &ex, &ey);
	if ((sx == a0 && sy == b0 && ex == a1 && ey == b1) ||
	    (sx == a1 && sy == b1)) {
		/* no progress possible: mark the box changed */
		for (; a0 < a1; a0++)
			d->a.changed[a0] = 1;
		for (; b0 < b1; b0++)
			d->b.changed[b0] = 1;
		return;
	}
	compare(d, a0, sx, b0, sy);
	compare(d, ex, a1, ey, b1);
}

static int add_line(struct ap_buf *out, char tag, const struct line *l)
{
	if (ap_buf_addch(out, tag) != AP_OK || ap_buf_add(out, l->s, l->len) != AP_OK)
		return AP_ENOMEM;
	if (l->len == 0 || l->s[l->len - 1] != '\n')
		return ap_buf_adds(out, "\n\\ No newline at end of file\n");
	return AP_OK;
}

/* One edit-script step: ' ', '-' or '+', with the line numbers reached. */
struct op {
	char tag;
	size_t i, j; /* a and b lines before this step */
};

static int hunk(const struct differ *d, const struct op *ops, size_t from,
		size_t to, struct ap_buf *out)
{
	size_t k, na = 0, nb = 0;
	int ret;

	for (k = from; k < to; k++) {
		na += ops[k].tag != '+';
		nb += ops[k].tag != '-';
	}
	ret = ap_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			  na ? ops[from].i + 1 : ops[from].i, na,
			  nb ? ops[from].j + 1 : ops[from].j, nb);
	for (k = from; ret == AP_OK && k < to; k++)
		ret = add_line(out, ops[k].tag,
			       ops[k].tag == '+' ? &d->b.lines[ops[k].j] : &d->a.lines[ops[k].i]);
	return ret;
}

/* The edit script, then hunks of changes closer than 2*CONTEXT lines. */
static int hunks(const struct differ *d, struct ap_buf *out)
{
	size_t i = 0, j = 0, n = 0, k, from, last;
	struct op *ops = ap_calloc(d->a.n + d->b.n + 1, sizeof(*ops));
	int ret = AP_OK;

	if (ops == NULL)
		return AP_ENOMEM;
	while (i < d->a.n || j < d->b.n) {
		ops[n].i = i;
		ops[n].j = j;
		if (i < d->a.n && d->a.changed[i]) {
			ops[n].tag = '-';
			i++;
		} else if (j < d->b.n && d->b.changed[j]) {
			ops[n].tag = '+';
			j++;
		} else {
			ops[n].tag = ' ';
			i++;
			j++;
		}
		n++;
	}
	for (k = 0; ret == AP_OK && k < n; k++) {
		if (ops[k].tag == ' ')
			continue;
		from = k > CONTEXT ? k - CONTEXT : 0;
		last = k;
		for (k++; k < n && k <= last + 2 * (size_t)CONTEXT; k++)
			if (ops[k].tag != ' ')
				last = k;
		k = last + 1 + CONTEXT < n ? last + 1 + CONTEXT : n;
		ret = hunk(d, ops, from, k, out);
		k--;
	}
	ap_free(ops);
	return ret;
}

int ap_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
		    const char *a_name, const char *b_name, struct ap_buf *out,
		    struct ap_error *err)
{
	struct differ d;
	int ret;

	memset(&d, 0, sizeof(d));
	if (alen == blen && memcmp(a, b, alen) == 0)
		return AP_OK;
	ret = split(&d.a, a, alen);
	if (ret == AP_OK)
		ret = split(&d.b, b, blen);
	if (ret == AP_OK) {
		d.off = (long)((d.a.n + d.b.n + 1) / 2) + 2;
		d.vf = ap_calloc((size_t)(2 * d.off + 2), sizeof(long));
		d.vb = ap_calloc((size_t)(2 * d.off + 2), sizeof(long));
		if (d.vf == NULL || d.vb == NULL)
			ret = AP_ENOMEM;
	}
	if (ret == AP_OK) {
		compare(&d, 0, (long)d.a.n, 0, (long)d.b.n);
		ret = ap_buf_addf(out, "--- %s\n+++ %s\n", a_name, b_name);
		if (ret == AP_OK)
			ret = hunks(&d, out);
	}
	ap_free(d.a.lines);
	ap_free(d.a.changed);
	ap_free(d.b.lines);
	ap_free(d.b.changed);
	ap_free(d.vf);
	ap_free(d.vb);
	if (ret == AP_ETOOBIG)
		return ap_error_set(err, ret, "too many lines to diff (over %d)", MAX_LINES);
	if (ret != AP_OK)
		return ap_error_set(err, ret, "out of memory");
	return AP_OK;
}
