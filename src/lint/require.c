/* "Some Permit rule must grant <action> on the resource." */
#include "internal.h"
#include "lint/grants.h"
#include "lint/require.h"
#include "policy/ids.h"

static int action_required(const struct ap_requirements *req, const char *action)
{
	size_t i;

	for (i = 0; i < req->nactions; i++)
		if (strcmp(req->actions[i], action) == 0)
			return 1;
	return 0;
}

void ap_lint__require_action(struct ap_lint_ctx *ctx, const char *action,
			     const char *why)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx);
	const char *rid;
	const struct ap_node *where;

	if (policy == NULL || ap_node__child(policy, AP_NODE_RULE) == NULL)
		return; /* AX-S002 / AX-S014 say why */
	if (!action_required(ap_lint_ctx_requirements(ctx), action))
		return; /* the configuration does not ask for it */
	rid = ap_lint_ctx_resource_id(ctx);
	if (ap_grants__anyone(policy, rid, action) != NULL)
		return;
	if (ap_ids_combining(policy->u.policy.combining_alg) == AP_COMB_UNSUPPORTED) {
		ap_lint_report(ctx, policy,
			       "no subject is granted '%s': RuleCombiningAlgId '%s' is not an algorithm Altinn's PDP supports, so every decision is Indeterminate (no access); use 'urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides'",
			       action, policy->u.policy.combining_alg ? policy->u.policy.combining_alg : "");
		return;
	}
	where = rid ? ap_grants__rule_for_resource(policy, rid) : NULL;
	if (where == NULL)
		where = policy;
	if (rid)
		ap_lint_report(ctx, where,
			       "no Permit rule grants '%s' on resource '%s' to any subject: %s; add '%s' to the actions of a rule for '%s'",
			       action, rid, why, action, rid);
	else
		ap_lint_report(ctx, where,
			       "no Permit rule grants '%s' to any subject (and no rule names a resource with urn:altinn:resource): %s",
			       action, why);
}
