/*
 * Helpers shared by the correspondence-profile, security-smell and quality
 * rules (AX-C006..C009, AX-X001..X012, AX-Q001..Q007; spec
 * xacml-altinn.md 1.5, 1.7, 1.11, 2.6, 4.5-4.7).  All of them read the
 * typed views of the model and walk at most the node they are given.
 */
#ifndef AP_LINT_RULES_SMELLS_UTIL_H
#define AP_LINT_RULES_SMELLS_UTIL_H

#include "eval/eval.h"
#include "lint/rule.h"

/*
 * The Effect as Altinn's parser reads it (XacmlParser.cs: a
 * case-insensitive enum parse that also takes numbers, 0 for Permit, any
 * other number evaluated as Deny): AP_DECISION_PERMIT or AP_DECISION_DENY,
 * AP_DECISION_INDETERMINATE when Effect is missing or unreadable (AX-S015,
 * AX-S016 report those).  Cannot fail.
 */
enum ap_decision ap_smell__effect(const struct ap_node *rule);

/* What a rule's Target constrains, from one walk over it. */
struct ap_smell_shape {
	const struct ap_node *target; /* the rule's Target, or NULL */
	int matches_all;   /* no Target, or a Target without AnyOf */
	size_t n_cat[AP_CAT_OTHER + 1]; /* Matches by designator category */
	/* first Match whose designator Category is none of the three Altinn
	 * evaluates but names a subject category (AX-X012), or NULL */
	const struct ap_node *subject_like;
};

/* Fills *out for rule.  Cannot fail. */
void ap_smell__shape(const struct ap_node *rule, struct ap_smell_shape *out);

/* The shape's matches_all without the walk: no Target, or a Target
 * without AnyOf. */
int ap_smell__matches_all(const struct ap_node *rule);

/* The shape's n_cat[cat] for the subject, resource and action categories
 * without the walk (from the rule's per-category clauses); 0 for the
 * others. */
size_t ap_smell__count(const struct ap_node *rule, enum ap_category cat);

/*
 * " (matches in categories Altinn never evaluates do not count: AX-E006)"
 * when the shape has such matches, else "".  Static string.
 */
const char *ap_smell__dropped_note(const struct ap_smell_shape *sh);

/* True when rule is a Rule child of the root Policy (what Altinn's
 * parser reads as a rule). */
int ap_smell__policy_rule(const struct ap_node *rule);

/* True when the rule's Condition reads an attribute of category cat. */
int ap_smell__condition_uses(const struct ap_node *rule, enum ap_category cat);

/*
 * The Rule whose Target holds the Match m (Match in AllOf in AnyOf in
 * Target in Rule, the Rule a child of the root Policy), else NULL.
 * Borrowed.
 */
const struct ap_node *ap_smell__match_rule(const struct ap_node *m);

/* True when the Category of a designator names a subject category but is
 * not the one Altinn evaluates (e.g. ...:3.0:subject-category:...). */
int ap_smell__subject_like_category(const struct ap_node *designator);

/* True for the Studio placeholder rule (Description "Empty rule. Not
 * Valid", PolicyConverter.cs). */
int ap_smell__is_placeholder(const struct ap_node *rule);

/* True when the rule's action category admits action (Altinn's
 * evaluator; a rule without action Matches admits every action). */
int ap_smell__admits_action(const struct ap_node *rule, const char *action);

/* The same for several actions at once (n <= 8): bit i set when
 * actions[i] is admitted. */
unsigned ap_smell__admits_actions(const struct ap_node *rule,
				  const char *const *actions, size_t n);

/* The rule's RuleId for messages ("" when missing). */
const char *ap_smell__rule_id(const struct ap_node *rule);

/*
 * The authentication-level obligations as Altinn's consumers read them
 * (spec 2.6): only policy-level ObligationExpressions with FulfillOn
 * Permit reach the PEP, which takes the first assignment of each
 * category.
 */
struct ap_smell_levels {
	const struct ap_node *first;      /* first ObligationExpression */
	const struct ap_node *user;       /* end-user level assignment */
	const struct ap_node *user_value; /* its AttributeValue, or NULL */
	const struct ap_node *org;        /* org-level assignment */
	const struct ap_node *org_value;
	int user_in_first;  /* user sits in the first ObligationExpression */
	/* an end-user level assignment that never reaches the PEP
	 * (FulfillOn Deny), when user is NULL */
	const struct ap_node *user_unreturned;
};

/* Fills *out from the policy's ObligationExpressions.  Cannot fail. */
void ap_smell__levels(const struct ap_node *policy,
		      struct ap_smell_levels *out);

/*
 * The level in an AttributeValue as the PEP parses it (Convert.ToInt32:
 * optional sign and digits, surrounding whitespace allowed).  Returns 1
 * and sets *out, or 0 when value is NULL or not such an integer.
 */
int ap_smell__level_value(const struct ap_node *value, long *out);

/*
 * A regular expression from the running rule's options (AX-Q002,
 * AX-Q003: the configuration's "patterns"), compiled with PCRE2.  Matched
 * unanchored, like any regular expression: write ^...$ for whole ids.
 */
struct ap_smell_pattern {
	void *code;       /* pcre2_code */
	void *match_data; /* pcre2_match_data */
	const char *source; /* the pattern as configured (borrowed) */
};

/*
 * Compiles the string option key of the running rule into *p.  Returns 1
 * when compiled, 0 when the option is absent (or not a string), -1 when it
 * does not compile or memory runs out (reported once at line 0 of the
 * document).  Close with ap_smell__pattern_close whatever it returned.
 */
int ap_smell__pattern_open(struct ap_lint_ctx *ctx, const char *key,
			   struct ap_smell_pattern *p);

/* True when the compiled pattern matches s. */
int ap_smell__pattern_match(const struct ap_smell_pattern *p, const char *s);

/* Frees what ap_smell__pattern_open made.  Accepts a zeroed *p. */
void ap_smell__pattern_close(struct ap_smell_pattern *p);

#endif
