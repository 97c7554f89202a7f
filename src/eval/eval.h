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

#include "altinn-policy/eval.h"
#include "policy/model.h"

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
 * Decision of a Policy for the request under the current PDP.  *decider,
 * when not NULL, receives the rule whose effect decided (NULL for
 * NotApplicable or when the combining algorithm decided without one).
 */
enum ap_decision ap_eval__policy(const struct ap_node *policy,
				 const struct ap_request *req,
				 const struct ap_node **decider);

/*
 * The same with the semantics' differences (sem is AP_SEMANTICS_ALTINN or
 * AP_SEMANTICS_ALTINN_LEGACY) and the XACML status code of the answer
 * (*status, one of the AP_STATUS_* strings).
 */
enum ap_decision ap_eval__altinn(const struct ap_node *policy,
				 const struct ap_request *req,
				 enum ap_semantics sem, const char **status,
				 const struct ap_node **decider);

/* True when the match function of m accepts request value v. */
enum ap_target_result ap_eval__match_value(const struct ap_node *m,
					   const char *value,
					   const char *data_type);

/* One Match against the request values of its attribute; *present tells
 * whether the request has that attribute at all. */
enum ap_target_result ap_eval__match_request(const struct ap_node *m,
					     const struct ap_request *req,
					     int *present);

/* A regular expression match (PCRE2, UTF-8, unanchored) of len bytes of
 * subject: 1 match, 0 no match, -1 a bad pattern or a matching error. */
int ap_eval__regexp(const char *pattern, const char *subject, size_t len);

/* MustBePresent is "true" or "1". */
int ap_eval__designator_required(const struct ap_node *designator);

/* A rule's Condition as Altinn evaluates it: Permit (holds),
 * NotApplicable (does not), Indeterminate (cannot be evaluated). */
enum ap_decision ap_eval__condition(const struct ap_node *cond,
				    const struct ap_request *req);

#endif
