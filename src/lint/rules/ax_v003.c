/*
 * AX-V003: a subject or resource AttributeId that nearly spells a known
 * Altinn id: the same but for letter case, or one or two edits away
 * (urn:altinn:accesslist for urn:altinn:access-list).  Request attributes
 * are looked up by exact, case-sensitive id, so the match never sees a
 * value.
 * Source: spec xacml-altinn.md 1.11 point 5, 2.2, 2.3 and 4.3
 * (ContextHandler.cs; XacmlRule.cs); the lists are in src/policy/vocab.c.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

#include <strings.h>

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;
	enum ap_vocab_list list;
	const char *near;

	if (d->u.designator.category == AP_CAT_SUBJECT)
		list = AP_VOCAB_SUBJECT_IDS;
	else if (d->u.designator.category == AP_CAT_RESOURCE)
		list = AP_VOCAB_RESOURCE_IDS;
	else
		return;
	if (id == NULL || id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(list, id))
		return;
	near = ap_vocab_near_miss(list, id, strlen(id), 2);
	if (near == NULL)
		return;
	if (strcasecmp(near, id) == 0)
		ap_lint_report(ctx, d,
			       "%s attribute '%s' differs from Altinn's '%s' only in letter case: attribute ids are compared case-sensitively, so this match never sees a value; write '%s'",
			       list == AP_VOCAB_SUBJECT_IDS ? "subject" : "resource",
			       id, near, near);
	else
		ap_lint_report(ctx, d,
			       "%s attribute '%s' is not an Altinn id but nearly spells '%s': attribute ids are compared exactly, so this match never sees a value; did you mean '%s'?",
			       list == AP_VOCAB_SUBJECT_IDS ? "subject" : "resource",
			       id, near, near);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if ((d->u.designator.category != AP_CAT_SUBJECT &&
	     d->u.designator.category != AP_CAT_RESOURCE) || id == NULL ||
	    id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(d->u.designator.category == AP_CAT_SUBJECT ?
			       AP_VOCAB_SUBJECT_IDS : AP_VOCAB_RESOURCE_IDS, id))
		return;
	check_slow(ctx, d);
}

const struct ap_rule ap_rule_AX_V003 = {
	.id = "AX-V003",
	.name = "misspelt-attribute-id",
	.severity = AP_SEV_ERROR,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR),
	.check = check,
	.summary = "a subject or resource AttributeId nearly spells a known Altinn id",
	.source = "ContextHandler.cs; XacmlRule.cs",
};
