/*
 * The fix interface.  HOW TO ADD A FIX: create src/fix/fixes/<id>.c (for
 * example ax_v001.c) defining exactly one record named ap_fix_<ID with '-'
 * as '_'>:
 *
 *	const struct ap_fix ap_fix_AX_V001 = {
 *		.rule_id = "AX-V001", .cls = AP_FIX_SAFE, .apply = apply,
 *		.summary = "...",
 *	};
 *
 * The build collects every record into the fix table (tests/gen-rule-table.sh
 * fix ...).  apply gets the node at the finding's line:col and adds edits
 * with ap_fix__replace; it re-derives from the model whatever else it
 * needs, and adds nothing when the case is not one it can fix.  Add
 * tests/golden/fix/<id>/ and the "Fix:" line of docs/rules/<ID>.md.
 */
#ifndef AP_FIX_INT_H
#define AP_FIX_INT_H

#include "altinn-policy/fix.h"
#include "policy/model.h"

struct ap_fix_ctx;

struct ap_fix {
	const char *rule_id;
	enum ap_fix_class cls;
	const char *summary;
	/* at: the element the finding points at (NULL: none there) */
	void (*apply)(struct ap_fix_ctx *ctx, const struct ap_node *at);
};

extern const struct ap_fix *const ap_fix_table[];
extern const size_t ap_fix_table_len;

/* The document being fixed, and the options (borrowed). */
const struct ap_doc *ap_fix_ctx_doc(const struct ap_fix_ctx *ctx);
const struct ap_fix_options *ap_fix_ctx_options(const struct ap_fix_ctx *ctx);

/* The level of an added authentication obligation: the options' level,
 * else AX-C007's option "level" in the configuration, else 3. */
int ap_fix__auth_level(const struct ap_fix_ctx *ctx);

/* Replaces source bytes [start, end) with text (copied); start == end
 * inserts.  Failures are remembered by the context. */
void ap_fix__replace(struct ap_fix_ctx *ctx, size_t start, size_t end,
		     const char *text, size_t len);

/*
 * The bytes of the value of the unprefixed attribute name in n's start tag
 * (between the quotes): *start and *end.  Returns 0 when absent.
 */
int ap_fix__attr_span(const struct ap_doc *doc, const struct ap_node *n,
		      const char *name, size_t *start, size_t *end);

/* Replaces the value of attribute name of n by value (when present and
 * written without references, so the bytes are the value). */
void ap_fix__set_attr(struct ap_fix_ctx *ctx, const struct ap_node *n,
		      const char *name, const char *value);

/* When at is a designator on urn:altinn:org:rolecode: the AttributeId
 * becomes urn:altinn:rolecode (AX-V001 and AX-C005 share it). */
void ap_fix__org_rolecode(struct ap_fix_ctx *ctx, const struct ap_node *at);

/* The nearest ancestor-or-self of n of that kind, or NULL. */
const struct ap_node *ap_fix__up(const struct ap_node *n, enum ap_node_kind kind);

/* The whitespace that starts the line n's start tag is on ("" when
 * something else precedes n on its line), and the file's newline style. */
void ap_fix__indent_of(const struct ap_doc *doc, const struct ap_node *n,
		       const char **ws, size_t *len);
/* One indentation step as the file writes it (tab or spaces). */
const char *ap_fix__indent_unit(const struct ap_doc *doc);

/* True when n's subtree holds a comment or processing instruction. */
int ap_fix__has_comments(const struct ap_doc *doc, const struct ap_node *n);

#endif
