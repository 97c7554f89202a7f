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

/*
 * Visiting the Matches from their Rule: the rules about Matches in a
 * Rule's Target (Target > AnyOf > AllOf > Match, what
 * ap_engine__match_rule requires) visit the Rule and go through its
 * Matches here, instead of being called by the driver for every Match of
 * the policy.  Inline, so that visit is inlined too.
 */

/* True when rule has no Target child but u.rule.target. */
static inline int ap_engine__one_target(const struct ap_node *rule)
{
	const struct ap_node *c;

	for (c = rule->first_child; c != NULL; c = c->next)
		if (c->kind == AP_NODE_TARGET && c != rule->u.rule.target)
			return 0;
	return 1;
}

/* True when m's designator is an AttributeDesignator in a category
 * Altinn evaluates. */
static inline int ap_engine__designator_evaluated(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;

	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
	       ap_ids_category_evaluated(d->u.designator.category);
}

/* Walks the Matches of every Target of rule in document order, calling
 * visit for each (only those ap_engine__designator_evaluated accepts when
 * evaluated_only). */
static inline void
ap_engine__walk_targets(struct ap_lint_ctx *ctx, const struct ap_node *rule,
			int evaluated_only,
			void (*visit)(struct ap_lint_ctx *ctx,
				      const struct ap_node *m))
{
	const struct ap_node *t, *any, *all, *m;

	for (t = rule->first_child; t != NULL; t = t->next) {
		if (t->kind != AP_NODE_TARGET)
			continue;
		for (any = t->first_child; any != NULL; any = any->next) {
			if (any->kind != AP_NODE_ANY_OF)
				continue;
			for (all = any->first_child; all != NULL;
			     all = all->next) {
				if (all->kind != AP_NODE_ALL_OF)
					continue;
				for (m = all->first_child; m != NULL;
				     m = m->next)
					if (m->kind == AP_NODE_MATCH &&
					    (!evaluated_only ||
					     ap_engine__designator_evaluated(m)))
						visit(ctx, m);
			}
		}
	}
}

/* Calls visit for every Match of every Target of rule. */
static inline void
ap_engine__each_match(struct ap_lint_ctx *ctx, const struct ap_node *rule,
		      void (*visit)(struct ap_lint_ctx *ctx,
				    const struct ap_node *m))
{
	ap_engine__walk_targets(ctx, rule, 0, visit);
}

/*
 * Calls visit for every Match of rule's Targets whose designator is an
 * AttributeDesignator in a category Altinn evaluates: the Matches
 * ap_engine__match_evaluated can hold for.  They are the rule's per-
 * category clauses (src/policy/model.h) when it has a single Target.
 */
static inline void
ap_engine__each_evaluated(struct ap_lint_ctx *ctx, const struct ap_node *rule,
			  void (*visit)(struct ap_lint_ctx *ctx,
					const struct ap_node *m))
{
	uint32_t k, c, j;

	if (ap_engine__one_target(rule)) {
		for (k = 0; k < AP_CLAUSE_CATEGORIES; k++) {
			const struct ap_clause *cl = rule->u.rule.by_cat[k].clauses;
			uint32_t ncl = rule->u.rule.by_cat[k].count;

			for (c = 0; c < ncl; c++) {
				const struct ap_node *const *ms = cl[c].matches;
				uint32_t nm = cl[c].count;

				for (j = 0; j < nm; j++)
					visit(ctx, ms[j]);
			}
		}
		return;
	}
	ap_engine__walk_targets(ctx, rule, 1, visit);
}

#endif
