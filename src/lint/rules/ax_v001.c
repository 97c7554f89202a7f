/*
 * AX-V001: a subject matched on urn:altinn:org:rolecode, whatever the value.
 * Nothing in Altinn fills that attribute (no constants file, no PIP, no
 * token issuer knows it), so the match never succeeds and the rule grants
 * nobody; role codes arrive as urn:altinn:rolecode.
 * Source: spec xacml-altinn.md 2.7 and 4.3 (ContextHandler.cs; the docs'
 * ExamplePolicy.xml is where the id comes from).  AX-C005 reports the same
 * id for DAGL in the correspondence profile, as the DAGL requirement.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"

static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	if (!ap_streq(d->u.designator.attribute_id, AP_ID_ORG_ROLECODE) ||
	    !ap_vocab__evaluated(d))
		return;
	ap_lint_report(ctx, d,
		       "subject attribute 'urn:altinn:org:rolecode' does not exist in Altinn: no token or PIP fills it, so this match never succeeds; role codes are matched on 'urn:altinn:rolecode' (with string-equal-ignore-case)");
}

/*
 * Designator ids are interned: when the document has no string equal to
 * the id, no designator has it, and there is nothing to visit (one hash
 * lookup per document instead of a string compare per designator).
 */
static void check_doc(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	if (ap_doc__canonical(doc, AP_ID_ORG_ROLECODE) != NULL)
		ap_vocab__each(ctx, doc, AP_NODE_ATTRIBUTE_DESIGNATOR, check);
}

const struct ap_rule ap_rule_AX_V001 = {
	.id = "AX-V001",
	.name = "org-rolecode-attribute",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.check_doc = check_doc,
	.summary = "a subject is matched on urn:altinn:org:rolecode, which Altinn never fills",
	.source = "spec xacml-altinn.md 2.7; Altinn ContextHandler.cs",
};
