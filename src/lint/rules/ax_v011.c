/*
 * AX-V011: a subject matched on urn:altinn:partytype or
 * urn:altinn:access-list.  The context handler fills these only for
 * requests that name a registry resource and no party (consent flows);
 * in any other request the match finds no value.
 * Source: spec xacml-altinn.md 2.2 and 4.3 (ContextHandler.cs).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_SUBJECT || id == NULL ||
	    (strcmp(id, AP_VOCAB_PARTYTYPE) != 0 &&
	     strcmp(id, AP_VOCAB_ACCESS_LIST) != 0) ||
	    !ap_vocab__evaluated(d))
		return;
	ap_lint_report(ctx, d,
		       "subject '%s' is filled only for requests that name a registry resource and no party (consent flows): in other requests this match finds no value",
		       id);
}

/*
 * Designator ids are interned: when the document has no string equal to
 * either id, no designator has it, and there is nothing to visit (two
 * hash lookups per document instead of string compares per designator).
 */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	if (ap_doc__canonical(doc, AP_VOCAB_PARTYTYPE) != NULL ||
	    ap_doc__canonical(doc, AP_VOCAB_ACCESS_LIST) != NULL)
		ap_vocab__each(ctx, doc, AP_NODE_ATTRIBUTE_DESIGNATOR, check);
}

const struct ap_rule ap_rule_AX_V011 = {
	.id = "AX-V011",
	.name = "consent-only-subject",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check_doc,
	.summary = "a subject is matched on urn:altinn:partytype or urn:altinn:access-list",
	.source = "ContextHandler.cs",
};
