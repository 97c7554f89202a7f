/*
 * Helpers shared by the structure rules AX-S001..AX-S015 (spec
 * xacml-altinn.md 1.1-1.8 and 4.1).
 *
 * Scope, so that one defect gives one finding: AX-S001 reports documents
 * Altinn's parser cannot read at all, AX-S002 a root that is not Policy,
 * AX-S003 a Policy root in the wrong namespace; in those cases the other
 * structure rules stay quiet (their view of the document would be partial
 * or meaningless).  Elements inside an unknown element, or inside the
 * free-form content of AttributeValue and Content, are never reached by
 * Altinn's parser and are not checked (AX-S007 reports the unknown
 * element itself).
 */
#ifndef AP_LINT_RULES_STRUCTURE_UTIL_H
#define AP_LINT_RULES_STRUCTURE_UTIL_H

#include "lint/rule.h"

/*
 * True for the problem kinds that stop Altinn's parser and that AX-S001
 * reports: all but AP_PROBLEM_ENCODING and AP_PROBLEM_SCHEMA.
 */
int ap_structure__problem_is_fatal(enum ap_problem_kind kind);

/* True when the document has a root and no fatal problem. */
int ap_structure__doc_readable(const struct ap_doc *doc);

/*
 * The root Policy the structure rules check: the root of a readable
 * document when it is a Policy in the XACML 3.0 namespace, else NULL.
 * Borrowed.
 */
const struct ap_node *ap_structure__policy(const struct ap_lint_ctx *ctx);

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
 * True when Altinn's parser would reach n: there is a checked policy, and
 * neither n nor an ancestor is an unknown element, and no ancestor is an
 * AttributeValue or Content (whose inner XML is opaque data).
 */
int ap_structure__reached(const struct ap_lint_ctx *ctx,
			  const struct ap_node *n);

/*
 * ap_structure__reached(ctx, n), computed on first use: *state is -1
 * until then, and keeps the answer.  Lets a rule test the cheap
 * conditions of a finding first and walk the ancestors only when it is
 * about to report (most elements are clean).
 */
static inline int ap_structure__gate(const struct ap_lint_ctx *ctx,
				     const struct ap_node *n, int *state)
{
	if (*state < 0)
		*state = ap_structure__reached(ctx, n);
	return *state;
}

/* True when n has an element child (not only comments). */
static inline int ap_structure__has_element(const struct ap_node *n)
{
	const struct ap_node *c;

	for (c = n->first_child; c != NULL; c = c->next)
		if (c->kind != AP_NODE_COMMENT)
			return 1;
	return 0;
}

/* Number of element children of kind (any namespace; comments skipped). */
size_t ap_structure__count(const struct ap_node *n, enum ap_node_kind kind);

/*
 * Reports at n, with the running rule's severity, when the unqualified
 * attribute name is absent ("'Rule' has no Effect: <fix>") or empty
 * ("'Rule' has an empty Effect: <fix>").  Returns 1 when it reported.
 */
int ap_structure__require_attr(struct ap_lint_ctx *ctx,
			       const struct ap_node *n, const char *name,
			       const char *fix);

/*
 * ap_structure__require_attr with the attribute's value v already at hand
 * (from a typed view of the model: NULL when absent).
 */
int ap_structure__require_value(struct ap_lint_ctx *ctx,
				const struct ap_node *n, const char *v,
				const char *name, const char *fix);

/* True when v is present and non-empty (what require_attr accepts). */
static inline int ap_structure__has_value(const char *v)
{
	return v != NULL && v[0] != '\0';
}

/*
 * The element's name as written, "prefix:local" or "local", formatted
 * into buf (truncated to len) and returned.
 */
const char *ap_structure__qname(const struct ap_node *n, char *buf,
				size_t len);

#endif
