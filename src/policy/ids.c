/* Identifier tables; every lookup is a binary search over a sorted table. */
#include "internal.h"
#include "policy/ids.h"

#include <stdlib.h>

struct name_kind {
	const char *name;
	enum ap_node_kind kind;
};

/* Sorted by name (strcmp order). */
static const struct name_kind element_kinds[] = {
	{"AdviceExpression", AP_NODE_ADVICE_EXPRESSION},
	{"AdviceExpressions", AP_NODE_ADVICE_EXPRESSIONS},
	{"AllOf", AP_NODE_ALL_OF},
	{"AnyOf", AP_NODE_ANY_OF},
	{"Apply", AP_NODE_APPLY},
	{"Attribute", AP_NODE_ATTRIBUTE},
	{"AttributeAssignmentExpression", AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION},
	{"AttributeDesignator", AP_NODE_ATTRIBUTE_DESIGNATOR},
	{"AttributeSelector", AP_NODE_ATTRIBUTE_SELECTOR},
	{"AttributeValue", AP_NODE_ATTRIBUTE_VALUE},
	{"CombinerParameter", AP_NODE_COMBINER_PARAMETER},
	{"CombinerParameters", AP_NODE_COMBINER_PARAMETERS},
	{"Condition", AP_NODE_CONDITION},
	{"Content", AP_NODE_CONTENT},
	{"Description", AP_NODE_DESCRIPTION},
	{"Function", AP_NODE_FUNCTION},
	{"Match", AP_NODE_MATCH},
	{"ObligationExpression", AP_NODE_OBLIGATION_EXPRESSION},
	{"ObligationExpressions", AP_NODE_OBLIGATION_EXPRESSIONS},
	{"Policy", AP_NODE_POLICY},
	{"PolicyDefaults", AP_NODE_POLICY_DEFAULTS},
	{"PolicyIssuer", AP_NODE_POLICY_ISSUER},
	{"PolicySet", AP_NODE_POLICY_SET},
	{"Rule", AP_NODE_RULE},
	{"RuleCombinerParameters", AP_NODE_RULE_COMBINER_PARAMETERS},
	{"Target", AP_NODE_TARGET},
	{"VariableDefinition", AP_NODE_VARIABLE_DEFINITION},
	{"VariableReference", AP_NODE_VARIABLE_REFERENCE},
	{"XPathVersion", AP_NODE_XPATH_VERSION},
};

static int cmp_name_kind(const void *key, const void *elem)
{
	return strcmp(key, ((const struct name_kind *)elem)->name);
}

enum ap_node_kind ap_ids_node_kind(const char *local_name)
{
	const struct name_kind *nk;

	nk = bsearch(local_name, element_kinds, ARRAY_SIZE(element_kinds),
		     sizeof(element_kinds[0]), cmp_name_kind);
	return nk ? nk->kind : AP_NODE_UNKNOWN;
}

static const char *const kind_names[AP_NODE_KIND_COUNT] = {
	[AP_NODE_UNKNOWN] = "(unknown)",
	[AP_NODE_POLICY] = "Policy",
	[AP_NODE_POLICY_SET] = "PolicySet",
	[AP_NODE_DESCRIPTION] = "Description",
	[AP_NODE_POLICY_ISSUER] = "PolicyIssuer",
	[AP_NODE_POLICY_DEFAULTS] = "PolicyDefaults",
	[AP_NODE_XPATH_VERSION] = "XPathVersion",
	[AP_NODE_TARGET] = "Target",
	[AP_NODE_ANY_OF] = "AnyOf",
	[AP_NODE_ALL_OF] = "AllOf",
	[AP_NODE_MATCH] = "Match",
	[AP_NODE_ATTRIBUTE_VALUE] = "AttributeValue",
	[AP_NODE_ATTRIBUTE_DESIGNATOR] = "AttributeDesignator",
	[AP_NODE_ATTRIBUTE_SELECTOR] = "AttributeSelector",
	[AP_NODE_RULE] = "Rule",
	[AP_NODE_CONDITION] = "Condition",
	[AP_NODE_APPLY] = "Apply",
	[AP_NODE_FUNCTION] = "Function",
	[AP_NODE_VARIABLE_DEFINITION] = "VariableDefinition",
	[AP_NODE_VARIABLE_REFERENCE] = "VariableReference",
	[AP_NODE_OBLIGATION_EXPRESSIONS] = "ObligationExpressions",
	[AP_NODE_OBLIGATION_EXPRESSION] = "ObligationExpression",
	[AP_NODE_ADVICE_EXPRESSIONS] = "AdviceExpressions",
	[AP_NODE_ADVICE_EXPRESSION] = "AdviceExpression",
	[AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION] = "AttributeAssignmentExpression",
	[AP_NODE_COMBINER_PARAMETERS] = "CombinerParameters",
	[AP_NODE_RULE_COMBINER_PARAMETERS] = "RuleCombinerParameters",
	[AP_NODE_COMBINER_PARAMETER] = "CombinerParameter",
	[AP_NODE_ATTRIBUTE] = "Attribute",
	[AP_NODE_CONTENT] = "Content",
	[AP_NODE_COMMENT] = "(comment)",
};

const char *ap_node_kind_name(enum ap_node_kind k)
{
	if ((unsigned)k >= AP_NODE_KIND_COUNT)
		return "(invalid)";
	return kind_names[k];
}

enum ap_category ap_category_from_id(const char *id)
{
	if (id == NULL)
		return AP_CAT_NONE;
	if (strcmp(id, AP_ID_CAT_SUBJECT) == 0)
		return AP_CAT_SUBJECT;
	if (strcmp(id, AP_ID_CAT_RESOURCE) == 0)
		return AP_CAT_RESOURCE;
	if (strcmp(id, AP_ID_CAT_ACTION) == 0)
		return AP_CAT_ACTION;
	if (strcmp(id, AP_ID_CAT_ENVIRONMENT) == 0)
		return AP_CAT_ENVIRONMENT;
	return AP_CAT_OTHER;
}

struct id_value {
	const char *id;
	int value;
};

static int cmp_id_value(const void *key, const void *elem)
{
	return strcmp(key, ((const struct id_value *)elem)->id);
}

static int lookup(const struct id_value *t, size_t n, const char *id)
{
	const struct id_value *r;

	if (id == NULL)
		return 0;
	r = bsearch(id, t, n, sizeof(*t), cmp_id_value);
	return r ? r->value : 0;
}

/* Sorted by id. */
static const struct id_value match_fns[] = {
	{"urn:oasis:names:tc:xacml:1.0:function:anyURI-equal", AP_MATCH_FN_ANYURI_EQUAL},
	{"urn:oasis:names:tc:xacml:1.0:function:date-equal", AP_MATCH_FN_DATE_EQUAL},
	{"urn:oasis:names:tc:xacml:1.0:function:dateTime-equal", AP_MATCH_FN_DATETIME_EQUAL},
	{"urn:oasis:names:tc:xacml:1.0:function:integer-equal", AP_MATCH_FN_INTEGER_EQUAL},
	{"urn:oasis:names:tc:xacml:1.0:function:integer-one-and-only", AP_MATCH_FN_INTEGER_ONE_AND_ONLY},
	{"urn:oasis:names:tc:xacml:1.0:function:string-equal", AP_MATCH_FN_STRING_EQUAL},
	{"urn:oasis:names:tc:xacml:1.0:function:string-is-in", AP_MATCH_FN_STRING_IS_IN},
	{"urn:oasis:names:tc:xacml:1.0:function:string-regexp-match", AP_MATCH_FN_STRING_REGEXP},
	{"urn:oasis:names:tc:xacml:1.0:function:time-equal", AP_MATCH_FN_TIME_EQUAL},
	{"urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case", AP_MATCH_FN_STRING_EQUAL_IC},
};

enum ap_match_fn ap_ids_match_fn(const char *match_id)
{
	return (enum ap_match_fn)lookup(match_fns, ARRAY_SIZE(match_fns), match_id);
}

/* Sorted by id. */
static const struct id_value combining[] = {
	{"urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:first-applicable", AP_COMB_FIRST_APPLICABLE},
	{"urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable", AP_COMB_FIRST_APPLICABLE},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-overrides", AP_COMB_DENY_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-unless-permit", AP_COMB_DENY_UNLESS_PERMIT},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:ordered-deny-overrides", AP_COMB_DENY_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:ordered-permit-overrides", AP_COMB_PERMIT_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:permit-overrides", AP_COMB_PERMIT_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:permit-unless-deny", AP_COMB_PERMIT_UNLESS_DENY},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides", AP_COMB_DENY_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-unless-permit", AP_COMB_DENY_UNLESS_PERMIT},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:ordered-deny-overrides", AP_COMB_DENY_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:ordered-permit-overrides", AP_COMB_PERMIT_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-overrides", AP_COMB_PERMIT_OVERRIDES},
	{"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-unless-deny", AP_COMB_PERMIT_UNLESS_DENY},
};

enum ap_combining ap_ids_combining(const char *alg_id)
{
	return (enum ap_combining)lookup(combining, ARRAY_SIZE(combining), alg_id);
}
