/*
 * The compiled form of a Policy or PolicySet for the standard semantics:
 * built by xcompile.c from the generic node tree, evaluated by xacml.c.
 */
#ifndef AP_EVAL_XPOLICY_H
#define AP_EVAL_XPOLICY_H

#include "eval/xacml.h"

struct xmatch {
	const struct ap_node *node;
	struct xfn fn;
	struct xval val;
	struct xexpr des;   /* the designator */
	const char *bad;    /* static error, or NULL */
	enum xst bad_st;    /* its status */
};

struct xallof {
	struct xmatch *m;
	size_t n;
};

struct xanyof {
	struct xallof *a;
	size_t n;
};

struct xtarget {
	struct xanyof *any;
	size_t n;
};

struct xassign {
	const char *id, *cat, *issuer;
	struct xexpr *e;
};

struct xoblexpr {
	const char *id;
	int advice;
	enum ap_decision on; /* FulfillOn / AppliesTo */
	struct xassign *as;
	size_t n;
};

struct xrule {
	const struct ap_node *node;
	enum ap_decision effect;
	struct xtarget target;
	struct xexpr *cond; /* NULL: none */
	struct xoblexpr *obl;
	size_t nobl;
};

enum xcomb {
	XC_BAD = 0,
	XC_DENY_OVERRIDES,
	XC_PERMIT_OVERRIDES,
	XC_DENY_UNLESS_PERMIT,
	XC_PERMIT_UNLESS_DENY,
	XC_FIRST_APPLICABLE,
	XC_ONLY_ONE_APPLICABLE
};

struct xpolicy;

/* A child of a PolicySet: a policy, or a reference resolved when used. */
struct xchild {
	struct xpolicy *p;
	const char *ref;  /* PolicyIdReference / PolicySetIdReference text */
	int ref_set;
	const struct ap_node *node;
};

struct xpolicy {
	const struct ap_node *node;
	int is_set;
	const char *id;
	enum xcomb alg;
	struct xtarget target;
	struct xrule *rules;     /* Policy */
	size_t nrules;
	struct xchild *children; /* PolicySet */
	size_t nchildren;
	struct xoblexpr *obl;
	size_t nobl;
	const char *bad;         /* a static error of the policy itself */
};

struct ap_xacml {
	struct ap_arena arena;
	struct xpolicy *root;
	struct xpolicy **refs; /* referenceable: root and added documents */
	size_t nrefs, refs_cap;
};

/* Compiles the Policy or PolicySet at n into the arena; NULL when out of
 * memory (static errors are recorded in the structure). */
struct xpolicy *ap_xcompile_policy(struct ap_arena *a, const struct ap_node *n);

#endif
