/*
 * AX-V004: a resource AttributeId no Altinn PEP sends, such as the obsolete
 * urn:altinn:event or the docs samples' urn:altinn:serviceresource.  A
 * match on it never succeeds unless some PEP sends that attribute, and the
 * resource registry needs urn:altinn:resource.  Near misses of known ids
 * are AX-V003's.
 * Source: spec xacml-altinn.md 2.3 and 4.4 (PolicyHelper.cs;
 * DecisionHelper.cs, AltinnXacmlUrns.cs); the list is in
 * src/policy/vocab.c.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_RESOURCE || id == NULL ||
	    id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(AP_VOCAB_RESOURCE_IDS, id) ||
	    ap_vocab_near_miss(AP_VOCAB_RESOURCE_IDS, id, strlen(id), 2) != NULL)
		return;
	if (strcmp(id, AP_VOCAB_SERVICERESOURCE) == 0)
		ap_lint_report(ctx, d,
			       "resource attribute 'urn:altinn:serviceresource' is never sent by Altinn's PEPs and the registry does not accept it as the resource reference: use 'urn:altinn:resource'");
	else if (strcmp(id, AP_VOCAB_OBSOLETE_EVENT) == 0)
		ap_lint_report(ctx, d,
			       "resource attribute 'urn:altinn:event' is obsolete (only an old docs page has it): Altinn Events sends 'urn:altinn:event-id', 'urn:altinn:eventtype', 'urn:altinn:eventsource' and 'urn:altinn:resource'");
	else
		ap_lint_report(ctx, d,
			       "resource attribute '%s' is not one Altinn's PEPs send: a match on it never succeeds unless your own PEP sends it; registry resources are identified by 'urn:altinn:resource', apps by 'urn:altinn:org' and 'urn:altinn:app'",
			       id);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_RESOURCE || id == NULL ||
	    id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(AP_VOCAB_RESOURCE_IDS, id))
		return;
	check_slow(ctx, d);
}

const struct ap_rule ap_rule_AX_V004 = {
	.id = "AX-V004",
	.name = "unknown-resource-attribute",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR),
	.check = check,
	.summary = "a resource AttributeId is not one Altinn's PEPs send",
	.source = "PolicyHelper.cs; DecisionHelper.cs",
};
