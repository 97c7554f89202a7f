/*
 * Canonical formatting of XACML policies (`altinn-policy fmt`).
 *
 * The formatter reads a policy with the safe loader (same limits, DOCTYPE
 * refused) and writes one canonical form: the XML declaration, two-space
 * indentation, attributes in a fixed order per element, namespace
 * declarations nobody uses removed, whitespace dropped only where XACML
 * ignores it.  Comments, processing instructions, Descriptions and every
 * attribute and significant text are kept: ap_fmt_same_model proves it on
 * the result.  Formatting is idempotent.  docs/altinn-policy-fmt.md
 * describes the canonical form and its decisions.
 */
#ifndef ALTINN_POLICY_FMT_H
#define ALTINN_POLICY_FMT_H

#include "altinn-policy/common.h"
#include "altinn-policy/policy.h"

/* How XACML elements are named. */
enum ap_fmt_ns_style {
	AP_FMT_NS_KEEP = 0, /* what the file uses (the root's choice when the
			       file mixes styles) */
	AP_FMT_NS_DEFAULT,  /* xmlns="...wd-17", unprefixed elements */
	AP_FMT_NS_PREFIX    /* xmlns:xacml="...wd-17", xacml:Policy ... */
};

/* Options; initialise with AP_FMT_OPTIONS_INIT. */
struct ap_fmt_options {
	enum ap_fmt_ns_style ns_style;
	unsigned indent;              /* spaces per level (1..8) */
	struct ap_load_options load;  /* limits for reading the input */
};
#define AP_FMT_OPTIONS_INIT {AP_FMT_NS_KEEP, 2, AP_LOAD_OPTIONS_INIT}

/*
 * Formats len bytes at data and appends the canonical bytes to out.  name
 * is what error positions are reported against (NULL: "<input>"); opt may
 * be NULL for the defaults.  Errors (err has file:line:col): AP_EPARSE (not
 * well-formed, DOCTYPE, entity declaration), AP_ETOOBIG (a load limit),
 * AP_EINVALID (not UTF-8; a namespace style that cannot be applied without
 * changing what an element means), AP_ENOMEM.  out is unchanged on error.
 */
AP_NODISCARD int ap_fmt_memory(const char *data, size_t len, const char *name,
			       const struct ap_fmt_options *opt,
			       struct ap_buf *out, struct ap_error *err);

/*
 * Same for a document already loaded (it must have parsed without
 * problems; the same errors otherwise).
 */
AP_NODISCARD int ap_fmt_doc(const ap_doc *doc, const struct ap_fmt_options *opt,
			    struct ap_buf *out, struct ap_error *err);

/*
 * The model comparison fmt is checked with (and fuzzing reuses): returns 1
 * when a and b say the same thing, else 0 with diff->message naming the
 * first difference and diff->line/col its place in b (diff may be NULL).
 * Compared: element namespaces, names and kinds in order; attributes as
 * sets (namespace, name, value); text where it is significant (exact in
 * AttributeValue, Description, Content and unknown elements; elsewhere
 * whitespace-only text is ignored and other text compared trimmed);
 * whether an element was written <x/>; comments and processing
 * instructions in order.  Not compared: prefixes, attribute order,
 * namespace declarations, indentation, the XML declaration.
 */
int ap_fmt_same_model(const ap_doc *a, const ap_doc *b, struct ap_error *diff);

/*
 * Appends a unified diff (3 lines of context) turning a into b to out,
 * under the headers "--- a_name" and "+++ b_name"; nothing when the texts
 * are equal.  A line diff (Myers); inputs over 1,000,000 lines each are
 * refused with AP_ETOOBIG.  Errors: AP_ENOMEM, AP_ETOOBIG.
 */
AP_NODISCARD int ap_diff_unified(const char *a, size_t alen, const char *b,
				 size_t blen, const char *a_name,
				 const char *b_name, struct ap_buf *out,
				 struct ap_error *err);

#endif
