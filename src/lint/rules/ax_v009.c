/*
 * AX-V009: a Match whose AttributeValue is empty (or only whitespace).  It
 * can match only a request value that is exactly that, which no PEP or PIP
 * sends; the migrated SKD app policy in the corpus has one for a role
 * code.  An empty string-regexp-match pattern matches everything instead
 * (AX-E015's concern) and is not reported here.
 * Source: spec xacml-altinn.md 4.3 (corpus:
 * Altinn/altinn-resource-registry AppPolicies/skd/app_skd_a2-4223-160201).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *v)
{
	const struct ap_node *m = v->parent, *d;
	const char *id;

	if (m == NULL || m->kind != AP_NODE_MATCH || m->u.match.value != v ||
	    v->has_text || ap_node__element_count(v) > 0 ||
	    m->u.match.fn == AP_MATCH_FN_STRING_REGEXP)
		return;
	d = ap_vocab__designator(m);
	id = d ? d->u.designator.attribute_id : NULL;
	ap_lint_report(ctx, v,
		       "AttributeValue is %s, so this match%s%s%s can only match an empty request value, which Altinn never sends: write the value, or remove the match",
		       v->text != NULL && v->text[0] != '\0' ? "only whitespace" : "empty",
		       id ? " on '" : "", id ? id : "", id ? "'" : "");
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *v)
{
	if (v->has_text || v->parent == NULL || v->parent->kind != AP_NODE_MATCH)
		return;
	check_slow(ctx, v);
}

const struct ap_rule ap_rule_AX_V009 = {
	.id = "AX-V009",
	.name = "empty-attribute-value",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_VALUE),
	.check = check,
	.summary = "a Match has an empty AttributeValue",
	.source = "corpus (migrated SKD app policy)",
};
