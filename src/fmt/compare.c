/* ap_fmt_same_model: do two documents say the same thing? (fmt.h) */
#include "internal.h"
#include "fmt/fmt_int.h"

#include <string.h>

struct cmp {
	const char *xacml_a; /* a's XACML namespace pointer */
	const struct ap_doc *b;
	struct ap_error *diff;
};

static int same_str(const char *x, const char *y)
{
	return x == y || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

static int differ(struct cmp *c, const struct ap_node *at, const char *what,
		  const char *detail)
{
	if (c->diff != NULL)
		ap_error_set_at(c->diff, AP_EINVALID, c->b->name, at ? at->line : 1,
				at ? at->col : 1, "%s differs%s%s", what,
				detail ? ": " : "", detail ? detail : "");
	return 0;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Equal after trimming XML whitespace at both ends. */
static int same_trimmed(const char *x, size_t xn, const char *y, size_t yn)
{
	while (xn > 0 && is_space(*x)) {
		x++;
		xn--;
	}
	while (xn > 0 && is_space(x[xn - 1]))
		xn--;
	while (yn > 0 && is_space(*y)) {
		y++;
		yn--;
	}
	while (yn > 0 && is_space(y[yn - 1]))
		yn--;
	return xn == yn && memcmp(x, y, xn) == 0;
}

static int same_attrs(struct cmp *c, const struct ap_node *a, const struct ap_node *b)
{
	uint32_t i, j;

	if (a->nattrs != b->nattrs)
		return differ(c, b, "number of attributes", a->name);
	for (i = 0; i < a->nattrs; i++) {
		for (j = 0; j < b->nattrs; j++)
			if (same_str(a->attrs[i].name, b->attrs[j].name) &&
			    same_str(a->attrs[i].ns, b->attrs[j].ns))
				break;
		if (j == b->nattrs)
			return differ(c, b, "attribute set", a->attrs[i].name);
		if (!same_str(a->attrs[i].value, b->attrs[j].value))
			return differ(c, b, "attribute value", a->attrs[i].name);
	}
	return 1;
}

static int same_text(struct cmp *c, const struct ap_node *a, const struct ap_node *b)
{
	if (ap_fmt__element_only(a, c->xacml_a)) {
		if (a->has_text != b->has_text ||
		    (a->has_text && !same_trimmed(a->text, a->text_len, b->text, b->text_len)))
			return differ(c, b, "text", a->name);
		return 1;
	}
	if (a->text_len != b->text_len || memcmp(a->text, b->text, a->text_len) != 0)
		return differ(c, b, "text", a->name ? a->name : "comment");
	return 1;
}

static int same_node(struct cmp *c, const struct ap_node *a, const struct ap_node *b)
{
	const struct ap_node *x, *y;

	if (a->kind != b->kind)
		return differ(c, b, "node kind", ap_node_kind_name(a->kind));
	if (a->kind == AP_NODE_COMMENT)
		return same_text(c, a, b);
	if (!same_str(a->name, b->name) || !same_str(a->ns, b->ns))
		return differ(c, b, "element name or namespace", a->name);
	if (a->self_closing != b->self_closing)
		return differ(c, b, "empty-element form (<x/> against <x></x>)", a->name);
	if (!same_attrs(c, a, b) || !same_text(c, a, b))
		return 0;
	for (x = a->first_child, y = b->first_child; x && y; x = x->next, y = y->next)
		if (!same_node(c, x, y))
			return 0;
	if (x != NULL || y != NULL)
		return differ(c, y ? y : b, "number of children", a->name);
	return 1;
}

/* Comments outside the root: the texts and which side of the root. */
static int same_outside(struct cmp *c, const struct ap_doc *a, const struct ap_doc *b)
{
	const struct ap_node *x = a->prolog_comments, *y = b->prolog_comments;

	for (; x && y; x = x->next, y = y->next) {
		int xa = a->root && x->offset > a->root->offset;
		int ya = b->root && y->offset > b->root->offset;

		if (xa != ya || !same_text(c, x, y))
			return differ(c, y, "comment outside the root element", NULL);
	}
	if (x != NULL || y != NULL)
		return differ(c, NULL, "comments outside the root element", NULL);
	return 1;
}

static int same_pis(struct cmp *c, const struct ap_doc *a, const struct ap_doc *b)
{
	const struct ap_pi *x = a->pis, *y = b->pis;

	for (; x && y; x = x->next, y = y->next) {
		const struct ap_node *xp = x->parent, *yp = y->parent;

		if (!same_str(x->target, y->target) || !same_str(x->data, y->data) ||
		    (xp == NULL) != (yp == NULL) ||
		    (xp && yp && (!same_str(xp->name, yp->name) || xp->depth != yp->depth)))
			return differ(c, yp, "processing instruction", x->target);
	}
	if (x != NULL || y != NULL)
		return differ(c, NULL, "number of processing instructions", NULL);
	return 1;
}

int ap_fmt_same_model(const ap_doc *a, const ap_doc *b, struct ap_error *diff)
{
	struct cmp c;

	c.b = b;
	c.diff = diff;
	c.xacml_a = ap_fmt__xacml_ns(a);
	if ((a->root == NULL) != (b->root == NULL))
		return differ(&c, NULL, "root element", NULL);
	if (a->root != NULL && !same_node(&c, a->root, b->root))
		return 0;
	return same_outside(&c, a, b) && same_pis(&c, a, b);
}
