/*
 * AX-V014: the value of an authentication-level obligation (assignment
 * Category urn:altinn:minimum-authenticationlevel or ...-org) must be an
 * integer from 0 to 4.  The PEP reads it with Convert.ToInt32, which
 * throws on anything else (surrounding whitespace and a sign are
 * accepted); ID-porten levels are 0, 2, 3 and 4, so a higher level refuses
 * everyone.  Only policy-level obligations are checked: rule-level ones are
 * never returned (AX-E012).
 * Source: spec xacml-altinn.md 2.6 and 4.3 (DecisionHelper.cs
 * ValidateDecisionResult; IdPortenXacmlMapper.cs).
 */
#include "internal.h"
#include "lint/rules/vocab_util.h"
#include "policy/vocab.h"

/* .NET Int32.Parse with NumberStyles.Integer; 0 when it would throw. */
static int parse_int32(const char *s, long long *out)
{
	long long v = 0;
	int neg = 0, digits = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		v = v * 10 + (*s - '0');
		if (v > 2147483648LL)
			return 0;
	}
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (!digits || *s != '\0' || (!neg && v > 2147483647LL))
		return 0;
	*out = neg ? -v : v;
	return 1;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *a)
{
	const struct ap_node *v, *p;
	const char *cat, *t;
	long long level;
	size_t len;
	int n, org;

	p = a->parent;
	if (p == NULL || p->kind != AP_NODE_OBLIGATION_EXPRESSION ||
	    (p = p->parent) == NULL || p->kind != AP_NODE_OBLIGATION_EXPRESSIONS ||
	    (p = p->parent) == NULL || p->kind != AP_NODE_POLICY)
		return;
	cat = ap_node_attr(a, "Category");
	if (cat == NULL)
		return;
	org = strcmp(cat, AP_VOCAB_AUTHLEVEL_ORG_CAT) == 0;
	if (!org && strcmp(cat, AP_VOCAB_AUTHLEVEL_CAT) != 0)
		return;
	v = ap_node__child(a, AP_NODE_ATTRIBUTE_VALUE);
	if (v == NULL)
		return;
	t = ap_vocab__trim(v->text ? v->text : "", &len);
	n = ap_vocab__clip(t, len, 40);
	if (!parse_int32(v->text ? v->text : "", &level))
		ap_lint_report(ctx, v,
			       "%s authentication level '%.*s' is not an integer: the PEP reads it with Convert.ToInt32, which throws, so permitted requests fail; write 0, 2, 3 or 4",
			       org ? "organisation" : "end-user", n, t);
	else if (level < 0 || level > 4)
		ap_lint_report(ctx, v,
			       "%s authentication level %lld is outside 0-4: %s; ID-porten levels are 0, 2, 3 and 4",
			       org ? "organisation" : "end-user", level,
			       level > 4 ? "no login reaches it, so every permitted request is refused"
					 : "it demands nothing");
}

const struct ap_rule ap_rule_AX_V014 = {
	.id = "AX-V014",
	.name = "bad-authentication-level",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION),
	.check = check,
	.summary = "an authentication-level obligation value is not an integer from 0 to 4",
	.source = "DecisionHelper.cs; IdPortenXacmlMapper.cs",
};
