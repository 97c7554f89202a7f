/*
 * AX-S003: every XACML element must be in the XACML 3.0 namespace.
 *
 * Source: spec xacml-altinn.md 1.1, 1.2 and 4.1.  XacmlParser.cs
 * recognises elements by local name plus the namespace URI of
 * Constants/Xacml30Constants.cs; XACML 2.0 or no namespace is rejected.
 *
 * One finding per region: an element is reported when its namespace is
 * wrong and differs from its parent's, so a whole document in the XACML
 * 2.0 namespace gives one finding at the root.  When the root itself is
 * in the wrong namespace the other structure rules stay quiet.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#define XACML_URN "urn:oasis:names:tc:xacml:"

static int same_ns(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int is_root_policy(const struct ap_lint_ctx *ctx,
			  const struct ap_node *n)
{
	const struct ap_doc *doc = ap_lint_ctx_doc(ctx);

	return n->parent == NULL && n->kind == AP_NODE_POLICY &&
	       ap_structure__doc_readable(doc) && doc->root == n;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	/* namespaces are interned: the common case, an element in its
	 * parent's namespace, is either XACML or not reported below */
	if (n->parent != NULL && n->ns == n->parent->ns)
		return;
	if (ap_node__is_xacml(n))
		return;
	if (!is_root_policy(ctx, n) &&
	    (!ap_structure__reached(ctx, n) || n->parent == NULL ||
	     same_ns(n->ns, n->parent->ns)))
		return;
	if ((n->ns == NULL || n->ns[0] == '\0') && n->parent != NULL &&
	    n->parent->prefix != NULL && ap_node__is_xacml(n->parent))
		ap_lint_report(ctx, n,
			       "element '%s' has no namespace: Altinn's "
			       "parser matches XACML elements by namespace; "
			       "write it as '%s:%s'", n->name, n->parent->prefix,
			       n->name);
	else if (n->ns == NULL || n->ns[0] == '\0')
		ap_lint_report(ctx, n,
			       "element '%s' has no namespace: Altinn's "
			       "parser matches XACML elements by namespace; "
			       "declare xmlns=\"" AP_XACML3_NS "\"", n->name);
	else if (strncmp(n->ns, XACML_URN, strlen(XACML_URN)) == 0)
		ap_lint_report(ctx, n,
			       "element '%s' is in namespace '%s', which is "
			       "not XACML 3.0: Altinn's parser reads only '"
			       AP_XACML3_NS "'; convert the policy to XACML "
			       "3.0", n->name, n->ns);
	else
		ap_lint_report(ctx, n,
			       "element '%s' is in namespace '%s': Altinn's "
			       "parser matches XACML elements by namespace; "
			       "put it in '" AP_XACML3_NS "'", n->name, n->ns);
}

/* Every XACML element kind: all below COMMENT except UNKNOWN. */
#define XACML_KINDS \
	((AP_VISIT(AP_NODE_COMMENT) - 1) & ~AP_VISIT(AP_NODE_UNKNOWN))

/*
 * Every element of an XACML kind, in document order, as the driver's walk
 * would hand them to check().  A walk of its own: almost every element
 * is in its parent's namespace (the test above, inline here), and a call
 * per element through the driver would cost more than the whole check.
 */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *root = doc->root, *n, *p;

	if (root == NULL)
		return;
	if (XACML_KINDS & AP_VISIT(root->kind))
		check(ctx, root);
	/* the descendants, n a child of p */
	p = root;
	n = root->first_child;
	while (n != NULL) {
		if (n->ns != p->ns && (XACML_KINDS & AP_VISIT(n->kind)))
			check(ctx, n);
		if (n->first_child != NULL) {
			p = n;
			n = n->first_child;
			continue;
		}
		while (n->next == NULL) {
			if (p == root)
				return;
			n = p;
			p = p->parent;
		}
		n = n->next;
	}
}

const struct ap_rule ap_rule_AX_S003 = {
	.id = "AX-S003", .name = "wrong-namespace",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	/* every XACML element kind, walked in check_doc */
	.visits = 0, .check = NULL, .check_doc = check_doc,
	.summary = "XACML elements must be in the XACML 3.0 namespace",
	.source = "XacmlParser.cs; Constants/Xacml30Constants.cs",
};
