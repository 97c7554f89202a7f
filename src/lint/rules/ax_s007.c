/*
 * AX-S007: children in the order Altinn's parser reads them, and no
 * element it does not expect.
 *
 * Source: spec xacml-altinn.md 1.1, 1.3, 1.5-1.7 and 4.1.  XacmlParser.cs
 * is a forward-only reader: at each point it asks for the elements it
 * allows there; anything else (out of order, repeated, unknown, foreign
 * namespace, or non-blank text) stops its choice loop and the following
 * end-element read throws XmlException.  Comments, processing
 * instructions and whitespace are skipped, and so are they here.
 *
 * Left to other rules, so one defect gives one finding: the policy Target
 * (AX-S006), the content of Match (AX-S010), empty Target/AnyOf/AllOf
 * (AX-S008, AX-S009), Description and VariableReference in Apply
 * (AX-S019), elements in a wrong namespace (AX-S003; they are checked
 * here by their local name).
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#define V(k) AP_VISIT(AP_NODE_##k)
#define EXPR (V(APPLY) | V(FUNCTION) | V(ATTRIBUTE_VALUE) | \
	      V(ATTRIBUTE_DESIGNATOR) | V(ATTRIBUTE_SELECTOR) | \
	      V(VARIABLE_REFERENCE))
#define XACML_KINDS ((V(COMMENT) - 1) & ~V(UNKNOWN))

struct content {
	enum ap_node_kind parent;
	uint64_t allowed;         /* children read here */
	uint64_t elsewhere;       /* misplaced children other rules report */
	const signed char *rank;  /* order (1-based), NULL: any order */
	uint64_t repeatable;      /* ranked kinds that may repeat */
	unsigned single : 1;      /* at most one allowed child */
	unsigned no_text : 1;     /* non-blank text is an error */
	const char *holds;        /* what the parent holds, for messages */
};

static const signed char policy_rank[AP_NODE_KIND_COUNT] = {
	[AP_NODE_DESCRIPTION] = 1, [AP_NODE_POLICY_ISSUER] = 2,
	[AP_NODE_POLICY_DEFAULTS] = 3, [AP_NODE_COMBINER_PARAMETERS] = 4,
	[AP_NODE_RULE_COMBINER_PARAMETERS] = 4,
	[AP_NODE_VARIABLE_DEFINITION] = 4, [AP_NODE_RULE] = 4,
	[AP_NODE_OBLIGATION_EXPRESSIONS] = 5, [AP_NODE_ADVICE_EXPRESSIONS] = 6,
};

static const signed char rule_rank[AP_NODE_KIND_COUNT] = {
	[AP_NODE_DESCRIPTION] = 1, [AP_NODE_TARGET] = 2,
	[AP_NODE_CONDITION] = 3, [AP_NODE_OBLIGATION_EXPRESSIONS] = 4,
	[AP_NODE_ADVICE_EXPRESSIONS] = 5,
};

static const struct content contents[] = {
	{AP_NODE_POLICY,
	 V(DESCRIPTION) | V(POLICY_ISSUER) | V(POLICY_DEFAULTS) |
	 V(COMBINER_PARAMETERS) | V(RULE_COMBINER_PARAMETERS) |
	 V(VARIABLE_DEFINITION) | V(RULE) | V(OBLIGATION_EXPRESSIONS) |
	 V(ADVICE_EXPRESSIONS), V(TARGET), policy_rank,
	 V(COMBINER_PARAMETERS) | V(RULE_COMBINER_PARAMETERS) |
	 V(VARIABLE_DEFINITION) | V(RULE), 0, 1,
	 "Description, PolicyIssuer, PolicyDefaults, Target, the rules, "
	 "ObligationExpressions, AdviceExpressions"},
	{AP_NODE_RULE,
	 V(DESCRIPTION) | V(TARGET) | V(CONDITION) |
	 V(OBLIGATION_EXPRESSIONS) | V(ADVICE_EXPRESSIONS), 0, rule_rank, 0,
	 0, 1,
	 "Description, Target, Condition, ObligationExpressions, "
	 "AdviceExpressions"},
	{AP_NODE_TARGET, V(ANY_OF), 0, NULL, 0, 0, 1, "AnyOf elements"},
	{AP_NODE_ANY_OF, V(ALL_OF), 0, NULL, 0, 0, 1, "AllOf elements"},
	{AP_NODE_ALL_OF, V(MATCH), 0, NULL, 0, 0, 1, "Match elements"},
	{AP_NODE_MATCH, 0, XACML_KINDS, NULL, 0, 0, 1,
	 "an AttributeValue and an AttributeDesignator"},
	{AP_NODE_CONDITION, EXPR, 0, NULL, 0, 1, 0, "one expression"},
	{AP_NODE_APPLY, EXPR & ~V(VARIABLE_REFERENCE),
	 V(DESCRIPTION) | V(VARIABLE_REFERENCE), NULL, 0, 0, 0,
	 "Apply, Function, AttributeValue, AttributeDesignator, "
	 "AttributeSelector"},
	{AP_NODE_VARIABLE_DEFINITION, EXPR, 0, NULL, 0, 1, 0,
	 "one expression"},
	{AP_NODE_OBLIGATION_EXPRESSIONS, V(OBLIGATION_EXPRESSION), 0, NULL, 0,
	 0, 0, "ObligationExpression elements"},
	{AP_NODE_ADVICE_EXPRESSIONS, V(ADVICE_EXPRESSION), 0, NULL, 0, 0, 0,
	 "AdviceExpression elements"},
	{AP_NODE_OBLIGATION_EXPRESSION, V(ATTRIBUTE_ASSIGNMENT_EXPRESSION), 0,
	 NULL, 0, 0, 0, "AttributeAssignmentExpression elements"},
	{AP_NODE_ADVICE_EXPRESSION, V(ATTRIBUTE_ASSIGNMENT_EXPRESSION), 0,
	 NULL, 0, 0, 0, "AttributeAssignmentExpression elements"},
	{AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION, EXPR, 0, NULL, 0, 0, 0,
	 "an expression"},
	{AP_NODE_POLICY_ISSUER, V(CONTENT) | V(ATTRIBUTE), 0, NULL, 0, 0, 0,
	 "Content and Attribute elements"},
	{AP_NODE_POLICY_DEFAULTS, V(XPATH_VERSION), 0, NULL, 0, 1, 0,
	 "one XPathVersion"},
	{AP_NODE_ATTRIBUTE, V(ATTRIBUTE_VALUE), 0, NULL, 0, 0, 0,
	 "AttributeValue elements"},
	{AP_NODE_COMBINER_PARAMETERS, V(COMBINER_PARAMETER), 0, NULL, 0, 0, 0,
	 "CombinerParameter elements"},
	{AP_NODE_RULE_COMBINER_PARAMETERS, V(COMBINER_PARAMETER), 0, NULL, 0,
	 0, 0, "CombinerParameter elements"},
	{AP_NODE_COMBINER_PARAMETER, V(ATTRIBUTE_VALUE), 0, NULL, 0, 1, 0,
	 "one AttributeValue"},
};

/* XACML 2.0 designator names XacmlParser.cs still accepts inside Apply. */
static int legacy_designator(const struct ap_node *c)
{
	return ap_streq(c->name, "SubjectAttributeDesignator") ||
	       ap_streq(c->name, "ResourceAttributeDesignator") ||
	       ap_streq(c->name, "ActionAttributeDesignator");
}

static void report_unknown(struct ap_lint_ctx *ctx, const struct ap_node *p,
			   const struct ap_node *c)
{
	char qname[256];

	ap_structure__qname(c, qname, sizeof(qname));
	if (ap_node__is_xacml(c))
		ap_lint_report(ctx, c,
			       "unknown XACML element '%s' in '%s': Altinn's "
			       "parser stops at elements it does not expect; "
			       "check the spelling or remove it", qname,
			       p->name);
	else if (c->ns != NULL)
		ap_lint_report(ctx, c,
			       "unexpected element '%s' (namespace '%s') in "
			       "'%s': Altinn's parser stops at elements it "
			       "does not expect; remove it", qname, c->ns,
			       p->name);
	else
		ap_lint_report(ctx, c,
			       "unexpected element '%s' in '%s': Altinn's "
			       "parser stops at elements it does not expect; "
			       "remove it", qname, p->name);
}

/*
 * Order and repetition of an allowed child; updates *last.  Reports only
 * when p is reached (*reach: the lazily computed ap_structure__reached).
 */
static void check_order(struct ap_lint_ctx *ctx, const struct content *ct,
			const struct ap_node *p, const struct ap_node *c,
			const struct ap_node **last, int *reach)
{
	int r = ct->rank[c->kind];
	int lr = *last ? ct->rank[(*last)->kind] : 0;

	if (r < lr) {
		if (ap_structure__gate(ctx, p, reach))
			ap_lint_report(ctx, c,
				       "'%s' must come before '%s' in '%s': "
				       "Altinn's parser reads them in this "
				       "order: %s", c->name, (*last)->name,
				       p->name, ct->holds);
		return;
	}
	if (r == lr && !(ct->repeatable & AP_VISIT(c->kind))) {
		if (ap_structure__gate(ctx, p, reach))
			ap_lint_report(ctx, c,
				       "second '%s' in '%s': Altinn's parser "
				       "reads at most one; merge or remove it",
				       c->name, p->name);
		return;
	}
	*last = c;
}

/* 1 + the index in contents[] of each parent kind (0: none). */
static const unsigned char content_slot[AP_NODE_KIND_COUNT] = {
	[AP_NODE_POLICY] = 1, [AP_NODE_RULE] = 2, [AP_NODE_TARGET] = 3,
	[AP_NODE_ANY_OF] = 4, [AP_NODE_ALL_OF] = 5, [AP_NODE_MATCH] = 6,
	[AP_NODE_CONDITION] = 7, [AP_NODE_APPLY] = 8,
	[AP_NODE_VARIABLE_DEFINITION] = 9,
	[AP_NODE_OBLIGATION_EXPRESSIONS] = 10,
	[AP_NODE_ADVICE_EXPRESSIONS] = 11,
	[AP_NODE_OBLIGATION_EXPRESSION] = 12,
	[AP_NODE_ADVICE_EXPRESSION] = 13,
	[AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION] = 14,
	[AP_NODE_POLICY_ISSUER] = 15, [AP_NODE_POLICY_DEFAULTS] = 16,
	[AP_NODE_ATTRIBUTE] = 17, [AP_NODE_COMBINER_PARAMETERS] = 18,
	[AP_NODE_RULE_COMBINER_PARAMETERS] = 19,
	[AP_NODE_COMBINER_PARAMETER] = 20,
};

/* contents[] searched: only if content_slot fell out of step with it */
static AP_RULE_SLOW const struct content *content_scan(enum ap_node_kind kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(contents); i++)
		if (contents[i].parent == kind)
			return &contents[i];
	return NULL;
}

static const struct content *content_of(enum ap_node_kind kind)
{
	unsigned slot = content_slot[kind];

	if (slot != 0 && contents[slot - 1].parent == kind)
		return &contents[slot - 1];
	return slot != 0 ? content_scan(kind) : NULL;
}

/*
 * True when n's children, as check() goes through them, give nothing to
 * report: the common case, tested in a loop without the reporting.
 */
static int clean(const struct content *ct, const struct ap_node *n)
{
	const struct ap_node *c;
	size_t seen = 0;
	int lr = 0, r;

	if (ct->no_text && n->has_text)
		return 0;
	if (!ct->single && ct->rank == NULL) {
		/* any number, any order: only the kinds matter (UNKNOWN is
		 * in neither set) */
		uint64_t ok = (ct->allowed | ct->elsewhere |
			       AP_VISIT(AP_NODE_COMMENT)) &
			      ~AP_VISIT(AP_NODE_UNKNOWN);

		for (c = n->first_child; c != NULL; c = c->next)
			if (!(ok & AP_VISIT(c->kind)))
				return 0;
		return 1;
	}
	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_COMMENT)
			continue;
		if (c->kind == AP_NODE_UNKNOWN)
			return 0;
		if (ct->elsewhere & AP_VISIT(c->kind))
			continue;
		if (!(ct->allowed & AP_VISIT(c->kind)) ||
		    (ct->single && seen++ > 0))
			return 0;
		if (ct->rank == NULL)
			continue;
		r = ct->rank[c->kind];
		if (r < lr || (r == lr && !(ct->repeatable & AP_VISIT(c->kind))))
			return 0;
		lr = r;
	}
	return 1;
}

/* The children of n, which clean() found something in, one by one (out
 * of line: check() itself stays a light loop). */
static AP_RULE_SLOW void report(struct ap_lint_ctx *ctx,
				const struct content *ct,
				const struct ap_node *n)
{
	const struct ap_node *c, *last = NULL;
	size_t seen = 0;
	int reach = -1; /* ap_structure__reached, computed before a report */

	if (ct->no_text && n->has_text) {
		if (!ap_structure__gate(ctx, n, &reach))
			return;
		ap_lint_report(ctx, n,
			       "unexpected text in '%s': Altinn's parser "
			       "expects only elements here; remove the text",
			       n->name);
	}
	for (c = n->first_child; c != NULL; c = c->next) {
		if (c->kind == AP_NODE_COMMENT)
			continue;
		if (c->kind == AP_NODE_UNKNOWN) {
			if (!(n->kind == AP_NODE_APPLY && legacy_designator(c))) {
				if (!ap_structure__gate(ctx, n, &reach))
					return;
				report_unknown(ctx, n, c);
			}
			continue;
		}
		if (ct->elsewhere & AP_VISIT(c->kind))
			continue;
		if (!(ct->allowed & AP_VISIT(c->kind))) {
			if (!ap_structure__gate(ctx, n, &reach))
				return;
			ap_lint_report(ctx, c,
				       "'%s' is not allowed in '%s': Altinn's "
				       "parser expects %s there", c->name,
				       n->name, ct->holds);
			continue;
		}
		if (ct->single && seen++ > 0) {
			if (!ap_structure__gate(ctx, n, &reach))
				return;
			ap_lint_report(ctx, c,
				       "extra '%s' in '%s', which holds %s: "
				       "Altinn's parser stops here; remove it",
				       c->name, n->name, ct->holds);
			continue;
		}
		if (ct->rank != NULL)
			check_order(ctx, ct, n, c, &last, &reach);
	}
}

/* Only children of kind (and comments), no text: clean() for the
 * contents of Target, AnyOf and AllOf, the bulk of a policy. */
static inline int only(const struct ap_node *n, enum ap_node_kind kind)
{
	const struct ap_node *c;

	if (n->has_text)
		return 0;
	for (c = n->first_child; c != NULL; c = c->next)
		if (c->kind != kind && c->kind != AP_NODE_COMMENT)
			return 0;
	return 1;
}

static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	const struct ap_node *c;
	const struct content *ct;

	switch (n->kind) { /* the common kinds first, as contents[] says */
	case AP_NODE_MATCH: /* anything but unknown elements, no text */
		if (n->has_text)
			break;
		for (c = n->first_child; c != NULL; c = c->next)
			if (c->kind == AP_NODE_UNKNOWN)
				break;
		if (c == NULL)
			return;
		break;
	case AP_NODE_ALL_OF:
		if (only(n, AP_NODE_MATCH))
			return;
		break;
	case AP_NODE_ANY_OF:
		if (only(n, AP_NODE_ALL_OF))
			return;
		break;
	case AP_NODE_TARGET:
		if (only(n, AP_NODE_ANY_OF))
			return;
		break;
	default:
		break;
	}
	ct = content_of(n->kind);
	if (ct != NULL && !clean(ct, n))
		report(ctx, ct, n);
}

/* With --schema, XSD violations found in the parsing pass are reported
 * here too: they are structure the standard forbids. */
static void check_schema(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nproblems; i++)
		if (doc->problems[i].kind == AP_PROBLEM_SCHEMA)
			ap_lint_report_at(ctx, doc->problems[i].line,
					  doc->problems[i].col,
					  ap_lint_ctx_default_severity(ctx),
					  "XSD: %s", doc->problems[i].message);
}

const struct ap_rule ap_rule_AX_S007 = {
	.id = "AX-S007", .name = "unexpected-element",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = V(POLICY) | V(RULE) | V(TARGET) | V(ANY_OF) | V(ALL_OF) |
		  V(MATCH) | V(CONDITION) | V(APPLY) | V(VARIABLE_DEFINITION) |
		  V(OBLIGATION_EXPRESSIONS) | V(ADVICE_EXPRESSIONS) |
		  V(OBLIGATION_EXPRESSION) | V(ADVICE_EXPRESSION) |
		  V(ATTRIBUTE_ASSIGNMENT_EXPRESSION) | V(POLICY_ISSUER) |
		  V(POLICY_DEFAULTS) | V(ATTRIBUTE) | V(COMBINER_PARAMETERS) |
		  V(RULE_COMBINER_PARAMETERS) | V(COMBINER_PARAMETER),
	.check = check, .check_doc = check_schema,
	.summary = "children in the order Altinn's parser reads them; no "
		   "unknown or foreign elements",
	.source = "XacmlParser.cs",
};
