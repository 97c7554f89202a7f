/*
 * The standard semantics (XACML 3.0 core): the compiled form of a policy
 * (src/eval/xcompile.c), its evaluation (xacml.c) and the function library
 * (xfunc.c).
 */
#ifndef AP_EVAL_XACML_H
#define AP_EVAL_XACML_H

#include "eval/engine.h"
#include "eval/xvalue.h"

/* Status of an evaluation: ok, or why it is Indeterminate. */
enum xst {
	XST_OK = 0,
	XST_MISSING,
	XST_PROCESSING,
	XST_SYNTAX
};

/* The standard functions, by operation; the type comes from the id. */
enum xop {
	F_EQUAL, F_GT, F_GE, F_LT, F_LE,
	F_ADD, F_SUB, F_MUL, F_DIV, F_MOD, F_ABS, F_ROUND, F_FLOOR,
	F_ONE_AND_ONLY, F_BAG_SIZE, F_IS_IN, F_BAG,
	F_INTERSECTION, F_AT_LEAST_ONE, F_UNION, F_SUBSET, F_SET_EQUALS,
	F_AND, F_OR, F_NOT, F_N_OF,
	F_INT_TO_DOUBLE, F_DOUBLE_TO_INT,
	F_NORMALIZE_SPACE, F_LOWER, F_EQUAL_IC, F_CONCAT,
	F_STARTS, F_ENDS, F_CONTAINS, F_SUBSTRING, F_REGEXP,
	F_FROM_STRING, F_TO_STRING,
	F_ADD_DTDUR, F_SUB_DTDUR, F_ADD_YMDUR, F_SUB_YMDUR, F_TIME_IN_RANGE,
	F_X500_MATCH, F_RFC822_MATCH,
	F_ANY_OF, F_ALL_OF, F_ANY_OF_ANY, F_ALL_OF_ANY, F_ANY_OF_ALL,
	F_ALL_OF_ALL, F_MAP
};

struct xfn {
	enum xop op;
	enum xt type; /* the type the id names (string-from-X: X) */
};

/* A function id (A.3) into *fn; -1 when the id is no standard function. */
int ap_xfn_lookup(const char *id, struct xfn *fn);

enum xk {
	XK_VALUE,
	XK_DESIGNATOR,
	XK_APPLY,
	XK_FUNCTION,
	XK_VARREF,
	XK_BAD /* a static error: evaluates to Indeterminate */
};

struct xexpr;

struct xvar {
	const char *id;
	struct xexpr *e;
};

struct xexpr {
	enum xk k;
	const struct ap_node *node;
	enum xt type;  /* static type; XT_NONE when unknown */
	int bag;       /* static bagness */
	union {
		struct xval val;
		struct {
			const char *cat, *id, *issuer;
			int must;
		} des;
		struct {
			struct xfn fn;
			struct xexpr **args;
			size_t nargs;
		} app;
		struct xfn fn;
		const struct xvar *var;
		struct {
			const char *why;
			enum xst st;
		} bad;
	} u;
};

/* A value or a bag: what an expression gives. */
struct xres {
	enum xst st;
	const char *msg;  /* with st != XST_OK */
	int bag;
	enum xt t;
	struct xval v;    /* !bag */
	struct xval *items; /* bag */
	size_t n;
};

/* Evaluation context: the request, per-evaluation storage. */
struct xctx {
	const struct ap_request *req;
	struct ap_arena *arena;
	unsigned depth;
	char now[32];   /* the dateTime of the decision, UTC */
	char today[16]; /* its date */
};

/* Evaluates e. */
void ap_xeval(struct xctx *c, const struct xexpr *e, struct xres *out);
/* Applies fn to evaluated arguments (the library). */
void ap_xfn_apply(struct xctx *c, const struct xfn *fn, struct xexpr *const *args,
		  size_t nargs, struct xres *out);
/* Applies fn to primitive values (for Match and higher-order calls). */
void ap_xfn_call(struct xctx *c, const struct xfn *fn, const struct xval *vals,
		 size_t n, struct xres *out);
/* Static type of fn applied to args; -1 (with *why) on a type error. */
int ap_xfn_check(const struct xfn *fn, struct xexpr *const *args, size_t nargs,
		 enum xt *type, int *bag, const char **why);

/* Sets out to an error. */
void ap_xres_error(struct xres *out, enum xst st, const char *msg);

#endif
