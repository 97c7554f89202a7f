/* AX-C007: a policy without an end-user authentication level gets one
 * (the level from the options, the configuration or 3), written the way
 * Studio writes it.  The case where the level exists but is not first is
 * left alone: reordering obligations is not a minimal edit. */
#define _GNU_SOURCE /* memrchr */
#include "internal.h"
#include "fix/fix_int.h"

#include <stdio.h>
#include <string.h>

/* Appends the ObligationExpression at indentation ind (one step unit). */
static void obligation(struct ap_buf *b, const char *p, const char *ind,
		       const char *unit, int level)
{
	int ok = ap_buf_addf(b, "%s<%sObligationExpression FulfillOn=\"Permit\" "
			     "ObligationId=\"urn:altinn:obligation:authenticationLevel1\">\n",
			     ind, p) == AP_OK &&
		 ap_buf_addf(b, "%s%s<%sAttributeAssignmentExpression "
			     "AttributeId=\"urn:altinn:obligation1-assignment1\" "
			     "Category=\"urn:altinn:minimum-authenticationlevel\">\n",
			     ind, unit, p) == AP_OK &&
		 ap_buf_addf(b, "%s%s%s<%sAttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#integer\">%d</%sAttributeValue>\n",
			     ind, unit, unit, p, level, p) == AP_OK &&
		 ap_buf_addf(b, "%s%s</%sAttributeAssignmentExpression>\n", ind, unit, p) == AP_OK &&
		 ap_buf_addf(b, "%s</%sObligationExpression>", ind, p) == AP_OK;

	if (!ok)
		ap_buf_release(b);
}

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_doc *doc = ap_fix_ctx_doc(ctx);
	const struct ap_node *policy = doc->root, *oes, *anchor;
	const char *unit = ap_fix__indent_unit(doc), *ws;
	char p[128], ind[256], ind1[256];
	struct ap_buf b = AP_BUF_INIT;
	size_t wslen, pos;
	int level = ap_fix__auth_level(ctx);

	if (at == NULL || policy == NULL || policy->kind != AP_NODE_POLICY ||
	    (at != policy && at->kind != AP_NODE_OBLIGATION_EXPRESSIONS))
		return;
	snprintf(p, sizeof(p), "%s%s", policy->prefix ? policy->prefix : "",
		 policy->prefix ? ":" : "");
	oes = ap_node__child(policy, AP_NODE_OBLIGATION_EXPRESSIONS);
	if (oes != NULL) {
		if (oes->self_closing)
			return;
		ap_fix__indent_of(doc, oes, &ws, &wslen);
		snprintf(ind, sizeof(ind), "%.*s%s", (int)wslen, ws, unit);
		if (ap_buf_addch(&b, '\n') != AP_OK)
			return;
		obligation(&b, p, ind, unit, level);
		if (b.ptr != NULL)
			ap_fix__replace(ctx, oes->tag_end, oes->tag_end, b.ptr, b.len);
		ap_buf_release(&b);
		return;
	}
	/* a new ObligationExpressions before AdviceExpressions or </Policy> */
	anchor = ap_node__child(policy, AP_NODE_ADVICE_EXPRESSIONS);
	if (anchor != NULL) {
		pos = anchor->offset;
		ap_fix__indent_of(doc, anchor, &ws, &wslen);
	} else {
		const char *lt;

		if (policy->self_closing || policy->end_offset <= policy->tag_end)
			return;
		lt = memrchr(doc->source + policy->tag_end, '<',
			     policy->end_offset - policy->tag_end);
		if (lt == NULL)
			return;
		pos = (size_t)(lt - doc->source);
		ws = "";
		wslen = 0;
		if (policy->first_child != NULL)
			ap_fix__indent_of(doc, policy->first_child, &ws, &wslen);
		if (wslen == 0)
			ws = unit, wslen = strlen(unit);
	}
	snprintf(ind, sizeof(ind), "%.*s", (int)wslen, ws);
	snprintf(ind1, sizeof(ind1), "%s%s", ind, unit);
	/* at the start of the anchor's line when only blanks precede it */
	{
		size_t ls = pos;

		while (ls > 0 && (doc->source[ls - 1] == ' ' || doc->source[ls - 1] == '\t'))
			ls--;
		if (ls > 0 && doc->source[ls - 1] == '\n')
			pos = ls;
		else if (ap_buf_addch(&b, '\n') != AP_OK)
			return;
	}
	if (ap_buf_addf(&b, "%s<%sObligationExpressions>\n", ind, p) != AP_OK)
		goto done;
	obligation(&b, p, ind1, unit, level);
	if (b.ptr == NULL || ap_buf_addf(&b, "\n%s</%sObligationExpressions>\n", ind, p) != AP_OK)
		goto done;
	ap_fix__replace(ctx, pos, pos, b.ptr, b.len);
done:
	ap_buf_release(&b);
}

const struct ap_fix ap_fix_AX_C007 = {
	.rule_id = "AX-C007", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "minimum authentication level obligation added (level from --auth-level, AX-C007's option \"level\", else 3)",
};
