/*
 * The policy change summary shown by `publish plan`.
 *
 * Today a textual one: how many lines were added and removed (line
 * endings and trailing blanks ignored).  The decision engine's semantic
 * diff (who gains or loses which right) is meant to replace the body of
 * ap_policy_change_summary; nothing else in publish depends on how the
 * summary is made.
 */
#include "internal.h"

#include <stdlib.h>

#include "publish/pub.h"

struct line {
	const char *s;
	size_t len;
};

/* Lines of buf without their end-of-line and trailing blanks. */
static struct line *split(const char *buf, size_t len, size_t *n)
{
	size_t cap = 1, i, start = 0, k = 0;
	struct line *v;

	for (i = 0; i < len; i++)
		cap += buf[i] == '\n';
	v = ap_calloc(cap, sizeof(*v));
	if (v == NULL)
		return NULL;
	for (i = 0; i <= len; i++) {
		if (i == len || buf[i] == '\n') {
			size_t e = i;

			while (e > start && (buf[e - 1] == '\r' || buf[e - 1] == ' ' || buf[e - 1] == '\t'))
				e--;
			if (!(i == len && e == start)) /* no empty last line */
				v[k++] = (struct line){buf + start, e - start};
			start = i + 1;
		}
	}
	while (k > 0 && v[k - 1].len == 0)
		k--;
	*n = k;
	return v;
}

static int cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int ap_policy_change_summary(const char *old, size_t old_len,
			     const char *new_, size_t new_len,
			     struct ap_buf *out)
{
	size_t na = 0, nb = 0, i = 0, k = 0, added = 0, removed = 0;
	struct line *a = split(old != NULL ? old : "", old_len, &na);
	struct line *b = split(new_ != NULL ? new_ : "", new_len, &nb);
	int differ = 0, rc = 0;

	if (a == NULL || b == NULL) {
		rc = -1;
		goto done;
	}
	differ = na != nb;
	for (i = 0; !differ && i < na; i++)
		differ = cmp_line(&a[i], &b[i]) != 0;
	if (!differ)
		goto done;
	/* added and removed lines, counted as multisets */
	qsort(a, na, sizeof(*a), cmp_line);
	qsort(b, nb, sizeof(*b), cmp_line);
	for (i = 0, k = 0; i < na || k < nb;) {
		int c = i == na ? 1 : k == nb ? -1 : cmp_line(&a[i], &b[k]);

		if (c == 0)
			i++, k++;
		else if (c < 0)
			removed++, i++;
		else
			added++, k++;
	}
	if (added == 0 && removed == 0) /* lines moved only */
		rc = ap_buf_addf(out, "lines reordered") == AP_OK ? 1 : -1;
	else
		rc = ap_buf_addf(out, "+%zu -%zu lines", added, removed) == AP_OK ? 1 : -1;
	ap_free(a);
	ap_free(b);
	return rc;
done:
	ap_free(a);
	ap_free(b);
	return rc < 0 ? -1 : differ;
}
