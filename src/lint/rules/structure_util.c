/*
 * Helpers shared by the structure rules (spec xacml-altinn.md 1.1, 4.1).
 * See structure_util.h for the scope they give every rule.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#include <stdio.h>

int ap_structure__problem_is_fatal(enum ap_problem_kind kind)
{
	return kind != AP_PROBLEM_ENCODING && kind != AP_PROBLEM_SCHEMA;
}

int ap_structure__doc_readable(const struct ap_doc *doc)
{
	size_t i;

	if (doc == NULL || doc->root == NULL)
		return 0;
	for (i = 0; i < doc->nproblems; i++)
		if (ap_structure__problem_is_fatal(doc->problems[i].kind))
			return 0;
	return 1;
}

const struct ap_node *ap_structure__policy(const struct ap_lint_ctx *ctx)
{
	const struct ap_doc *doc = ap_lint_ctx_doc(ctx);

	if (!ap_structure__doc_readable(doc))
		return NULL;
	if (doc->root->kind != AP_NODE_POLICY || !ap_node__is_xacml(doc->root))
		return NULL;
	return doc->root;
}

int ap_structure__reached(const struct ap_lint_ctx *ctx,
			  const struct ap_node *n)
{
	const struct ap_node *p;

	/* the ancestors first: cheaper than finding the checked policy */
	if (n->kind == AP_NODE_UNKNOWN)
		return 0;
	for (p = n->parent; p != NULL; p = p->parent)
		if (p->kind == AP_NODE_UNKNOWN ||
		    p->kind == AP_NODE_ATTRIBUTE_VALUE ||
		    p->kind == AP_NODE_CONTENT)
			return 0;
	return ap_structure__policy(ctx) != NULL;
}

size_t ap_structure__count(const struct ap_node *n, enum ap_node_kind kind)
{
	const struct ap_node *c;
	size_t k = 0;

	for (c = n->first_child; c != NULL; c = c->next)
		if (c->kind == kind)
			k++;
	return k;
}

int ap_structure__require_value(struct ap_lint_ctx *ctx,
				const struct ap_node *n, const char *v,
				const char *name, const char *fix)
{
	if (v != NULL && v[0] != '\0')
		return 0;
	ap_lint_report(ctx, n, "'%s' has %s %s: %s", n->name,
		       v == NULL ? "no" : "an empty", name, fix);
	return 1;
}

int ap_structure__require_attr(struct ap_lint_ctx *ctx,
			       const struct ap_node *n, const char *name,
			       const char *fix)
{
	return ap_structure__require_value(ctx, n, ap_node_attr(n, name), name,
					   fix);
}

const char *ap_structure__qname(const struct ap_node *n, char *buf,
				size_t len)
{
	if (n->prefix != NULL && n->prefix[0] != '\0')
		snprintf(buf, len, "%s:%s", n->prefix, n->name);
	else
		snprintf(buf, len, "%s", n->name ? n->name : "");
	return buf;
}
