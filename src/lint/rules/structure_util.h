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
 * True when Altinn's parser would reach n: there is a checked policy, and
 * neither n nor an ancestor is an unknown element, and no ancestor is an
 * AttributeValue or Content (whose inner XML is opaque data).
 */
int ap_structure__reached(const struct ap_lint_ctx *ctx,
			  const struct ap_node *n);

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
 * The element's name as written, "prefix:local" or "local", formatted
 * into buf (truncated to len) and returned.
 */
const char *ap_structure__qname(const struct ap_node *n, char *buf,
				size_t len);

#endif
