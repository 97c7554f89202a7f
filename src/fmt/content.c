/* Which text XACML ignores, and which content is kept byte for byte. */
#define _GNU_SOURCE /* memrchr */
#include "internal.h"
#include "fmt/fmt_int.h"

#include <string.h>

const char *ap_fmt__xacml_ns(const struct ap_doc *doc)
{
	return ap_doc__canonical(doc, AP_XACML3_NS);
}

int ap_fmt__element_only(const struct ap_node *n, const char *xacml)
{
	if (n->ns == NULL || n->ns != xacml)
		return 0;
	switch (n->kind) {
	case AP_NODE_UNKNOWN:
	case AP_NODE_DESCRIPTION:     /* xs:string */
	case AP_NODE_ATTRIBUTE_VALUE: /* mixed, any content: all significant */
	case AP_NODE_XPATH_VERSION:   /* xs:anyURI: kept as written */
	case AP_NODE_CONTENT:         /* mixed, any content */
	case AP_NODE_COMMENT:
		return 0;
	default:
		return 1;
	}
}

int ap_fmt__has_children(const struct ap_doc *doc, const struct ap_node *n)
{
	(void)doc;
	return n->first_child != NULL || n->has_pi;
}

int ap_fmt__verbatim(const struct ap_doc *doc, const struct ap_node *n,
		     const char *xacml)
{
	if (n->kind == AP_NODE_COMMENT || n->self_closing)
		return 0;
	if (ap_fmt__element_only(n, xacml) && !n->has_text)
		return 0;
	return ap_fmt__has_children(doc, n);
}

size_t ap_fmt__end_tag_start(const struct ap_doc *doc, const struct ap_node *n)
{
	const char *lt;

	if (n->end_offset <= n->tag_end || n->end_offset > doc->source_len)
		return n->tag_end;
	lt = memrchr(doc->source + n->tag_end, '<', n->end_offset - n->tag_end);
	return lt ? (size_t)(lt - doc->source) : n->tag_end;
}
