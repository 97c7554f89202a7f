/* The canonical attribute order of each XACML element: the order Altinn
 * Studio writes them in where Studio writes the element (so that most
 * files keep their lines), else the order of the XACML 3.0 schema. */
#include "internal.h"
#include "fmt/fmt_int.h"

#define MAX_KNOWN 5

static const char *const order[AP_NODE_KIND_COUNT][MAX_KNOWN] = {
	[AP_NODE_POLICY] = {"PolicyId", "Version", "RuleCombiningAlgId", "MaxDelegationDepth"},
	[AP_NODE_POLICY_SET] = {"PolicySetId", "Version", "PolicyCombiningAlgId", "MaxDelegationDepth"},
	[AP_NODE_RULE] = {"RuleId", "Effect"},
	[AP_NODE_MATCH] = {"MatchId"},
	[AP_NODE_ATTRIBUTE_VALUE] = {"DataType"},
	[AP_NODE_ATTRIBUTE_DESIGNATOR] = {"AttributeId", "Category", "DataType", "MustBePresent", "Issuer"},
	[AP_NODE_ATTRIBUTE_SELECTOR] = {"Category", "ContextSelectorId", "Path", "DataType", "MustBePresent"},
	[AP_NODE_APPLY] = {"FunctionId"},
	[AP_NODE_FUNCTION] = {"FunctionId"},
	[AP_NODE_VARIABLE_DEFINITION] = {"VariableId"},
	[AP_NODE_VARIABLE_REFERENCE] = {"VariableId"},
	[AP_NODE_OBLIGATION_EXPRESSION] = {"FulfillOn", "ObligationId"},
	[AP_NODE_ADVICE_EXPRESSION] = {"AppliesTo", "AdviceId"},
	[AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION] = {"AttributeId", "Category", "Issuer"},
	[AP_NODE_COMBINER_PARAMETER] = {"ParameterName"},
	[AP_NODE_RULE_COMBINER_PARAMETERS] = {"RuleIdRef"},
	[AP_NODE_ATTRIBUTE] = {"AttributeId", "Issuer", "IncludeInResult"},
};

int ap_fmt__attr_rank(const struct ap_node *n, const struct ap_attr *a,
		      const char *xacml)
{
	int i;

	if (a->ns != NULL)
		return MAX_KNOWN + 1; /* namespaced attributes last */
	if (n->ns == NULL || n->ns != xacml || (unsigned)n->kind >= AP_NODE_KIND_COUNT)
		return MAX_KNOWN;
	for (i = 0; i < MAX_KNOWN && order[n->kind][i] != NULL; i++)
		if (order[n->kind][i][0] == a->name[0] && strcmp(order[n->kind][i], a->name) == 0)
			return i;
	return MAX_KNOWN;
}
