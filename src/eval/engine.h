/* The engine's private parts, and what the semantics provide to it. */
#ifndef AP_EVAL_ENGINE_H
#define AP_EVAL_ENGINE_H

#include "eval/eval.h"

struct ap_xacml; /* a compiled XACML 3.0 policy (src/eval/xacml_*.c) */

struct ap_engine {
	enum ap_semantics sem;
	const struct ap_doc *doc;
	const struct ap_node *root;
	const struct ap_node **rules; /* document order */
	size_t nrules, rules_cap;
	struct ap_xacml *x;           /* xacml semantics only */
};

/* Fills r->trace for the Altinn semantics (one step per rule, with the
 * Matches that failed).  AP_OK or AP_ENOMEM. */
int ap_eval__altinn_trace(const struct ap_node *policy,
			  const struct ap_request *req, struct ap_result *r);

/* Compiles doc (Policy or PolicySet root) for the standard semantics.
 * Errors: AP_ENOMEM (err not set). */
int ap_xacml__compile(struct ap_xacml **out, const struct ap_doc *doc,
		      struct ap_error *err);
int ap_xacml__add_reference(struct ap_xacml *x, const struct ap_doc *doc,
			    struct ap_error *err);
void ap_xacml__free(struct ap_xacml *x);
/* Decision, obligations, advice and (with AP_EVAL_EXPLAIN) the trace.
 * AP_OK or AP_ENOMEM. */
int ap_xacml__decide(const struct ap_xacml *x, const struct ap_request *req,
		     unsigned flags, struct ap_result *r);

#endif
