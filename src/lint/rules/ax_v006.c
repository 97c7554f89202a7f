/*
 * AX-V006: an action value that is not one of Altinn's actions: the list
 * Studio's action picker reads (actionoptions.json: read, write, delete,
 * confirm, sign, instantiate, complete, pay, reject, subscribe, publish,
 * scopeaccess, access) and the consent actions (requestconsent, consent).
 * Usually a typo, or a custom action nobody requests.  Letter case is
 * AX-V007's, so the comparison ignores it.  Runs for registry resources
 * only: an app's BPMN process declares further actions that a policy file
 * does not show.  Actions a service's own PEP asks for can be declared in
 * the rule's options: {"actions": ["drive"]}.
 * Source: spec xacml-altinn.md 2.4 and 4.3
 * (Altinn/altinn-studio-docs:content/authorization/architecture/
 * resourceregistry/actionoptions.json); the list is in src/policy/vocab.c.
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/ids.h"
#include "policy/vocab.h"

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *m)
{
	const char *v, *t, *near;
	size_t len, tlen;
	int n;

	if (ap_vocab__match_on(m, AP_CAT_ACTION, AP_ID_ACTION_ID) == NULL ||
	    m->u.match.value == NULL)
		return;
	v = ap_vocab__value(m);
	len = strlen(v);
	t = ap_vocab__trim(v, &tlen);
	if (tlen == 0 || ap_vocab_known(AP_VOCAB_ACTIONS, v, len) ||
	    ap_vocab_option_lists(ap_lint_ctx_rule_options(ctx), "actions", t, tlen))
		return;
	n = ap_vocab__clip(t, tlen, 80);
	if (ap_vocab_known(AP_VOCAB_ACTIONS, t, tlen)) {
		ap_lint_report(ctx, m->u.match.value,
			       "action '%.*s' has whitespace around it, and Altinn compares the text as written, so the '%.*s' PEPs send never equals it: remove the whitespace",
			       n, t, n, t);
		return;
	}
	near = ap_vocab_near_miss(AP_VOCAB_ACTIONS, t, tlen, tlen <= 6 ? 1 : 2);
	if (near != NULL)
		ap_lint_report(ctx, m->u.match.value,
			       "action '%.*s' is not one of Altinn's actions: did you mean '%s'?",
			       n, t, near);
	else
		ap_lint_report(ctx, m->u.match.value,
			       "action '%.*s' is not one of Altinn's actions (actionoptions.json and the consent actions): no Altinn component asks for it; if your own PEP does, list it in .altinn-policy.json ({\"rules\": {\"AX-V006\": {\"options\": {\"actions\": [\"%.*s\"]}}}})",
			       n, t, ap_vocab__json_safe(t, (size_t)n) ? n : 3,
			       ap_vocab__json_safe(t, (size_t)n) ? t : "...");
}

/*
 * The common clean case, tested before the frame of the reporting half,
 * the cheap conditions first: a known action needs no string compare of
 * the attribute id.
 */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *m)
{
	const struct ap_node *d = ap_vocab__designator(m);
	const char *v;
	size_t tlen;

	if (d == NULL || d->u.designator.category != AP_CAT_ACTION ||
	    m->u.match.value == NULL)
		return;
	v = ap_vocab__value(m);
	if (ap_vocab_known_text(AP_VOCAB_ACTIONS, v, strlen(v)))
		return;
	(void)ap_vocab__trim(v, &tlen);
	if (tlen == 0 || !ap_streq(d->u.designator.attribute_id, AP_ID_ACTION_ID))
		return;
	check_slow(ctx, m);
}

const struct ap_rule ap_rule_AX_V006 = {
	.id = "AX-V006",
	.name = "unknown-action",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE),
	.visits = AP_VISIT(AP_NODE_MATCH),
	.check = check,
	.summary = "an action value is not one of Altinn's actions",
	.source = "altinn-studio-docs actionoptions.json",
};
