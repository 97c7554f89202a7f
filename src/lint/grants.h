/*
 * "Who gets what" questions the correspondence rules ask, answered with the
 * Altinn evaluator (src/eval) so that Deny rules, vanished matches and
 * case-sensitive matching cannot fool them.
 */
#ifndef AP_LINT_GRANTS_H
#define AP_LINT_GRANTS_H

#include "eval/eval.h"

/*
 * Decision of policy for subject (n attributes, all subject category),
 * action (an action-id value) on the resource (urn:altinn:resource =
 * resource_id, or no resource attribute when NULL), trying also the
 * resource attribute sets the policy's own resource AllOfs require.
 * Returns Permit if any resource variant permits; *decider gets the rule.
 */
enum ap_decision ap_grants__decide(const struct ap_node *policy,
				   const char *resource_id, const char *action,
				   const struct ap_req_attr *subject, size_t n,
				   const struct ap_node **decider);

/*
 * Whether any subject the policy mentions (each subject AllOf of each Permit
 * rule that admits the action, or no subject at all) is permitted action on
 * the resource.  Returns the permitting rule, or NULL.
 */
const struct ap_node *ap_grants__anyone(const struct ap_node *policy,
					const char *resource_id,
					const char *action);

/* The first Permit rule that names resource_id (or any rule), else NULL:
 * where a missing grant is best reported. */
const struct ap_node *ap_grants__rule_for_resource(const struct ap_node *policy,
						   const char *resource_id);

#endif
