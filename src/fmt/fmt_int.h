/*
 * Private to src/fmt: what the writer, the namespace plan and the model
 * comparison share.
 */
#ifndef AP_FMT_INT_H
#define AP_FMT_INT_H

#include "altinn-policy/fmt.h"
#include "policy/model.h"

/* True when XACML ignores whitespace-only text directly inside n: XACML
 * 3.0 elements whose content model is element-only (or empty).  xacml is
 * the document's interned XACML namespace (ap_fmt__xacml_ns): namespaces
 * are compared by pointer. */
const char *ap_fmt__xacml_ns(const struct ap_doc *doc);
int ap_fmt__element_only(const struct ap_node *n, const char *xacml);

/* True when n has a child node: element, comment or processing
 * instruction. */
int ap_fmt__has_children(const struct ap_doc *doc, const struct ap_node *n);

/*
 * True when n's content is copied byte for byte: mixed content (children
 * beside text that matters), which cannot be re-indented without changing
 * the text.  The writer does not descend into such an element.
 */
int ap_fmt__verbatim(const struct ap_doc *doc, const struct ap_node *n,
		     const char *xacml);

/* Offset of the '<' of n's end tag (n neither self-closing nor open). */
size_t ap_fmt__end_tag_start(const struct ap_doc *doc, const struct ap_node *n);

/*
 * Which namespace declarations the writer keeps: one bit per declaration
 * of each element, elements numbered in the writer's pre-order (verbatim
 * elements' descendants are not numbered).
 */
struct ap_fmt_ns_plan {
	uint64_t *keep;
	size_t count;
	int keep_all; /* a verbatim region may use any declaration */
};

/*
 * Plans the declarations: one is dropped when it repeats a binding already
 * in scope, or when its prefix is used by no element or attribute name in
 * its scope and appears as "prefix:" in no attribute value or text there
 * (QName values such as xsi:type="xs:string" or XPath paths); a default
 * declaration counts as used by unprefixed elements and by any attribute
 * in the XMLSchema-instance namespace.  With rename, XACML elements do not
 * count as users (they get the new prefix).  AP_OK or AP_ENOMEM.
 */
int ap_fmt__ns_plan(struct ap_fmt_ns_plan *plan, const struct ap_doc *doc,
		    int rename);
void ap_fmt__ns_plan_release(struct ap_fmt_ns_plan *plan);

/* Position of attribute name in the canonical order of n's kind (known
 * attributes first, by rank; then the others in document order). */
int ap_fmt__attr_rank(const struct ap_node *n, const struct ap_attr *a,
		      const char *xacml);

#endif
