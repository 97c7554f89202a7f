/*
 * Helpers shared by the vocabulary rules AX-V001..AX-V014 and the registry
 * rules AX-R001..AX-R007 (spec xacml-altinn.md 2, 3.3, 4.3, 4.4).  The
 * identifier tables themselves are in src/policy/vocab.c.
 */
#ifndef AP_LINT_RULES_VOCAB_UTIL_H
#define AP_LINT_RULES_VOCAB_UTIL_H

#include "lint/rule.h"

/* Match m's AttributeDesignator (NULL for a Selector or none). */
const struct ap_node *ap_vocab__designator(const struct ap_node *m);

/*
 * Match m's designator when it is in category cat and has attribute id id
 * (NULL: any id), else NULL.
 */
const struct ap_node *ap_vocab__match_on(const struct ap_node *m,
					 enum ap_category cat, const char *id);

/* The text of Match m's AttributeValue, as Altinn compares it ("" when
 * there is none). */
const char *ap_vocab__value(const struct ap_node *m);

/*
 * True when designator d sits where Altinn evaluates it: directly in a
 * Match or an Apply (not inside the opaque content of an AttributeValue).
 */
int ap_vocab__evaluated(const struct ap_node *d);

/* The Rule whose Target holds n (a Match, AllOf or AnyOf), else NULL. */
const struct ap_node *ap_vocab__rule_of(const struct ap_node *n);

/* True when s holds one of Studio's placeholders [ORG] [org] [APP] [app]. */
int ap_vocab__has_placeholder(const char *s);

/* True when s has a capital letter (ASCII, or Latin-1 in UTF-8). */
int ap_vocab__has_upper(const char *s);

/* s without leading and trailing XML whitespace: *len bytes from the
 * returned pointer. */
const char *ap_vocab__trim(const char *s, size_t *len);

/*
 * How many of the len bytes of s to print when a message shows at most max
 * bytes of it: len, or fewer, never cutting a UTF-8 character in two.
 */
int ap_vocab__clip(const char *s, size_t len, size_t max);

/* True when the len bytes of s can be shown inside a JSON string in a
 * message without escaping (no '"', '\\' or control characters). */
int ap_vocab__json_safe(const char *s, size_t len);

#endif
