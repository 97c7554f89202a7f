/* AX-S005: a Policy without Version gets Version="1.0" (what Altinn
 * assumes), after PolicyId. */
#include "internal.h"
#include "fix/fix_int.h"

#include <string.h>

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_doc *doc = ap_fix_ctx_doc(ctx);
	static const char text[] = " Version=\"1.0\"";
	size_t start, end, pos;

	if (at == NULL || at->kind != AP_NODE_POLICY || at->u.policy.version != NULL)
		return;
	if (ap_fix__attr_span(doc, at, "PolicyId", &start, &end)) {
		pos = end + 1; /* after the closing quote */
	} else {
		/* after the element name */
		for (pos = at->offset + 1; pos < at->tag_end &&
		     !strchr(" \t\r\n/>", doc->source[pos]); pos++)
			;
	}
	ap_fix__replace(ctx, pos, pos, text, sizeof(text) - 1);
}

const struct ap_fix ap_fix_AX_S005 = {
	.rule_id = "AX-S005", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "Version=\"1.0\" added (the version Altinn assumes when it is missing)",
};
