/*
 * Decision engine core with Altinn's semantics (spec xacml-altinn.md 1.9-
 * 1.11, PDP as in the August 2026 source, "PDP-new"): per-category target
 * flattening, only three categories evaluated, data types compared before
 * the match function, rule combining by the standard tables and
 * Indeterminate for algorithms Altinn does not know.
 *
 * The command-line eval/test/diff commands and the standard-XACML mode are
 * built on this later; the lint rules use it now.
 */
#ifndef AP_EVAL_H
#define AP_EVAL_H

#include "policy/model.h"

enum ap_decision {
	AP_DECISION_NOT_APPLICABLE = 0,
	AP_DECISION_PERMIT,
	AP_DECISION_DENY,
	AP_DECISION_INDETERMINATE
};

const char *ap_decision_name(enum ap_decision d);

/* One request attribute value.  data_type NULL means XMLSchema#string. */
struct ap_req_attr {
	enum ap_category category;
	const char *id;
	const char *value;
	const char *data_type;
};

struct ap_request {
	const struct ap_req_attr *attrs;
	size_t count;
};

/* Result of matching one category of a rule's target. */
enum ap_target_result {
	AP_TARGET_MATCH = 0,
	AP_TARGET_NO_MATCH,
	AP_TARGET_MISSING,   /* MustBePresent attribute absent */
	AP_TARGET_ERROR      /* the engine would throw (unsupported MatchId) */
};

/*
 * Altinn's XacmlRule.MatchAttributes for one category: satisfied when some
 * AllOf whose matches of that category all match, or when the rule has no
 * match of that category at all.  Cannot fail.
 */
enum ap_target_result ap_eval__rule_category(const struct ap_node *rule,
					     enum ap_category cat,
					     const struct ap_request *req);

/* Decision of one rule for the request (Altinn semantics). */
enum ap_decision ap_eval__rule(const struct ap_node *rule,
			       const struct ap_request *req);

/*
 * Decision of a Policy for the request.  *decider, when not NULL, receives
 * the rule whose effect decided (NULL for NotApplicable or when the
 * combining algorithm decided without one).
 */
enum ap_decision ap_eval__policy(const struct ap_node *policy,
				 const struct ap_request *req,
				 const struct ap_node **decider);

/* True when the match function of m accepts request value v. */
enum ap_target_result ap_eval__match_value(const struct ap_node *m,
					   const char *value,
					   const char *data_type);

#endif
