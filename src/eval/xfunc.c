/*
 * The XACML 3.0 function library (Appendix A.3): ids resolved once into
 * an operation and a type, static type checks, evaluation.
 */
#include "eval/xacml.h"
#include "eval/eval.h"
#include "policy/ids_engine.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <strings.h>

#define MAX_ARGS 256

static const struct {
	const char *name;
	enum xop op;
	enum xt type;
} untyped[] = {
	{"and", F_AND, XT_BOOLEAN},
	{"or", F_OR, XT_BOOLEAN},
	{"not", F_NOT, XT_BOOLEAN},
	{"n-of", F_N_OF, XT_BOOLEAN},
	{"integer-to-double", F_INT_TO_DOUBLE, XT_INTEGER},
	{"double-to-integer", F_DOUBLE_TO_INT, XT_DOUBLE},
	{"round", F_ROUND, XT_DOUBLE},
	{"floor", F_FLOOR, XT_DOUBLE},
	{"any-of", F_ANY_OF, XT_NONE},
	{"all-of", F_ALL_OF, XT_NONE},
	{"any-of-any", F_ANY_OF_ANY, XT_NONE},
	{"all-of-any", F_ALL_OF_ANY, XT_NONE},
	{"any-of-all", F_ANY_OF_ALL, XT_NONE},
	{"all-of-all", F_ALL_OF_ALL, XT_NONE},
	{"map", F_MAP, XT_NONE},
	{"string-concatenate", F_CONCAT, XT_STRING},
	{"time-in-range", F_TIME_IN_RANGE, XT_TIME},
	{"x500Name-match", F_X500_MATCH, XT_X500},
	{"rfc822Name-match", F_RFC822_MATCH, XT_RFC822},
	{"string-normalize-space", F_NORMALIZE_SPACE, XT_STRING},
	{"string-normalize-to-lower-case", F_LOWER, XT_STRING},
	{"string-equal-ignore-case", F_EQUAL_IC, XT_STRING},
};

static const struct {
	const char *name;
	enum xop op;
} ops[] = {
	{"equal", F_EQUAL}, {"greater-than", F_GT}, {"greater-than-or-equal", F_GE},
	{"less-than", F_LT}, {"less-than-or-equal", F_LE}, {"add", F_ADD},
	{"subtract", F_SUB}, {"multiply", F_MUL}, {"divide", F_DIV}, {"mod", F_MOD},
	{"abs", F_ABS}, {"one-and-only", F_ONE_AND_ONLY}, {"bag-size", F_BAG_SIZE},
	{"is-in", F_IS_IN}, {"bag", F_BAG}, {"intersection", F_INTERSECTION},
	{"at-least-one-member-of", F_AT_LEAST_ONE}, {"union", F_UNION},
	{"subset", F_SUBSET}, {"set-equals", F_SET_EQUALS}, {"starts-with", F_STARTS},
	{"ends-with", F_ENDS}, {"contains", F_CONTAINS}, {"substring", F_SUBSTRING},
	{"regexp-match", F_REGEXP}, {"from-string", F_FROM_STRING},
	{"add-dayTimeDuration", F_ADD_DTDUR}, {"subtract-dayTimeDuration", F_SUB_DTDUR},
	{"add-yearMonthDuration", F_ADD_YMDUR}, {"subtract-yearMonthDuration", F_SUB_YMDUR},
};

int ap_xfn_lookup(const char *id, struct xfn *fn)
{
	const char *name, *rest = NULL;
	size_t i, best = 0;

	if (id == NULL || !ap_ids_xacml_function(id) || (name = strstr(id, "function:")) == NULL)
		return -1;
	name += 9;
	for (i = 0; i < ARRAY_SIZE(untyped); i++)
		if (strcmp(name, untyped[i].name) == 0) {
			fn->op = untyped[i].op;
			fn->type = untyped[i].type;
			return 0;
		}
	fn->type = XT_NONE;
	for (i = 0; i < XT_COUNT; i++) {
		const char *t = ap_xt_name((enum xt)i);
		size_t n = strlen(t);

		if (n > best && strncmp(name, t, n) == 0 && name[n] == '-') {
			best = n;
			fn->type = (enum xt)i;
			rest = name + n + 1;
		}
	}
	if (rest == NULL)
		return -1;
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (strcmp(rest, ops[i].name) == 0) {
			fn->op = ops[i].op;
			return 0;
		}
	/* string-from-<type> */
	if (fn->type == XT_STRING && strncmp(rest, "from-", 5) == 0)
		for (i = 0; i < XT_COUNT; i++)
			if (strcmp(rest + 5, ap_xt_name((enum xt)i)) == 0) {
				fn->op = F_TO_STRING;
				fn->type = (enum xt)i;
				return 0;
			}
	return -1;
}

/* ---- static checks ---------------------------------------------------- */

static int is(const struct xexpr *e, enum xt t, int bag)
{
	return e->k == XK_FUNCTION ? 0 : (e->type == t || e->type == XT_NONE) && e->bag == bag;
}

/* The type of a function's result, for higher-order functions. */
static void result_of(const struct xfn *fn, enum xt *type, int *bag)
{
	*bag = 0;
	switch (fn->op) {
	case F_ADD: case F_SUB: case F_MUL: case F_DIV: case F_MOD: case F_ABS:
	case F_ROUND: case F_FLOOR: case F_ONE_AND_ONLY: case F_ADD_DTDUR:
	case F_SUB_DTDUR: case F_ADD_YMDUR: case F_SUB_YMDUR: case F_FROM_STRING:
		*type = fn->type;
		return;
	case F_BAG: case F_INTERSECTION: case F_UNION:
		*type = fn->type;
		*bag = 1;
		return;
	case F_BAG_SIZE: case F_DOUBLE_TO_INT:
		*type = XT_INTEGER;
		return;
	case F_INT_TO_DOUBLE:
		*type = XT_DOUBLE;
		return;
	case F_NORMALIZE_SPACE: case F_LOWER: case F_CONCAT: case F_SUBSTRING: case F_TO_STRING:
		*type = XT_STRING;
		return;
	case F_MAP:
		*type = XT_NONE;
		*bag = 1;
		return;
	default:
		*type = XT_BOOLEAN;
		return;
	}
}

int ap_xfn_check(const struct xfn *fn, struct xexpr *const *a, size_t n,
		 enum xt *type, int *bag, const char **why)
{
	enum xt t = fn->type;
	size_t i;

	result_of(fn, type, bag);
	*why = "wrong number or type of arguments";
	switch (fn->op) {
	case F_EQUAL: case F_GT: case F_GE: case F_LT: case F_LE: case F_EQUAL_IC:
	case F_X500_MATCH:
		return n == 2 && is(a[0], t, 0) && is(a[1], t, 0) ? 0 : -1;
	case F_ADD: case F_MUL:
		for (i = 0; i < n; i++)
			if (!is(a[i], t, 0))
				return -1;
		return n >= 2 ? 0 : -1;
	case F_SUB: case F_DIV: case F_MOD:
		return n == 2 && is(a[0], t, 0) && is(a[1], t, 0) ? 0 : -1;
	case F_ABS: case F_ROUND: case F_FLOOR: case F_NORMALIZE_SPACE: case F_LOWER:
	case F_INT_TO_DOUBLE: case F_DOUBLE_TO_INT: case F_TO_STRING:
		return n == 1 && is(a[0], t, 0) ? 0 : -1;
	case F_FROM_STRING:
		return n == 1 && is(a[0], XT_STRING, 0) ? 0 : -1;
	case F_ONE_AND_ONLY: case F_BAG_SIZE:
		return n == 1 && is(a[0], t, 1) ? 0 : -1;
	case F_IS_IN:
		return n == 2 && is(a[0], t, 0) && is(a[1], t, 1) ? 0 : -1;
	case F_BAG:
		for (i = 0; i < n; i++)
			if (!is(a[i], t, 0))
				return -1;
		return 0;
	case F_INTERSECTION: case F_UNION:
		for (i = 0; i < n; i++)
			if (!is(a[i], t, 1))
				return -1;
		/* 3.0: union takes two or more bags, intersection exactly two */
		return (fn->op == F_UNION ? n >= 2 : n == 2) ? 0 : -1;
	case F_AT_LEAST_ONE: case F_SUBSET: case F_SET_EQUALS:
		return n == 2 && is(a[0], t, 1) && is(a[1], t, 1) ? 0 : -1;
	case F_AND: case F_OR:
		for (i = 0; i < n; i++)
			if (!is(a[i], XT_BOOLEAN, 0))
				return -1;
		return 0;
	case F_NOT:
		return n == 1 && is(a[0], XT_BOOLEAN, 0) ? 0 : -1;
	case F_N_OF:
		if (n < 1 || !is(a[0], XT_INTEGER, 0))
			return -1;
		for (i = 1; i < n; i++)
			if (!is(a[i], XT_BOOLEAN, 0))
				return -1;
		return 0;
	case F_CONCAT:
		for (i = 0; i < n; i++)
			if (!is(a[i], XT_STRING, 0))
				return -1;
		return n >= 2 ? 0 : -1;
	case F_STARTS: case F_ENDS: case F_CONTAINS: case F_REGEXP:
		return n == 2 && is(a[0], XT_STRING, 0) && is(a[1], t, 0) ? 0 : -1;
	case F_SUBSTRING:
		return n == 3 && is(a[0], t, 0) && is(a[1], XT_INTEGER, 0) && is(a[2], XT_INTEGER, 0) ? 0 : -1;
	case F_ADD_DTDUR: case F_SUB_DTDUR:
		return n == 2 && is(a[0], t, 0) && is(a[1], XT_DTDUR, 0) ? 0 : -1;
	case F_ADD_YMDUR: case F_SUB_YMDUR:
		return n == 2 && is(a[0], t, 0) && is(a[1], XT_YMDUR, 0) ? 0 : -1;
	case F_TIME_IN_RANGE:
		return n == 3 && is(a[0], XT_TIME, 0) && is(a[1], XT_TIME, 0) && is(a[2], XT_TIME, 0) ? 0 : -1;
	case F_RFC822_MATCH:
		return n == 2 && is(a[0], XT_STRING, 0) && is(a[1], XT_RFC822, 0) ? 0 : -1;
	case F_MAP:
		if (n >= 2 && a[0]->k == XK_FUNCTION) {
			int b;

			result_of(&a[0]->u.fn, type, &b);
			*bag = 1;
			return 0;
		}
		return -1;
	default: /* the other higher-order functions */
		*why = "a higher-order function needs a function and bags";
		return n >= 2 && a[0]->k == XK_FUNCTION ? 0 : -1;
	}
}

/* ---- evaluation ------------------------------------------------------- */

void ap_xres_error(struct xres *out, enum xst st, const char *msg)
{
	memset(out, 0, sizeof(*out));
	out->st = st;
	out->msg = msg;
}

static void set_bool(struct xres *out, int b)
{
	memset(out, 0, sizeof(*out));
	out->t = XT_BOOLEAN;
	out->v.t = XT_BOOLEAN;
	out->v.u.b = b;
}

static void set_value(struct xres *out, const struct xval *v)
{
	memset(out, 0, sizeof(*out));
	out->t = v->t;
	out->v = *v;
}

static void set_int(struct xres *out, int64_t i)
{
	memset(out, 0, sizeof(*out));
	out->t = XT_INTEGER;
	out->v.t = XT_INTEGER;
	out->v.u.i = i;
}

static int set_string(struct xctx *c, struct xres *out, const char *s, size_t n)
{
	char *p = ap_arena_strndup(c->arena, s, n);

	memset(out, 0, sizeof(*out));
	if (p == NULL) {
		ap_xres_error(out, XST_PROCESSING, "out of memory");
		return -1;
	}
	out->t = XT_STRING;
	out->v.t = XT_STRING;
	out->v.lex = p;
	out->v.u.s.p = p;
	out->v.u.s.n = n;
	return 0;
}

static int in_bag(const struct xval *v, const struct xres *bag)
{
	size_t i;

	for (i = 0; i < bag->n; i++)
		if (ap_xt_equal(v, &bag->items[i]))
			return 1;
	return 0;
}

static int set_bag(struct xctx *c, struct xres *out, enum xt t, size_t cap)
{
	memset(out, 0, sizeof(*out));
	out->bag = 1;
	out->t = t;
	out->items = ap_arena_alloc(c->arena, (cap ? cap : 1) * sizeof(struct xval));
	if (out->items == NULL) {
		ap_xres_error(out, XST_PROCESSING, "out of memory");
		return -1;
	}
	return 0;
}

static const char *str_of(const struct xval *v, size_t *n)
{
	*n = v->u.s.n;
	return v->u.s.p;
}

static void arith(struct xctx *c, const struct xfn *fn, const struct xres *a, size_t n, struct xres *out)
{
	size_t i;

	(void)c;
	set_value(out, &a[0].v);
	out->v.lex = NULL;
	for (i = 1; i < n; i++) {
		if (fn->type == XT_INTEGER) {
			int64_t x = out->v.u.i, y = a[i].v.u.i;

			int64_t r = 0;
			int over = 0;

			switch (fn->op) {
			case F_ADD: over = __builtin_add_overflow(x, y, &r); break;
			case F_SUB: over = __builtin_sub_overflow(x, y, &r); break;
			case F_MUL: over = __builtin_mul_overflow(x, y, &r); break;
			case F_DIV:
			case F_MOD:
				if (y == 0) {
					ap_xres_error(out, XST_PROCESSING, "division by zero");
					return;
				}
				over = x == INT64_MIN && y == -1;
				if (!over)
					r = fn->op == F_DIV ? x / y : x % y;
				break;
			default: r = x; break;
			}
			if (over) {
				ap_xres_error(out, XST_PROCESSING, "integer overflow");
				return;
			}
			out->v.u.i = r;
		} else {
			double x = out->v.u.d, y = a[i].v.u.d;

			switch (fn->op) {
			case F_ADD: out->v.u.d = x + y; break;
			case F_SUB: out->v.u.d = x - y; break;
			case F_MUL: out->v.u.d = x * y; break;
			case F_DIV:
				if (y == 0) {
					ap_xres_error(out, XST_PROCESSING, "division by zero");
					return;
				}
				out->v.u.d = x / y;
				break;
			default: break;
			}
		}
	}
}

static void apply_values(struct xctx *c, const struct xfn *fn, struct xres *a, size_t n,
			 struct xres *out);

void ap_xfn_call(struct xctx *c, const struct xfn *f, const struct xval *vals,
		 size_t n, struct xres *out)
{
	struct xres args[8];
	size_t i;

	if (n > ARRAY_SIZE(args)) {
		ap_xres_error(out, XST_PROCESSING, "too many arguments");
		return;
	}
	for (i = 0; i < n; i++)
		set_value(&args[i], &vals[i]);
	apply_values(c, f, args, n, out);
}

/* The same for a higher-order function: 0, or -1 on an error. */
static int call(struct xctx *c, const struct xfn *f, const struct xval *vals, size_t n,
		struct xres *out)
{
	ap_xfn_call(c, f, vals, n, out);
	return out->st == XST_OK ? 0 : -1;
}

/* any-of, all-of (3.0: function, primitives..., bag), and the -any/-all
 * forms over two bags; map. */
static void higher_order(struct xctx *c, const struct xfn *fn, const struct xfn *f,
			 struct xres *a, size_t n, struct xres *out)
{
	struct xval vals[8];
	struct xres r;
	size_t i, j, bagi = n, k;

	if (fn->op == F_ANY_OF || fn->op == F_ALL_OF || fn->op == F_MAP) {
		for (i = 0; i < n; i++)
			if (a[i].bag)
				bagi = i;
		if (bagi == n || n > ARRAY_SIZE(vals) + 1) {
			ap_xres_error(out, XST_PROCESSING, "a higher-order function needs one bag");
			return;
		}
		if (fn->op == F_MAP && set_bag(c, out, XT_NONE, a[bagi].n) != 0)
			return;
		for (j = 0; j < a[bagi].n; j++) {
			for (i = 0, k = 0; i < n; i++)
				vals[k++] = i == bagi ? a[bagi].items[j] : a[i].v;
			if (call(c, f, vals, n, &r) != 0) {
				*out = r;
				return;
			}
			if (fn->op == F_MAP) {
				out->items[out->n++] = r.v;
				out->t = r.v.t;
				continue;
			}
			if (r.v.u.b == (fn->op == F_ANY_OF)) {
				set_bool(out, fn->op == F_ANY_OF);
				return;
			}
		}
		if (fn->op != F_MAP)
			set_bool(out, fn->op == F_ALL_OF);
		return;
	}
	if (n != 2 || !a[0].bag || !a[1].bag) {
		ap_xres_error(out, XST_PROCESSING, "expected two bags");
		return;
	}
	for (i = 0; i < a[0].n; i++) {
		int inner_any = 0, inner_all = 1;

		for (j = 0; j < a[1].n; j++) {
			vals[0] = a[0].items[i];
			vals[1] = a[1].items[j];
			if (call(c, f, vals, 2, &r) != 0) {
				*out = r;
				return;
			}
			inner_any |= r.v.u.b;
			inner_all &= r.v.u.b;
		}
		switch (fn->op) {
		case F_ANY_OF_ANY:
			if (inner_any) {
				set_bool(out, 1);
				return;
			}
			break;
		case F_ALL_OF_ANY:
			if (!inner_any) {
				set_bool(out, 0);
				return;
			}
			break;
		case F_ANY_OF_ALL:
			if (inner_all) {
				set_bool(out, 1);
				return;
			}
			break;
		default: /* all-of-all */
			if (!inner_all) {
				set_bool(out, 0);
				return;
			}
			break;
		}
	}
	set_bool(out, fn->op == F_ALL_OF_ANY || fn->op == F_ALL_OF_ALL);
}

static void set_ops(struct xctx *c, const struct xfn *fn, struct xres *a, size_t n,
		    struct xres *out)
{
	size_t i, j, total = 0;

	switch (fn->op) {
	case F_INTERSECTION:
		if (set_bag(c, out, fn->type, a[0].n) != 0)
			return;
		for (i = 0; i < a[0].n; i++) {
			int everywhere = 1;

			for (j = 1; j < n; j++)
				everywhere &= in_bag(&a[0].items[i], &a[j]);
			if (everywhere && !in_bag(&a[0].items[i], out))
				out->items[out->n++] = a[0].items[i];
		}
		return;
	case F_UNION:
		for (j = 0; j < n; j++)
			total += a[j].n;
		if (set_bag(c, out, fn->type, total) != 0)
			return;
		for (j = 0; j < n; j++)
			for (i = 0; i < a[j].n; i++)
				if (!in_bag(&a[j].items[i], out))
					out->items[out->n++] = a[j].items[i];
		return;
	case F_AT_LEAST_ONE:
		for (i = 0; i < a[0].n; i++)
			if (in_bag(&a[0].items[i], &a[1])) {
				set_bool(out, 1);
				return;
			}
		set_bool(out, 0);
		return;
	default: { /* subset, set-equals */
		int sub = 1, super = 1;

		for (i = 0; i < a[0].n; i++)
			sub &= in_bag(&a[0].items[i], &a[1]);
		for (i = 0; i < a[1].n; i++)
			super &= in_bag(&a[1].items[i], &a[0]);
		set_bool(out, fn->op == F_SUBSET ? sub : sub && super);
		return;
	}
	}
}

static void string_ops(struct xctx *c, const struct xfn *fn, struct xres *a, size_t n,
		       struct xres *out)
{
	size_t la, lb, i;
	const char *sa = str_of(&a[0].v, &la), *sb;
	struct ap_buf b = AP_BUF_INIT;
	int r;

	switch (fn->op) {
	case F_STARTS: case F_ENDS: case F_CONTAINS:
		sb = str_of(&a[1].v, &lb);
		if (la > lb) {
			set_bool(out, 0);
			return;
		}
		if (fn->op == F_STARTS)
			set_bool(out, memcmp(sa, sb, la) == 0);
		else if (fn->op == F_ENDS)
			set_bool(out, memcmp(sa, sb + lb - la, la) == 0);
		else {
			int found = 0;

			for (i = 0; i + la <= lb && !found; i++)
				found = memcmp(sb + i, sa, la) == 0;
			set_bool(out, found);
		}
		return;
	case F_REGEXP: {
		char *pat = ap_arena_strndup(c->arena, sa, la);

		sb = str_of(&a[1].v, &lb);
		r = pat ? ap_eval__regexp(pat, sb, lb) : -1;
		if (r < 0)
			ap_xres_error(out, XST_PROCESSING, "invalid regular expression");
		else
			set_bool(out, r);
		return;
	}
	case F_SUBSTRING: {
		int64_t from = a[1].v.u.i, to = a[2].v.u.i;

		if (to == -1)
			to = (int64_t)la;
		if (from < 0 || to < from || to > (int64_t)la) {
			ap_xres_error(out, XST_PROCESSING, "substring out of range");
			return;
		}
		set_string(c, out, sa + from, (size_t)(to - from));
		return;
	}
	case F_NORMALIZE_SPACE:
		while (la && isspace((unsigned char)*sa)) {
			sa++;
			la--;
		}
		while (la && isspace((unsigned char)sa[la - 1]))
			la--;
		set_string(c, out, sa, la);
		return;
	case F_LOWER:
		if (set_string(c, out, sa, la) == 0)
			for (i = 0; i < la; i++)
				((char *)out->v.u.s.p)[i] = (char)tolower((unsigned char)sa[i]);
		return;
	case F_EQUAL_IC:
		sb = str_of(&a[1].v, &lb);
		set_bool(out, la == lb && strncasecmp(sa, sb, la) == 0);
		return;
	default: /* concatenate */
		for (i = 0; i < n; i++) {
			sa = str_of(&a[i].v, &la);
			if (ap_buf_add(&b, sa, la) != AP_OK) {
				ap_buf_release(&b);
				ap_xres_error(out, XST_PROCESSING, "out of memory");
				return;
			}
		}
		set_string(c, out, b.ptr ? b.ptr : "", b.len);
		ap_buf_release(&b);
		return;
	}
}

static void apply_values(struct xctx *c, const struct xfn *fn, struct xres *a, size_t n,
			 struct xres *out)
{
	struct xval v;
	size_t i;
	int cmp;

	switch (fn->op) {
	case F_EQUAL:
		set_bool(out, a[0].v.t == a[1].v.t && ap_xt_equal(&a[0].v, &a[1].v));
		return;
	case F_GT: case F_GE: case F_LT: case F_LE:
		cmp = ap_xt_compare(&a[0].v, &a[1].v);
		set_bool(out, fn->op == F_GT ? cmp > 0 : fn->op == F_GE ? cmp >= 0
			 : fn->op == F_LT ? cmp < 0 : cmp <= 0);
		return;
	case F_ADD: case F_SUB: case F_MUL: case F_DIV: case F_MOD:
		arith(c, fn, a, n, out);
		return;
	case F_ABS:
		if (fn->type == XT_INTEGER && a[0].v.u.i == INT64_MIN) {
			ap_xres_error(out, XST_PROCESSING, "integer overflow");
			return;
		}
		set_value(out, &a[0].v);
		if (fn->type == XT_INTEGER)
			out->v.u.i = out->v.u.i < 0 ? -out->v.u.i : out->v.u.i;
		else
			out->v.u.d = fabs(out->v.u.d);
		return;
	case F_ROUND: case F_FLOOR:
		set_value(out, &a[0].v);
		out->v.u.d = fn->op == F_FLOOR ? floor(out->v.u.d) : nearbyint(out->v.u.d);
		return;
	case F_INT_TO_DOUBLE:
		memset(&v, 0, sizeof(v));
		v.t = XT_DOUBLE;
		v.u.d = (double)a[0].v.u.i;
		set_value(out, &v);
		return;
	case F_DOUBLE_TO_INT:
		/* the range of int64_t; NaN fails both tests */
		if (!(a[0].v.u.d >= -9223372036854775808.0 && a[0].v.u.d < 9223372036854775808.0)) {
			ap_xres_error(out, XST_PROCESSING, "integer overflow");
			return;
		}
		set_int(out, (int64_t)a[0].v.u.d);
		return;
	case F_ONE_AND_ONLY:
		if (a[0].n != 1) {
			ap_xres_error(out, XST_PROCESSING, "one-and-only: the bag does not hold exactly one value");
			return;
		}
		set_value(out, &a[0].items[0]);
		return;
	case F_BAG_SIZE:
		set_int(out, (int64_t)a[0].n);
		return;
	case F_IS_IN:
		set_bool(out, in_bag(&a[0].v, &a[1]));
		return;
	case F_BAG:
		if (set_bag(c, out, fn->type, n) != 0)
			return;
		for (i = 0; i < n; i++)
			out->items[out->n++] = a[i].v;
		return;
	case F_INTERSECTION: case F_UNION: case F_AT_LEAST_ONE: case F_SUBSET: case F_SET_EQUALS:
		set_ops(c, fn, a, n, out);
		return;
	case F_NOT:
		set_bool(out, !a[0].v.u.b);
		return;
	case F_AND: case F_OR: case F_N_OF: {
		int64_t need = fn->op == F_N_OF ? a[0].v.u.i : fn->op == F_AND ? (int64_t)n : 1;
		int64_t have = 0;

		for (i = fn->op == F_N_OF; i < n; i++)
			have += a[i].v.u.b;
		if (fn->op == F_N_OF && need > (int64_t)n - 1) {
			ap_xres_error(out, XST_PROCESSING, "n-of: n is larger than the number of arguments");
			return;
		}
		set_bool(out, fn->op == F_OR && n == 0 ? 0 : have >= need);
		return;
	}
	case F_FROM_STRING:
		if (ap_xt_parse(c->arena, fn->type, a[0].v.u.s.p, &v) != 0) {
			ap_xres_error(out, XST_SYNTAX, "not a valid value of the type");
			return;
		}
		set_value(out, &v);
		return;
	case F_TO_STRING: {
		char num[64];

		if (fn->type == XT_INTEGER)
			snprintf(num, sizeof(num), "%lld", (long long)a[0].v.u.i);
		else if (fn->type == XT_DOUBLE)
			snprintf(num, sizeof(num), "%.17g", a[0].v.u.d);
		else if (fn->type == XT_BOOLEAN)
			snprintf(num, sizeof(num), "%s", a[0].v.u.b ? "true" : "false");
		if (fn->type == XT_INTEGER || fn->type == XT_DOUBLE || fn->type == XT_BOOLEAN)
			set_string(c, out, num, strlen(num));
		else
			set_string(c, out, a[0].v.lex ? a[0].v.lex : "", a[0].v.lex ? strlen(a[0].v.lex) : 0);
		return;
	}
	case F_ADD_DTDUR: case F_SUB_DTDUR: case F_ADD_YMDUR: case F_SUB_YMDUR:
		v = a[0].v;
		v.lex = NULL;
		if ((fn->op == F_ADD_DTDUR || fn->op == F_SUB_DTDUR
		     ? ap_xt_add_dtdur(&v, &a[1].v, fn->op == F_ADD_DTDUR ? 1 : -1)
		     : ap_xt_add_ymdur(&v, &a[1].v, fn->op == F_ADD_YMDUR ? 1 : -1)) != 0) {
			ap_xres_error(out, XST_PROCESSING, "date out of range");
			return;
		}
		set_value(out, &v);
		return;
	case F_TIME_IN_RANGE: {
		int lo = ap_xt_compare(&a[0].v, &a[1].v), hi = ap_xt_compare(&a[0].v, &a[2].v);

		if (ap_xt_compare(&a[1].v, &a[2].v) <= 0)
			set_bool(out, lo >= 0 && hi <= 0);
		else /* the range crosses midnight */
			set_bool(out, lo >= 0 || hi <= 0);
		return;
	}
	case F_X500_MATCH:
		set_bool(out, ap_xt_x500_match(&a[0].v, &a[1].v));
		return;
	case F_RFC822_MATCH: {
		char *pat = ap_arena_strndup(c->arena, a[0].v.u.s.p, a[0].v.u.s.n);

		if (pat == NULL)
			ap_xres_error(out, XST_PROCESSING, "out of memory");
		else
			set_bool(out, ap_xt_rfc822_match(pat, &a[1].v));
		return;
	}
	default:
		string_ops(c, fn, a, n, out);
		return;
	}
}

void ap_xfn_apply(struct xctx *c, const struct xfn *fn, struct xexpr *const *args,
		  size_t nargs, struct xres *out)
{
	struct xres small[8], *a = small;
	size_t i, first = 0;

	if (nargs > MAX_ARGS) {
		ap_xres_error(out, XST_PROCESSING, "too many arguments");
		return;
	}
	/* or / and: left to right, an error counts only when undecided */
	if (fn->op == F_OR || fn->op == F_AND) {
		struct xres r, err;
		int any_err = 0;

		for (i = 0; i < nargs; i++) {
			ap_xeval(c, args[i], &r);
			if (r.st != XST_OK) {
				if (!any_err)
					err = r;
				any_err = 1;
				continue;
			}
			if (r.v.u.b == (fn->op == F_OR)) {
				set_bool(out, fn->op == F_OR);
				return;
			}
		}
		if (any_err)
			*out = err;
		else
			set_bool(out, fn->op == F_AND);
		return;
	}
	if (nargs > ARRAY_SIZE(small)) {
		a = ap_arena_alloc(c->arena, nargs * sizeof(*a));
		if (a == NULL) {
			ap_xres_error(out, XST_PROCESSING, "out of memory");
			return;
		}
	}
	if (fn->op >= F_ANY_OF) {
		if (nargs < 2) { /* ap_xfn_check rejects this when compiling */
			ap_xres_error(out, XST_PROCESSING, "a higher-order function needs a function and bags");
			return;
		}
		first = 1;
	}
	for (i = first; i < nargs; i++) {
		ap_xeval(c, args[i], &a[i]);
		if (a[i].st != XST_OK) {
			*out = a[i];
			return;
		}
	}
	if (fn->op >= F_ANY_OF)
		higher_order(c, fn, &args[0]->u.fn, a + 1, nargs - 1, out);
	else
		apply_values(c, fn, a, nargs, out);
}
