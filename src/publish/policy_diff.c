/*
 * The policy change summary shown by `publish plan`: how many lines were
 * added and removed (line endings and trailing blanks ignored), then what
 * the change means, from the decision engine's access matrix (who gains
 * or loses which action on which resource, in Altinn's semantics), or
 * "access unchanged" when no decision differs.  When either policy cannot
 * be evaluated (the registry's copy does not parse, say) the line counts
 * stand alone.
 */
#include "internal.h"

#include <stdlib.h>

#include "altinn-policy/eval.h"
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

/* An engine for the policy in buf, or NULL when it cannot be evaluated. */
/* The engine of a policy in *e (NULL when it cannot be evaluated).
 * AP_OK, or AP_ENOMEM (an answer missing its access change is wrong). */
static int engine_of(const char *buf, size_t len, ap_doc **doc, ap_engine **e)
{
	struct ap_error err = AP_ERROR_INIT;
	int rc;

	*doc = NULL;
	*e = NULL;
	rc = ap_doc_parse(doc, "policy.xml", buf, len, NULL, &err);
	if (rc == AP_OK)
		rc = ap_engine_new(e, *doc, AP_SEMANTICS_ALTINN, &err);
	if (rc != AP_OK) {
		ap_doc_free(*doc);
		*doc = NULL;
		*e = NULL;
	}
	return rc == AP_ENOMEM ? AP_ENOMEM : AP_OK;
}

/*
 * Appends "; <who gains or loses what>; ..." (the matrix's change lines
 * joined) or "; access unchanged".  Nothing when either side cannot be
 * evaluated.  AP_OK or AP_ENOMEM.
 */
static int add_access_change(const char *old, size_t old_len, const char *new_,
			     size_t new_len, struct ap_buf *out)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_doc *da = NULL, *db = NULL;
	ap_engine *ea = NULL, *eb = NULL;
	ap_matrix *m = NULL;
	const char *p, *nl;
	int ret = engine_of(old, old_len, &da, &ea);

	if (ret == AP_OK && ea != NULL)
		ret = engine_of(new_, new_len, &db, &eb);
	if (ret != AP_OK || ea == NULL || eb == NULL)
		goto done;
	ret = ap_matrix_build(&m, ea, eb, &err);
	if (ret != AP_OK) {
		ret = ret == AP_ENOMEM ? ret : AP_OK; /* too big: counts only */
		goto done;
	}
	if (ap_matrix_changes(m) == 0) {
		ret = ap_buf_addf(out, "; access unchanged");
		goto done;
	}
	ret = ap_matrix_format(m, 0, 0, &text);
	/* the change lines ("+ x gains ...", "- y loses ..."), not the totals */
	for (p = text.ptr; ret == AP_OK && p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (*p == '+' || *p == '-')
			ret = ap_buf_addf(out, "; %.*s", (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
	}
done:
	ap_buf_release(&text);
	ap_matrix_free(m);
	ap_engine_free(ea);
	ap_engine_free(eb);
	ap_doc_free(da);
	ap_doc_free(db);
	return ret;
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
	if (rc == 1 && add_access_change(old != NULL ? old : "", old_len,
					 new_ != NULL ? new_ : "", new_len, out) != AP_OK)
		rc = -1;
	ap_free(a);
	ap_free(b);
	return rc;
done:
	ap_free(a);
	ap_free(b);
	return rc < 0 ? -1 : differ;
}
