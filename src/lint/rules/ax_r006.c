/*
 * AX-R006: the resource registry lower-cases every subject value when it
 * indexes a policy (the resource's "subjects", used to find resources by
 * role, package or organisation), so lookups by subject are case-
 * insensitive.  A subject matched case-sensitively (string-equal) on a
 * value with capitals is then listed as a subject the decision itself does
 * not grant: the registry says 'ttd' has access where the rule demands
 * 'TTD'.  Only Altinn's subject attributes are considered (an unknown one
 * is AX-V002's); role codes are AX-V007's (warning), and values with
 * Studio placeholders ([ORG]) are skipped.
 * Source: spec xacml-altinn.md 3.3 and 4.4 (Altinn/altinn-resource-registry:
 * src/Altinn.ResourceRegistry.Core/Services/ResourceRegistryService.cs
 * GetResourceSubjects).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const struct ap_node *d;
	const char *id, *t;
	size_t len;

	if (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL ||
	    (d = ap_vocab__match_on(m, AP_CAT_SUBJECT, NULL)) == NULL)
		return;
	id = d->u.designator.attribute_id;
	t = ap_vocab__value(m);
	if (!ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, id) ||
	    strcmp(id, AP_ID_ROLECODE) == 0 || !ap_vocab__has_upper(t) ||
	    ap_vocab__has_placeholder(t))
		return;
	t = ap_vocab__trim(t, &len);
	ap_lint_report(ctx, m,
		       "subject '%s' = '%.*s' is matched case-sensitively, but the registry indexes subject values in lower case: it will list this resource for a value the rule does not grant; match with '" AP_FN_STRING_EQUAL_IC "' or write the value in the case the caller sends",
		       id, ap_vocab__clip(t, len, 80), t);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	if (m->u.match.fn != AP_MATCH_FN_STRING_EQUAL ||
	    ap_vocab__match_on(m, AP_CAT_SUBJECT, NULL) == NULL)
		return;
	check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_R006 = {
	.id = "AX-R006",
	.name = "subject-case-lowered-by-registry",
	.severity = AP_SEV_INFO,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "a case-sensitive subject value with capitals, which the registry indexes lower-cased",
	.source = "ResourceRegistryService.cs GetResourceSubjects",
};
