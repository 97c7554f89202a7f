/*
 * Helpers shared by the engine-semantics rules AX-E001..AX-E016 and the
 * effect checks of AX-S016..AX-S018 (spec xacml-altinn.md 1.5, 1.7,
 * 1.9-1.11).
 *
 * Scope: like the structure rules, these rules look only at elements
 * Altinn's parser reaches (ap_structure__reached): nothing in a document
 * Altinn cannot read, inside an unknown element or inside the opaque
 * content of an AttributeValue.
 */
#ifndef AP_LINT_RULES_ENGINE_UTIL_H
#define AP_LINT_RULES_ENGINE_UTIL_H

#include "lint/rule.h"
#include "policy/ids_engine.h"

/*
 * Checks the effect-valued attribute attr (Effect, FulfillOn, AppliesTo)
 * of n, whose value v is present and non-empty, and reports at n how
 * Altinn's parser reads it when it is not written exactly: another case
 * (warning), a number or a list (the rule's severity), or something the
 * parser rejects (the rule's severity).  fix is what to write instead,
 * e.g. "Effect=\"Permit\" or Effect=\"Deny\"".  Returns the parsed value.
 */
struct ap_effect ap_engine__check_effect(struct ap_lint_ctx *ctx,
					 const struct ap_node *n,
					 const char *attr, const char *v,
					 const char *fix);

/* The effect of a Rule as Altinn's parser reads it (AX-S015/S016 report
 * what is wrong with it). */
struct ap_effect ap_engine__rule_effect(const struct ap_node *rule);

/*
 * The Rule whose Target holds Match n (Target > AnyOf > AllOf > Match),
 * when Altinn's parser reaches n; NULL otherwise, in particular for a
 * Match in the policy Target, which the PDP never evaluates (AX-E011).
 */
const struct ap_node *ap_engine__match_rule(const struct ap_lint_ctx *ctx,
					    const struct ap_node *n);

/*
 * True when Altinn's PDP applies the function of Match n: n is in a
 * Rule's Target (ap_engine__match_rule) and has an AttributeDesignator
 * (not a selector: AX-E008) in one of the three evaluated categories
 * (others vanish: AX-E006).
 */
int ap_engine__match_evaluated(const struct ap_lint_ctx *ctx,
			       const struct ap_node *n);

/* The Rule n is in, or NULL. */
const struct ap_node *ap_engine__rule_of(const struct ap_node *n);

/* The value text of a Match, "" when it has none. */
const char *ap_engine__match_text(const struct ap_node *match);

#endif
