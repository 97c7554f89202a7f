/*
 * Rule coverage: do other rules of a policy match every request a rule
 * matches?  The question behind the shadowing and dead-rule smells
 * (AX-X005, AX-X006; spec xacml-altinn.md 1.9, 1.11, 4.6), answered with
 * Altinn's evaluator (src/eval) on candidate requests built from the rule's
 * own match values.
 *
 * Why candidates are enough: Altinn matches each category on its own, a
 * category being satisfied by some AllOf whose matches of that category
 * all match (XacmlRule.cs), and adding attribute values to a request never
 * turns a match into a non-match.  For each category, every request the
 * rule matches contains the values of one of the rule's AllOfs; the
 * smallest such requests (one AllOf per category, nothing else) are the
 * candidates.  A case-insensitive value is tried as written and in lower,
 * upper and mixed case, all by the same covering rule, so case-sensitive
 * matches elsewhere do not pass for a cover.  If
 * accepted rules match every candidate, they match every request the rule
 * does.
 *
 * The analysis is conservative: a rule is not analysed (AP_COVER_UNKNOWN)
 * when it has a Condition, no Target, a Match with a function other than
 * string-equal or string-equal-ignore-case, a value not typed string, an
 * AttributeSelector, or more alternatives than the caps in coverage.c;
 * rules with a Condition or without a Target never count as covering.
 *
 * Cost: a per-policy index (a Bloom filter of each rule's match values per
 * category) keeps the evaluator away from rules that cannot match a
 * candidate, so a policy of many unrelated rules stays close to linear;
 * an alternative written in several rules is evaluated once per rule that
 * might cover it, and the answers are kept for the next question.
 */
#ifndef AP_LINT_COVERAGE_H
#define AP_LINT_COVERAGE_H

#include "eval/eval.h"

enum ap_cover {
	AP_COVER_UNKNOWN = 0, /* not analysed: say nothing */
	AP_COVER_NOT,         /* a candidate no accepted rule matches */
	AP_COVER_FULL         /* accepted rules match every candidate */
};

/*
 * The AllOf after all in a Target, through all its AnyOfs in document order
 * (all NULL: the first one); NULL after the last.  Borrowed.
 */
const struct ap_node *ap_coverage__next_allof(const struct ap_node *target,
					     const struct ap_node *all);

/* The rules of one policy, indexed for coverage questions. */
struct ap_coverage;

/*
 * Indexes the Rules of policy.  On AP_OK *out is the index (caller owns,
 * free with ap_coverage__free); borrows policy, which must outlive it.
 * Errors: AP_ENOMEM.
 */
int ap_coverage__new(struct ap_coverage **out, const struct ap_node *policy);

/* 1 when an allocation failed while answering: some answers were
 * AP_COVER_UNKNOWN for that reason, so the caller's findings are
 * incomplete and it must say so (ap_lint_ctx_nomem).  Accepts NULL. */
int ap_coverage__nomem(const struct ap_coverage *c);

/* Frees the index.  Accepts NULL. */
void ap_coverage__free(struct ap_coverage *c);

/*
 * Sets of the policy's rules are bit sets: bit i of word i / 64 stands
 * for the Rule at position i (0-based, document order).  The number of
 * words of such a set.
 */
size_t ap_coverage__words(const struct ap_coverage *c);

/*
 * Whether the rules in the set accept (other than the rule itself; those
 * with a Condition or without a Target never count) match (their Target,
 * all three categories) every request the Target of the rule at position
 * index matches.  On AP_COVER_FULL, *by (when not NULL) gets an accepted
 * rule that alone matches every candidate, or NULL when it takes several
 * together.  Answers are kept in the index, so asking about the same rule
 * again, with another set, is cheap.  Out of memory gives
 * AP_COVER_UNKNOWN.
 */
enum ap_cover ap_coverage__rule(struct ap_coverage *c, size_t index,
				const uint64_t *accept,
				const struct ap_node **by);

#endif
