/*
 * Building an ap_result: the storage behind its arrays and strings, shared
 * by the Altinn and XACML evaluators.
 */
#ifndef AP_EVAL_RESULT_H
#define AP_EVAL_RESULT_H

#include "altinn-policy/eval.h"
#include "util/arena.h"

struct ap_result_store {
	struct ap_arena arena;
	struct ap_obligation *obl, *adv;
	size_t obl_cap, adv_cap;
	struct ap_trace_step *trace;
	size_t trace_cap;
	struct ap_trace_miss *misses; /* of the step being built */
	size_t nmisses, misses_cap;
};

/* Gives r its store (r->priv).  AP_OK or AP_ENOMEM. */
int ap_result__init(struct ap_result *r);
struct ap_result_store *ap_result__store(const struct ap_result *r);

/* A copy of s in the result's arena (NULL stays NULL), or NULL. */
const char *ap_result__str(struct ap_result *r, const char *s);
/* printf into the arena; NULL when out of memory. */
const char *ap_result__fmt(struct ap_result *r, const char *fmt, ...)
	AP_PRINTF(2, 3);

/* Appends an obligation (advice when is_advice) with room for n
 * assignments; returns it with count 0, or NULL (out of memory). */
struct ap_obligation *ap_result__add_obligation(struct ap_result *r,
						int is_advice, const char *id,
						size_t n);
/* Appends an assignment to o (room reserved by add_obligation). */
void ap_result__add_assignment(struct ap_obligation *o,
			       const struct ap_assignment *a);

/* Appends a miss to the step being built.  AP_OK or AP_ENOMEM. */
int ap_result__miss(struct ap_result *r, const ap_node *node, const char *why);
/* Appends the step with the misses collected since the last one.
 * AP_OK or AP_ENOMEM. */
int ap_result__step(struct ap_result *r, const ap_node *rule, int applicable,
		    int matched, enum ap_decision d);

/* The rule's RuleId or "". */
const char *ap_result__rule_id(const ap_node *rule);

#endif
