/*
 * AX-V002: a subject AttributeId Altinn does not know.  The PEP forwards
 * the caller's urn: token claims and the context handler (PIP) adds only
 * the subject attributes it knows (role codes, access packages, party and
 * user ids ...); an unknown id matches only when a token happens to carry
 * a claim of exactly that name.  Near misses of known ids are AX-V003's,
 * urn:altinn:org:rolecode is AX-V001's.
 * Source: spec xacml-altinn.md 2.2 and 4.3 (ContextHandler.cs
 * EnrichSubjectAttributes; DecisionHelper.cs CreateSubjectAttributes); the
 * list is in src/policy/vocab.c.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_SUBJECT || id == NULL ||
	    id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, id) ||
	    strcmp(id, AP_ID_ORG_ROLECODE) == 0 ||
	    ap_vocab_near_miss(AP_VOCAB_SUBJECT_IDS, id, strlen(id), 2) != NULL)
		return;
	ap_lint_report(ctx, d,
		       "subject attribute '%s' is not one Altinn fills: the PIP adds only the attributes it knows, so this matches only callers whose token carries a claim of exactly that name; use a known subject attribute such as 'urn:altinn:rolecode' or 'urn:altinn:accesspackage'",
		       id);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *d)
{
	const char *id = d->u.designator.attribute_id;

	if (d->u.designator.category != AP_CAT_SUBJECT || id == NULL ||
	    id[0] == '\0' || !ap_vocab__evaluated(d) ||
	    ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, id))
		return;
	check_slow(ctx, d);
}

const struct ap_rule ap_rule_AX_V002 = {
	.id = "AX-V002",
	.name = "unknown-subject-attribute",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR),
	.check = check,
	.summary = "a subject AttributeId is not one Altinn's PEP or PIP fills",
	.source = "ContextHandler.cs; DecisionHelper.cs",
};
