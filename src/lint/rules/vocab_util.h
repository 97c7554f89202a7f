/*
 * Helpers shared by the vocabulary rules AX-V001..AX-V014 and the registry
 * rules AX-R001..AX-R007 (spec xacml-altinn.md 2, 3.3, 4.3, 4.4).  The
 * identifier tables themselves are in src/policy/vocab.c.
 */
#ifndef AP_LINT_RULES_VOCAB_UTIL_H
#define AP_LINT_RULES_VOCAB_UTIL_H

#include "internal.h"
#include "lint/rule.h"

/*
 * Marks the reporting half of a rule whose check() first tests the
 * common clean case in a few lines: kept out of line, so that the fast
 * path needs no big stack frame.
 */
#ifndef AP_RULE_SLOW
#if defined(__GNUC__)
#define AP_RULE_SLOW __attribute__((noinline, cold))
#else
#define AP_RULE_SLOW
#endif
#endif

/*
 * The small helpers are inline: the rules call them for every Match and
 * designator of a policy.
 */

/* Match m's AttributeDesignator (NULL for a Selector or none). */
static inline const struct ap_node *
ap_vocab__designator(const struct ap_node *m)
{
	const struct ap_node *d = m->u.match.designator;

	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR ? d : NULL;
}

/*
 * Match m's designator when it is in category cat and has attribute id id
 * (NULL: any id), else NULL.
 */
static inline const struct ap_node *
ap_vocab__match_on(const struct ap_node *m, enum ap_category cat,
		   const char *id)
{
	const struct ap_node *d = ap_vocab__designator(m);

	if (d == NULL || d->u.designator.category != cat)
		return NULL;
	if (id != NULL && !ap_streq(d->u.designator.attribute_id, id))
		return NULL;
	return d;
}

/* The text of Match m's AttributeValue, as Altinn compares it ("" when
 * there is none). */
static inline const char *ap_vocab__value(const struct ap_node *m)
{
	const struct ap_node *v = m->u.match.value;

	return v != NULL && v->text != NULL ? v->text : "";
}

/*
 * True when designator d sits where Altinn evaluates it: directly in a
 * Match or an Apply (not inside the opaque content of an AttributeValue).
 */
static inline int ap_vocab__evaluated(const struct ap_node *d)
{
	const struct ap_node *p = d->parent;

	return p != NULL &&
	       (p->kind == AP_NODE_MATCH || p->kind == AP_NODE_APPLY);
}

/* The Rule whose Target holds n (a Match, AllOf or AnyOf), else NULL. */
static inline const struct ap_node *
ap_vocab__rule_of(const struct ap_node *n)
{
	const struct ap_node *p = n;

	if (p->kind == AP_NODE_MATCH)
		p = p->parent;
	if (p != NULL && p->kind == AP_NODE_ALL_OF)
		p = p->parent;
	if (p == NULL || p->kind != AP_NODE_ANY_OF)
		return NULL;
	p = p->parent;
	if (p == NULL || p->kind != AP_NODE_TARGET)
		return NULL;
	p = p->parent;
	return p != NULL && p->kind == AP_NODE_RULE ? p : NULL;
}

/*
 * Calls fn for every element of kind in the document, in document order
 * (what the driver's walk hands a rule with that kind in .visits).  For
 * the registry rules, which have nothing to do without a published id:
 * as a check_doc they cost one call per document instead of one per
 * element.
 */
void ap_vocab__each(struct ap_lint_ctx *ctx, const struct ap_doc *doc,
		    enum ap_node_kind kind,
		    void (*fn)(struct ap_lint_ctx *ctx, const struct ap_node *n));

/* True when s holds one of Studio's placeholders [ORG] [org] [APP] [app]. */
int ap_vocab__has_placeholder(const char *s);

/* True when s has a capital letter (ASCII, or Latin-1 in UTF-8). */
int ap_vocab__has_upper(const char *s);

/* s without leading and trailing XML whitespace: *len bytes from the
 * returned pointer. */
static inline const char *ap_vocab__trim(const char *s, size_t *len)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	*len = n;
	return s;
}

/*
 * How many of the len bytes of s to print when a message shows at most max
 * bytes of it: len, or fewer, never cutting a UTF-8 character in two.
 */
int ap_vocab__clip(const char *s, size_t len, size_t max);

/* True when the len bytes of s can be shown inside a JSON string in a
 * message without escaping (no '"', '\\' or control characters). */
int ap_vocab__json_safe(const char *s, size_t len);

#endif
