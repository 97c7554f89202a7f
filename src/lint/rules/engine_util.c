/*
 * Helpers shared by the engine-semantics rules (spec xacml-altinn.md 1.5,
 * 1.7, 1.9-1.11).  See engine_util.h.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"

static const char *meaning(const char *attr, enum ap_effect_value v)
{
	switch (v) {
	case AP_EFFECT_PERMIT: return "Permit";
	case AP_EFFECT_DENY: return "Deny";
	default:
		return strcmp(attr, "Effect") == 0 ?
		       "neither Permit nor Deny (evaluated as Deny)" :
		       "neither Permit nor Deny";
	}
}

struct ap_effect ap_engine__check_effect(struct ap_lint_ctx *ctx,
					 const struct ap_node *n,
					 const char *attr, const char *v,
					 const char *fix)
{
	struct ap_effect e = ap_ids_effect(v);

	switch (e.form) {
	case AP_EFFECT_EXACT:
		break;
	case AP_EFFECT_CASE:
		ap_lint_report_sev(ctx, n, AP_SEV_WARNING,
				   "%s '%s' is not written 'Permit' or 'Deny': "
				   "Altinn's parser ignores case and "
				   "surrounding spaces, but the XACML schema "
				   "and other tools do not; write %s=\"%s\"",
				   attr, v, attr, meaning(attr, e.value));
		break;
	case AP_EFFECT_NUMERIC:
	case AP_EFFECT_LIST:
		ap_lint_report(ctx, n,
			       "%s '%s' is a %s, which Altinn's parser reads "
			       "as %s; write %s", attr, v,
			       e.form == AP_EFFECT_NUMERIC ? "number" :
			       "list of names", meaning(attr, e.value), fix);
		break;
	default:
		ap_lint_report(ctx, n,
			       "%s '%s' is not Permit or Deny: Altinn's parser "
			       "rejects the policy ('Wrong XacmlEffectType "
			       "value'); write %s", attr, v, fix);
		break;
	}
	return e;
}

struct ap_effect ap_engine__rule_effect(const struct ap_node *rule)
{
	return ap_ids_effect(rule->u.rule.effect);
}

const struct ap_node *ap_engine__match_rule(const struct ap_lint_ctx *ctx,
					    const struct ap_node *n)
{
	const struct ap_node *all = n->parent, *any, *target, *rule;

	if (all == NULL || all->kind != AP_NODE_ALL_OF ||
	    (any = all->parent) == NULL || any->kind != AP_NODE_ANY_OF ||
	    (target = any->parent) == NULL || target->kind != AP_NODE_TARGET ||
	    (rule = target->parent) == NULL || rule->kind != AP_NODE_RULE ||
	    !ap_structure__reached(ctx, n))
		return NULL;
	return rule;
}

int ap_engine__match_evaluated(const struct ap_lint_ctx *ctx,
			       const struct ap_node *n)
{
	const struct ap_node *d = n->u.match.designator;

	return d != NULL && d->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
	       ap_ids_category_evaluated(d->u.designator.category) &&
	       ap_engine__match_rule(ctx, n) != NULL;
}

const struct ap_node *ap_engine__rule_of(const struct ap_node *n)
{
	for (; n != NULL; n = n->parent)
		if (n->kind == AP_NODE_RULE)
			return n;
	return NULL;
}

const char *ap_engine__match_text(const struct ap_node *match)
{
	const struct ap_node *v = match->u.match.value;

	return v != NULL && v->text != NULL ? v->text : "";
}
