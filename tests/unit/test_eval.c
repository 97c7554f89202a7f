/*
 * The Altinn evaluator core (src/eval): per-category target flattening,
 * unconstrained categories, MustBePresent, data types, match functions,
 * conditions and rule-combining algorithms (spec xacml-altinn.md 1.9-1.11).
 */
#include "harness.h"

#include "eval/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS AP_XACML3_NS
#define XS "http://www.w3.org/2001/XMLSchema#string"
#define XI "http://www.w3.org/2001/XMLSchema#integer"
#define CAT_S "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define CAT_R "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define CAT_A "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define CAT_E "urn:oasis:names:tc:xacml:3.0:attribute-category:environment"
#define FN_EQ "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define FN_IC "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"
#define FN_INT "urn:oasis:names:tc:xacml:1.0:function:integer-equal"
#define ROLE "urn:altinn:rolecode"
#define RES "urn:altinn:resource"
#define ACT "urn:oasis:names:tc:xacml:1.0:action:action-id"

#define ALG3(x) "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:" x
#define DENY_OVERRIDES ALG3("deny-overrides")
#define PERMIT_OVERRIDES ALG3("permit-overrides")

/* A Match: function, category, attribute id, value, value data type,
 * MustBePresent. */
#define MATCH_T(fn, cat, id, v, dt, mbp)                                        \
	"<Match MatchId=\"" fn "\"><AttributeValue DataType=\"" dt "\">" v           \
	"</AttributeValue><AttributeDesignator AttributeId=\"" id "\" Category=\"" \
	cat "\" DataType=\"" dt "\" MustBePresent=\"" mbp "\"/></Match>"
#define MATCH(fn, cat, id, v) MATCH_T(fn, cat, id, v, XS, "false")
#define ALLOF(m) "<AllOf>" m "</AllOf>"
#define ANYOF(a) "<AnyOf>" a "</AnyOf>"
#define SUBJ(v) MATCH(FN_IC, CAT_S, ROLE, v)
#define RESOURCE(v) MATCH(FN_EQ, CAT_R, RES, v)
#define ACTION(v) MATCH(FN_IC, CAT_A, ACT, v)
#define RULE(id, effect, target) \
	"<Rule RuleId=\"" id "\" Effect=\"" effect "\"><Target>" target "</Target></Rule>"
#define POLICY(alg, rules) \
	"<Policy xmlns=\"" NS "\" PolicyId=\"p\" Version=\"1.0\" RuleCombiningAlgId=\"" alg \
	"\"><Target/>" rules "</Policy>"

/* A request of up to 8 attributes. */
struct req {
	struct ap_req_attr a[8];
	struct ap_request r;
};

static const struct ap_request *req_of(struct req *q, size_t n)
{
	q->r.attrs = q->a;
	q->r.count = n;
	return &q->r;
}

/* subject role, resource, action; NULL leaves the attribute out */
static const struct ap_request *req3(struct req *q, const char *role,
				     const char *res, const char *action)
{
	size_t n = 0;

	memset(q, 0, sizeof(*q));
	if (role) {
		q->a[n].category = AP_CAT_SUBJECT;
		q->a[n].id = ROLE;
		q->a[n++].value = role;
	}
	if (res) {
		q->a[n].category = AP_CAT_RESOURCE;
		q->a[n].id = RES;
		q->a[n++].value = res;
	}
	if (action) {
		q->a[n].category = AP_CAT_ACTION;
		q->a[n].id = ACT;
		q->a[n++].value = action;
	}
	return req_of(q, n);
}

static const ap_node *policy_of(ap_doc *doc)
{
	const ap_node *p = ap_doc_root(doc);

	assert_no_problems(doc);
	assert_non_null(p);
	assert_int_equal(ap_node_kind(p), AP_NODE_POLICY);
	return p;
}

static const ap_node *rule_of(ap_doc *doc, size_t i)
{
	const ap_node *r = h_find(policy_of(doc), AP_NODE_RULE, i);

	assert_non_null(r);
	return r;
}

#define assert_decision(got, want)                                                   \
	do {                                                                         \
		enum ap_decision g_ = (got), w_ = (want);                            \
		if (g_ != w_)                                                        \
			fail_msg("decision %s, want %s", ap_decision_name(g_),       \
				 ap_decision_name(w_));                              \
	} while (0)

/* ---- targets ---------------------------------------------------------- */

/* An AllOf pairing subject A with resource X and another pairing B with Y
 * become (A or B) and (X or Y): A on Y is permitted. */
static void test_eval_per_category_flattening(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("r", "Permit", ANYOF(ALLOF(SUBJ("A") RESOURCE("X")) ALLOF(SUBJ("B") RESOURCE("Y"))))));
	const ap_node *p = policy_of(doc), *rule = rule_of(doc, 0);
	struct req q;

	(void)state;
	assert_decision(ap_eval__policy(p, req3(&q, "A", "X", "read"), NULL), AP_DECISION_PERMIT);
	assert_decision(ap_eval__policy(p, req3(&q, "B", "Y", "read"), NULL), AP_DECISION_PERMIT);
	/* the cross-category pairing is lost */
	assert_decision(ap_eval__policy(p, req3(&q, "A", "Y", "read"), NULL), AP_DECISION_PERMIT);
	assert_decision(ap_eval__policy(p, req3(&q, "B", "X", "read"), NULL), AP_DECISION_PERMIT);
	assert_decision(ap_eval__policy(p, req3(&q, "C", "X", "read"), NULL),
			AP_DECISION_NOT_APPLICABLE);
	assert_decision(ap_eval__policy(p, req3(&q, "A", "Z", "read"), NULL),
			AP_DECISION_NOT_APPLICABLE);
	assert_int_equal(ap_eval__rule_category(rule, AP_CAT_SUBJECT, req3(&q, "B", NULL, NULL)),
			 AP_TARGET_MATCH);
	assert_int_equal(ap_eval__rule_category(rule, AP_CAT_RESOURCE, req3(&q, "B", "X", NULL)),
			 AP_TARGET_MATCH);
	ap_doc_free(doc);
}

/* Within one AllOf the matches of a category are ANDed; across AllOfs and
 * across AnyOfs they are ORed (standard XACML would AND the AnyOfs). */
static void test_eval_and_or_within_category(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("and", "Permit", ANYOF(ALLOF(SUBJ("A") MATCH(FN_EQ, CAT_S, "urn:altinn:org", "ttd"))))
		RULE("anyofs", "Permit", ANYOF(ALLOF(SUBJ("B"))) ANYOF(ALLOF(SUBJ("C"))))));
	const ap_node *and_rule = rule_of(doc, 0), *anyofs = rule_of(doc, 1);
	struct req q;

	(void)state;
	req3(&q, "A", NULL, NULL);
	assert_int_equal(ap_eval__rule_category(and_rule, AP_CAT_SUBJECT, &q.r), AP_TARGET_NO_MATCH);
	q.a[1].category = AP_CAT_SUBJECT;
	q.a[1].id = "urn:altinn:org";
	q.a[1].value = "ttd";
	assert_int_equal(ap_eval__rule_category(and_rule, AP_CAT_SUBJECT, req_of(&q, 2)),
			 AP_TARGET_MATCH);
	assert_int_equal(ap_eval__rule_category(anyofs, AP_CAT_SUBJECT, req3(&q, "B", NULL, NULL)),
			 AP_TARGET_MATCH);
	assert_int_equal(ap_eval__rule_category(anyofs, AP_CAT_SUBJECT, req3(&q, "C", NULL, NULL)),
			 AP_TARGET_MATCH);
	assert_int_equal(ap_eval__rule_category(anyofs, AP_CAT_SUBJECT, req3(&q, "D", NULL, NULL)),
			 AP_TARGET_NO_MATCH);
	ap_doc_free(doc);
}

/* Any one of several request values is enough. */
static void test_eval_multi_valued_request(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("r", "Permit", ANYOF(ALLOF(ACTION("write"))))));
	const ap_node *p = policy_of(doc);
	struct req q;

	(void)state;
	req3(&q, NULL, NULL, "read");
	q.a[1] = q.a[0];
	q.a[1].value = "write";
	assert_decision(ap_eval__policy(p, req_of(&q, 2), NULL), AP_DECISION_PERMIT);
	assert_decision(ap_eval__policy(p, req_of(&q, 1), NULL), AP_DECISION_NOT_APPLICABLE);
	ap_doc_free(doc);
}

/* No match of a category: that category is unconstrained. */
static void test_eval_missing_category_unconstrained(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("res-only", "Permit", ANYOF(ALLOF(RESOURCE("X"))))
		"<Rule RuleId=\"empty\" Effect=\"Permit\"><Target/></Rule>"
		"<Rule RuleId=\"none\" Effect=\"Permit\"/>"));
	const ap_node *res_only = rule_of(doc, 0), *empty = rule_of(doc, 1), *none = rule_of(doc, 2);
	struct req q;

	(void)state;
	/* any subject, any action */
	assert_decision(ap_eval__rule(res_only, req3(&q, "WHOEVER", "X", "delete")), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(res_only, req3(&q, NULL, "X", NULL)), AP_DECISION_PERMIT);
	assert_int_equal(ap_eval__rule_category(res_only, AP_CAT_SUBJECT, req3(&q, NULL, NULL, NULL)),
			 AP_TARGET_MATCH);
	/* but the resource it names is required */
	assert_decision(ap_eval__rule(res_only, req3(&q, "A", NULL, "read")),
			AP_DECISION_NOT_APPLICABLE);
	assert_decision(ap_eval__rule(res_only, req3(&q, "A", "Y", "read")),
			AP_DECISION_NOT_APPLICABLE);
	/* <Target/> and no Target: everything */
	assert_decision(ap_eval__rule(empty, req3(&q, NULL, NULL, NULL)), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(none, req3(&q, "A", "Y", "read")), AP_DECISION_PERMIT);
	ap_doc_free(doc);
}

/* A Match in a category Altinn never evaluates vanishes. */
static void test_eval_other_categories_ignored(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("r", "Permit",
		     ANYOF(ALLOF(MATCH(FN_IC, "urn:oasis:names:tc:xacml:3.0:subject-category:access-subject", ROLE, "DAGL")))
		     ANYOF(ALLOF(MATCH(FN_EQ, CAT_E, "urn:test:time", "noon")))
		     ANYOF(ALLOF(RESOURCE("X"))))));
	const ap_node *p = policy_of(doc);
	struct req q;

	(void)state;
	assert_decision(ap_eval__policy(p, req3(&q, "NOT-DAGL", "X", "read"), NULL),
			AP_DECISION_PERMIT);
	assert_decision(ap_eval__policy(p, req3(&q, NULL, "X", NULL), NULL), AP_DECISION_PERMIT);
	ap_doc_free(doc);
}

static void test_eval_must_be_present(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("r1", "Permit", ANYOF(ALLOF(MATCH_T(FN_EQ, CAT_R, RES, "X", XS, "true"))))
		RULE("r2", "Permit", ANYOF(ALLOF(MATCH_T(FN_IC, CAT_S, ROLE, "DAGL", XS, "true"))))));
	const ap_node *p = policy_of(doc), *r1 = rule_of(doc, 0), *r2 = rule_of(doc, 1);
	struct req q;

	(void)state;
	/* absent: Indeterminate */
	assert_int_equal(ap_eval__rule_category(r1, AP_CAT_RESOURCE, req3(&q, "DAGL", NULL, "read")),
			 AP_TARGET_MISSING);
	assert_decision(ap_eval__rule(r1, req3(&q, "DAGL", NULL, "read")), AP_DECISION_INDETERMINATE);
	assert_decision(ap_eval__rule(r2, req3(&q, NULL, "X", "read")), AP_DECISION_INDETERMINATE);
	/* under deny-overrides an Indeterminate rule with no Deny: Indeterminate */
	assert_decision(ap_eval__policy(p, req3(&q, NULL, "Y", "read"), NULL),
			AP_DECISION_INDETERMINATE);
	/* present with another value: simply no match */
	assert_decision(ap_eval__rule(r1, req3(&q, "DAGL", "Y", "read")), AP_DECISION_NOT_APPLICABLE);
	assert_decision(ap_eval__rule(r1, req3(&q, "DAGL", "X", "read")), AP_DECISION_PERMIT);
	ap_doc_free(doc);
}

static void test_eval_data_types(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("int", "Permit", ANYOF(ALLOF(MATCH_T(FN_INT, CAT_S, "urn:altinn:partyid", "50001337", XI, "false"))))
		RULE("str", "Permit", ANYOF(ALLOF(MATCH(FN_EQ, CAT_S, "urn:altinn:partyid", "42"))))));
	const ap_node *p = policy_of(doc), *m_int, *m_str;
	struct req q;

	(void)state;
	m_int = h_find(p, AP_NODE_MATCH, 0);
	m_str = h_find(p, AP_NODE_MATCH, 1);
	/* the request's data type must equal the policy value's */
	assert_int_equal(ap_eval__match_value(m_int, "50001337", NULL), AP_TARGET_NO_MATCH);
	assert_int_equal(ap_eval__match_value(m_int, "50001337", XS), AP_TARGET_NO_MATCH);
	assert_int_equal(ap_eval__match_value(m_int, "50001337", XI), AP_TARGET_MATCH);
	assert_int_equal(ap_eval__match_value(m_int, " 50001337 ", XI), AP_TARGET_MATCH);
	assert_int_equal(ap_eval__match_value(m_int, "x", XI), AP_TARGET_NO_MATCH);
	assert_int_equal(ap_eval__match_value(m_str, "42", NULL), AP_TARGET_MATCH); /* NULL: string */
	assert_int_equal(ap_eval__match_value(m_str, "42", XS), AP_TARGET_MATCH);
	assert_int_equal(ap_eval__match_value(m_str, "42", XI), AP_TARGET_NO_MATCH);
	/* Altinn sends strings: the integer-typed rule never applies */
	memset(&q, 0, sizeof(q));
	q.a[0].category = AP_CAT_SUBJECT;
	q.a[0].id = "urn:altinn:partyid";
	q.a[0].value = "50001337";
	assert_decision(ap_eval__rule(rule_of(doc, 0), req_of(&q, 1)), AP_DECISION_NOT_APPLICABLE);
	q.a[0].data_type = XI;
	assert_decision(ap_eval__rule(rule_of(doc, 0), req_of(&q, 1)), AP_DECISION_PERMIT);
	ap_doc_free(doc);
}

static void test_eval_string_equal_vs_ignore_case(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("eq", "Permit", ANYOF(ALLOF(MATCH(FN_EQ, CAT_S, ROLE, "DAGL"))))
		RULE("ic", "Permit", ANYOF(ALLOF(MATCH(FN_IC, CAT_S, ROLE, "DAGL"))))));
	const ap_node *eq = rule_of(doc, 0), *ic = rule_of(doc, 1);
	struct req q;

	(void)state;
	assert_decision(ap_eval__rule(eq, req3(&q, "DAGL", NULL, NULL)), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(eq, req3(&q, "dagl", NULL, NULL)), AP_DECISION_NOT_APPLICABLE);
	assert_decision(ap_eval__rule(eq, req3(&q, "DAGL ", NULL, NULL)), AP_DECISION_NOT_APPLICABLE);
	assert_decision(ap_eval__rule(ic, req3(&q, "dagl", NULL, NULL)), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(ic, req3(&q, "DaGl", NULL, NULL)), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(ic, req3(&q, "dagl2", NULL, NULL)), AP_DECISION_NOT_APPLICABLE);
	ap_doc_free(doc);
}

/* A MatchId Altinn does not implement throws, but only when reached:
 * the attribute present and the data types equal. */
static void test_eval_unsupported_match_id(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("bool", "Permit", ANYOF(ALLOF(MATCH("urn:oasis:names:tc:xacml:1.0:function:boolean-equal", CAT_S, ROLE, "DAGL"))))
		RULE("ic10", "Permit", ANYOF(ALLOF(MATCH("urn:oasis:names:tc:xacml:1.0:function:string-equal-ignore-case", CAT_A, ACT, "read"))))));
	const ap_node *p = policy_of(doc), *b = rule_of(doc, 0), *ic10 = rule_of(doc, 1);
	struct req q;

	(void)state;
	assert_int_equal(ap_eval__match_value(h_find(p, AP_NODE_MATCH, 0), "DAGL", NULL),
			 AP_TARGET_ERROR);
	assert_decision(ap_eval__rule(b, req3(&q, "DAGL", NULL, NULL)), AP_DECISION_INDETERMINATE);
	assert_decision(ap_eval__rule(b, req3(&q, NULL, NULL, NULL)), AP_DECISION_NOT_APPLICABLE);
	req3(&q, "DAGL", NULL, NULL);
	q.a[0].data_type = XI;
	assert_decision(ap_eval__rule(b, &q.r), AP_DECISION_NOT_APPLICABLE);
	/* the "1.0" spelling of string-equal-ignore-case does not exist */
	assert_decision(ap_eval__rule(ic10, req3(&q, NULL, NULL, "read")), AP_DECISION_INDETERMINATE);
	assert_decision(ap_eval__policy(p, req3(&q, NULL, NULL, "read"), NULL),
			AP_DECISION_INDETERMINATE);
	ap_doc_free(doc);
}

static void test_eval_selector_and_effect(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		RULE("sel", "Permit", ANYOF(ALLOF(
			"<Match MatchId=\"" FN_EQ "\"><AttributeValue DataType=\"" XS "\">x</AttributeValue>"
			"<AttributeSelector Category=\"" CAT_R "\" Path=\"/x\" DataType=\"" XS "\" MustBePresent=\"false\"/></Match>")))
		"<Rule RuleId=\"no-effect\"><Target/></Rule>"
		"<Rule RuleId=\"zero\" Effect=\"0\"><Target/></Rule>"
		"<Rule RuleId=\"one\" Effect=\"1\"><Target/></Rule>"));
	struct req q;

	(void)state;
	/* a selector dereferences a null designator: Indeterminate */
	assert_decision(ap_eval__rule(rule_of(doc, 0), req3(&q, "A", "x", "read")),
			AP_DECISION_INDETERMINATE);
	assert_decision(ap_eval__rule(rule_of(doc, 1), req3(&q, "A", "x", "read")),
			AP_DECISION_INDETERMINATE);
	/* the enum's numbers parse as effects */
	assert_decision(ap_eval__rule(rule_of(doc, 2), req3(&q, NULL, NULL, NULL)), AP_DECISION_PERMIT);
	assert_decision(ap_eval__rule(rule_of(doc, 3), req3(&q, NULL, NULL, NULL)), AP_DECISION_DENY);
	ap_doc_free(doc);
}

/* Condition: one Apply, the request value in the policy position. */
static void test_eval_condition(void **state)
{
	ap_doc *doc = h_parse(POLICY(DENY_OVERRIDES,
		"<Rule RuleId=\"c\" Effect=\"Permit\"><Target/><Condition>"
		"<Apply FunctionId=\"" FN_EQ "\">"
		"<Apply FunctionId=\"urn:oasis:names:tc:xacml:1.0:function:string-one-and-only\">"
		"<AttributeDesignator AttributeId=\"urn:altinn:org\" Category=\"" CAT_S "\" DataType=\"" XS "\" MustBePresent=\"false\"/>"
		"</Apply>"
		"<AttributeValue DataType=\"" XS "\">ttd</AttributeValue>"
		"</Apply></Condition></Rule>"));
	const ap_node *rule = rule_of(doc, 0);
	struct req q;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.a[0].category = AP_CAT_SUBJECT;
	q.a[0].id = "urn:altinn:org";
	q.a[0].value = "ttd";
	assert_decision(ap_eval__rule(rule, req_of(&q, 1)), AP_DECISION_PERMIT);
	q.a[0].value = "digdir";
	assert_decision(ap_eval__rule(rule, req_of(&q, 1)), AP_DECISION_NOT_APPLICABLE);
	/* the category absent from the request: Indeterminate */
	assert_decision(ap_eval__rule(rule, req3(&q, NULL, "X", "read")), AP_DECISION_INDETERMINATE);
	ap_doc_free(doc);
}

/* ---- combining algorithms --------------------------------------------- */

#define PERMIT_THEN_DENY \
	RULE("permit", "Permit", ANYOF(ALLOF(SUBJ("A")))) RULE("deny", "Deny", ANYOF(ALLOF(SUBJ("A"))))
#define DENY_THEN_PERMIT \
	RULE("deny", "Deny", ANYOF(ALLOF(SUBJ("A")))) RULE("permit", "Permit", ANYOF(ALLOF(SUBJ("A"))))

/* Decision of the policy text for subject role, and the deciding rule's
 * id ("" when none). */
static enum ap_decision decide(const char *xml, const char *role, char *decider_id,
			       size_t n)
{
	ap_doc *doc = h_parse(xml);
	const ap_node *decider = (const ap_node *)doc; /* must be overwritten */
	struct req q;
	enum ap_decision d = ap_eval__policy(policy_of(doc), req3(&q, role, "X", "read"),
					     &decider);

	snprintf(decider_id, n, "%s", decider ? decider->u.rule.rule_id : "");
	/* a NULL decider pointer is allowed */
	assert_int_equal(ap_eval__policy(policy_of(doc), &q.r, NULL), d);
	ap_doc_free(doc);
	return d;
}

static void test_eval_combining_algorithms(void **state)
{
	static const struct {
		const char *xml;
		const char *role;
		enum ap_decision want;
		const char *decider;
	} cases[] = {
		{POLICY(DENY_OVERRIDES, PERMIT_THEN_DENY), "A", AP_DECISION_DENY, "deny"},
		{POLICY(DENY_OVERRIDES, PERMIT_THEN_DENY), "B", AP_DECISION_NOT_APPLICABLE, ""},
		{POLICY(ALG3("ordered-deny-overrides"), PERMIT_THEN_DENY), "A", AP_DECISION_DENY, "deny"},
		{POLICY(PERMIT_OVERRIDES, DENY_THEN_PERMIT), "A", AP_DECISION_PERMIT, "permit"},
		{POLICY(PERMIT_OVERRIDES, DENY_THEN_PERMIT), "B", AP_DECISION_NOT_APPLICABLE, ""},
		{POLICY(ALG3("ordered-permit-overrides"), DENY_THEN_PERMIT), "A", AP_DECISION_PERMIT, "permit"},
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable",
			PERMIT_THEN_DENY), "A", AP_DECISION_PERMIT, "permit"},
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable",
			DENY_THEN_PERMIT), "A", AP_DECISION_DENY, "deny"},
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable",
			DENY_THEN_PERMIT), "B", AP_DECISION_NOT_APPLICABLE, ""},
		{POLICY(ALG3("deny-unless-permit"), DENY_THEN_PERMIT), "A", AP_DECISION_PERMIT, "permit"},
		{POLICY(ALG3("deny-unless-permit"), DENY_THEN_PERMIT), "B", AP_DECISION_DENY, ""},
		{POLICY(ALG3("permit-unless-deny"), PERMIT_THEN_DENY), "A", AP_DECISION_DENY, "deny"},
		{POLICY(ALG3("permit-unless-deny"), PERMIT_THEN_DENY), "B", AP_DECISION_PERMIT, ""},
		/* the policy-combining id, as access management writes it */
		{POLICY("urn:oasis:names:tc:xacml:3.0:policy-combining-algorithm:deny-overrides",
			PERMIT_THEN_DENY), "A", AP_DECISION_DENY, "deny"},
		/* XACML 1.0 deny-overrides, only-one-applicable, typos, none:
		 * Indeterminate for every request */
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides",
			PERMIT_THEN_DENY), "A", AP_DECISION_INDETERMINATE, ""},
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides",
			PERMIT_THEN_DENY), "B", AP_DECISION_INDETERMINATE, ""},
		{POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:permit-overrides",
			PERMIT_THEN_DENY), "A", AP_DECISION_INDETERMINATE, ""},
		{POLICY("urn:oasis:names:tc:xacml:1.0:policy-combining-algorithm:only-one-applicable",
			PERMIT_THEN_DENY), "A", AP_DECISION_INDETERMINATE, ""},
		{POLICY(ALG3("deny-override"), PERMIT_THEN_DENY), "A", AP_DECISION_INDETERMINATE, ""},
		{"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><Target/>" PERMIT_THEN_DENY "</Policy>", "A",
		 AP_DECISION_INDETERMINATE, ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char who[64];
		enum ap_decision d = decide(cases[i].xml, cases[i].role, who, sizeof(who));

		if (d != cases[i].want || strcmp(who, cases[i].decider) != 0)
			fail_msg("case %zu: %s by '%s', want %s by '%s'", i, ap_decision_name(d),
				 who, ap_decision_name(cases[i].want), cases[i].decider);
	}
}

/* Indeterminate rules next to decided ones. */
/* A rule that cannot be evaluated: a subject Match whose attribute must be
 * present is Indeterminate{P} for that rule alone (PDP-new), and the
 * combining tables with extended Indeterminate decide (RuleCombiner.cs);
 * an unimplemented MatchId throws, which ends the whole decision as
 * Indeterminate (spec 1.10). */
static void test_eval_combining_with_indeterminate(void **state)
{
#define BROKEN RULE("broken", "Permit", ANYOF(ALLOF(MATCH_T(FN_EQ, CAT_S, "urn:altinn:userid", "1", XS, "true"))))
#define THROWS RULE("throws", "Permit", ANYOF(ALLOF(MATCH("urn:bogus", CAT_S, ROLE, "A"))))
	ap_doc *doc;
	struct req q;

	(void)state;
	doc = h_parse(POLICY(DENY_OVERRIDES, BROKEN RULE("deny", "Deny", ANYOF(ALLOF(SUBJ("A"))))));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_DENY);
	ap_doc_free(doc);
	doc = h_parse(POLICY(PERMIT_OVERRIDES, BROKEN RULE("permit", "Permit", ANYOF(ALLOF(SUBJ("A"))))));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_PERMIT);
	ap_doc_free(doc);
	/* Indeterminate{P} alone, and Indeterminate{P} with a Permit under
	 * deny-overrides: the Permit stands */
	doc = h_parse(POLICY(DENY_OVERRIDES, BROKEN));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_INDETERMINATE);
	ap_doc_free(doc);
	doc = h_parse(POLICY(DENY_OVERRIDES, BROKEN RULE("permit", "Permit", ANYOF(ALLOF(SUBJ("A"))))));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_PERMIT);
	ap_doc_free(doc);
	doc = h_parse(POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable",
			     BROKEN RULE("permit", "Permit", ANYOF(ALLOF(SUBJ("A"))))));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_INDETERMINATE);
	ap_doc_free(doc);
	/* the engine throws: no combining at all */
	doc = h_parse(POLICY(DENY_OVERRIDES, THROWS RULE("deny", "Deny", ANYOF(ALLOF(SUBJ("A"))))));
	assert_decision(ap_eval__policy(policy_of(doc), req3(&q, "A", "X", "read"), NULL),
			AP_DECISION_INDETERMINATE);
	ap_doc_free(doc);
#undef BROKEN
#undef THROWS
}

static void test_eval_decision_names(void **state)
{
	(void)state;
	assert_string_equal(ap_decision_name(AP_DECISION_PERMIT), "Permit");
	assert_string_equal(ap_decision_name(AP_DECISION_DENY), "Deny");
	assert_string_equal(ap_decision_name(AP_DECISION_INDETERMINATE), "Indeterminate");
	assert_string_equal(ap_decision_name(AP_DECISION_NOT_APPLICABLE), "NotApplicable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_per_category_flattening),
		cmocka_unit_test(test_eval_and_or_within_category),
		cmocka_unit_test(test_eval_multi_valued_request),
		cmocka_unit_test(test_eval_missing_category_unconstrained),
		cmocka_unit_test(test_eval_other_categories_ignored),
		cmocka_unit_test(test_eval_must_be_present),
		cmocka_unit_test(test_eval_data_types),
		cmocka_unit_test(test_eval_string_equal_vs_ignore_case),
		cmocka_unit_test(test_eval_unsupported_match_id),
		cmocka_unit_test(test_eval_selector_and_effect),
		cmocka_unit_test(test_eval_condition),
		cmocka_unit_test(test_eval_combining_algorithms),
		cmocka_unit_test(test_eval_combining_with_indeterminate),
		cmocka_unit_test(test_eval_decision_names),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
