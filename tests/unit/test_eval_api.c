/*
 * The public decision API (include/altinn-policy/eval.h): requests in JSON,
 * XML and shortcuts, the three semantics, obligations, the trace, the
 * access matrix and decision test files.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS AP_XACML3_NS
#define XS "http://www.w3.org/2001/XMLSchema#string"
#define CAT_S "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define CAT_R "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define CAT_A "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define FN_EQ "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define FN_IC "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"
#define ACT "urn:oasis:names:tc:xacml:1.0:action:action-id"
#define ALG3(x) "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:" x

#define MATCH(fn, cat, id, v)                                                    \
	"<Match MatchId=\"" fn "\"><AttributeValue DataType=\"" XS "\">" v            \
	"</AttributeValue><AttributeDesignator AttributeId=\"" id "\" Category=\"" \
	cat "\" DataType=\"" XS "\" MustBePresent=\"false\"/></Match>"
#define ANYOF(m) "<AnyOf><AllOf>" m "</AllOf></AnyOf>"
#define RULE(id, effect, target) \
	"<Rule RuleId=\"" id "\" Effect=\"" effect "\"><Target>" target "</Target></Rule>"
#define POLICY(alg, body) \
	"<Policy xmlns=\"" NS "\" PolicyId=\"p\" Version=\"1.0\" RuleCombiningAlgId=\"" alg \
	"\"><Target/>" body "</Policy>"

/* DAGL may do anything on r; a Deny rule takes read away. */
#define PERMIT_AND_DENY                                                                  \
	RULE("permit", "Permit", ANYOF(MATCH(FN_IC, CAT_S, "urn:altinn:rolecode", "dagl")) \
	     ANYOF(MATCH(FN_EQ, CAT_R, "urn:altinn:resource", "r")))                       \
	RULE("deny", "Deny", ANYOF(MATCH(FN_EQ, CAT_A, ACT, "read")))

static enum ap_decision decide(const char *xml, enum ap_semantics sem, const char *role,
			       const char *action)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_result res = AP_RESULT_INIT;
	ap_doc *doc = h_parse(xml);
	ap_engine *e = NULL;
	ap_req *req = NULL;
	enum ap_decision d;

	assert_int_equal(ap_engine_new(&e, doc, sem, &err), AP_OK);
	assert_int_equal(ap_req_new(&req, &err), AP_OK);
	if (role)
		assert_int_equal(ap_req_add_shortcut(req, AP_CAT_SUBJECT, role, &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_ACTION, action, &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_RESOURCE, "r", &err), AP_OK);
	assert_int_equal(ap_engine_decide(e, ap_req_view(req), AP_EVAL_EXPLAIN, &res, &err), AP_OK);
	d = res.decision;
	ap_result_release(&res);
	ap_req_free(req);
	ap_engine_free(e);
	ap_doc_free(doc);
	return d;
}

static void test_semantics_differ_on_deny(void **state)
{
	const char *xml = POLICY(ALG3("deny-overrides"), PERMIT_AND_DENY);

	(void)state;
	/* current PDP: the Deny wins; released PDP: stops at the Deny with
	 * the Permit it had; the standard: Deny */
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN, "DAGL", "read"), AP_DECISION_DENY);
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN_LEGACY, "DAGL", "read"), AP_DECISION_PERMIT);
	assert_int_equal(decide(xml, AP_SEMANTICS_XACML, "DAGL", "read"), AP_DECISION_DENY);
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN, "DAGL", "write"), AP_DECISION_PERMIT);
	/* the standard matches case-insensitively only where told to */
	assert_int_equal(decide(xml, AP_SEMANTICS_XACML, "dagl", "write"), AP_DECISION_PERMIT);
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN, "REGNA", "write"), AP_DECISION_NOT_APPLICABLE);
}

static void test_unknown_algorithm(void **state)
{
	const char *xml = POLICY("urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides",
				 RULE("permit", "Permit", ANYOF(MATCH(FN_EQ, CAT_A, ACT, "read"))));

	(void)state;
	/* Indeterminate when a rule applies, NotApplicable when none does
	 * (PolicyDecisionPoint.cs returns before combining) */
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN, "DAGL", "read"), AP_DECISION_INDETERMINATE);
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN, "DAGL", "write"), AP_DECISION_NOT_APPLICABLE);
	/* the released PDP treats it as permit-overrides */
	assert_int_equal(decide(xml, AP_SEMANTICS_ALTINN_LEGACY, "DAGL", "read"), AP_DECISION_PERMIT);
	/* the standard knows the XACML 1.0 id */
	assert_int_equal(decide(xml, AP_SEMANTICS_XACML, "DAGL", "read"), AP_DECISION_PERMIT);
}

static void test_request_json(void **state)
{
	static const char json[] =
		"{\"Request\": {\"AccessSubject\": [{\"Attribute\": [\n"
		"  {\"AttributeId\": \"urn:altinn:rolecode\", \"Value\": [\"DAGL\", \"REGNA\"]},\n"
		"  {\"AttributeId\": \"urn:altinn:partyid\", \"Value\": 50001337}]}],\n"
		" \"Action\": {\"Attribute\": [{\"AttributeId\": \"" ACT "\", \"Value\": \"read\", \"DataType\": \"string\"}]},\n"
		" \"Category\": [{\"CategoryId\": \"urn:example:cat\", \"Attribute\": [{\"AttributeId\": \"x\", \"Value\": true}]}]}}";
	struct ap_error err = AP_ERROR_INIT;
	const struct ap_request *r;
	ap_req *req = NULL;

	(void)state;
	assert_int_equal(ap_req_parse(&req, "r.json", json, strlen(json), &err), AP_OK);
	r = ap_req_view(req);
	assert_int_equal(r->count, 5);
	assert_int_equal(r->attrs[0].category, AP_CAT_SUBJECT);
	assert_string_equal(r->attrs[1].value, "REGNA");
	assert_null(r->attrs[1].data_type); /* string */
	assert_string_equal(r->attrs[2].value, "50001337");
	assert_string_equal(r->attrs[2].data_type, "http://www.w3.org/2001/XMLSchema#integer");
	assert_int_equal(r->attrs[3].category, AP_CAT_ACTION);
	assert_string_equal(r->attrs[4].category_id, "urn:example:cat");
	assert_string_equal(r->attrs[4].value, "true");
	ap_req_free(req);

	assert_int_equal(ap_req_parse(&req, "bad.json", "{\"Request\": {}}", 15, &err), AP_EINVALID);
	assert_null(req);
	assert_int_equal(ap_req_parse(&req, "bad.json", "{\"Request\": ", 12, &err), AP_EPARSE);
	assert_string_equal(err.file, "bad.json");
}

static void test_request_multi(void **state)
{
	static const char json[] =
		"{\"Request\": {\"AccessSubject\": [{\"Id\": \"s1\", \"Attribute\": [{\"AttributeId\": \"urn:altinn:rolecode\", \"Value\": \"DAGL\"}]}],\n"
		" \"Action\": [{\"Id\": \"a1\", \"Attribute\": [{\"AttributeId\": \"" ACT "\", \"Value\": \"read\"}]},\n"
		"              {\"Id\": \"a2\", \"Attribute\": [{\"AttributeId\": \"" ACT "\", \"Value\": \"write\"}]}],\n"
		" \"MultiRequests\": {\"RequestReference\": [{\"ReferenceId\": [\"s1\", \"a1\"]}, {\"ReferenceId\": [\"s1\", \"a2\"]}]}}}";
	static const char dangling[] =
		"{\"Request\": {\"AccessSubject\": [{\"Id\": \"s1\", \"Attribute\": []}],\n"
		" \"MultiRequests\": {\"RequestReference\": [{\"ReferenceId\": [\"s9\"]}]}}}";
	struct ap_error err = AP_ERROR_INIT;
	const struct ap_request *one;
	const char *label;
	ap_req *req = NULL;

	(void)state;
	assert_int_equal(ap_req_parse(&req, "m.json", json, strlen(json), &err), AP_OK);
	assert_int_equal(ap_req_view(req)->count, 3);
	assert_int_equal(ap_req_multi_count(req), 2);
	one = ap_req_multi(req, 1, &label);
	assert_string_equal(label, "s1, a2");
	assert_int_equal(one->count, 2);
	assert_string_equal(one->attrs[1].value, "write");
	assert_null(ap_req_multi(req, 2, &label));
	ap_req_free(req);
	assert_int_equal(ap_req_parse(&req, "m.json", dangling, strlen(dangling), &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "'s9'"));
}

static void test_request_xml(void **state)
{
	static const char xml[] =
		"<Request xmlns=\"" NS "\"><Attributes Category=\"" CAT_S "\">"
		"<Attribute AttributeId=\"urn:altinn:rolecode\" IncludeInResult=\"true\">"
		"<AttributeValue DataType=\"" XS "\">DAGL</AttributeValue></Attribute></Attributes></Request>";
	struct ap_error err = AP_ERROR_INIT;
	ap_req *req = NULL;

	(void)state;
	assert_int_equal(ap_req_parse(&req, "r.xml", xml, strlen(xml), &err), AP_OK);
	assert_int_equal(ap_req_view(req)->count, 1);
	assert_int_equal(ap_req_view(req)->attrs[0].include_in_result, 1);
	ap_req_free(req);
	assert_int_equal(ap_req_parse(&req, "p.xml", "<Policy/>", 9, &err), AP_EINVALID);
	assert_int_equal(ap_req_parse(&req, "p.xml", "<Request>", 9, &err), AP_EPARSE);
}

static void test_shortcuts(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_req *req = NULL;

	(void)state;
	assert_int_equal(ap_req_new(&req, &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_SUBJECT, "DAGL", &err), AP_OK);
	assert_string_equal(ap_req_view(req)->attrs[0].id, "urn:altinn:rolecode");
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_RESOURCE, "urn:altinn:org=ttd", &err), AP_OK);
	assert_string_equal(ap_req_view(req)->attrs[1].id, "urn:altinn:org");
	assert_string_equal(ap_req_view(req)->attrs[1].value, "ttd");
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_ACTION, "=read", &err), AP_EINVALID);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_ACTION, "", &err), AP_EINVALID);
	ap_req_free(req);
}

static void test_obligations_and_trace(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_result res = AP_RESULT_INIT;
	ap_doc *doc = h_load_fixture("policies/ExamplePolicy.xml");
	ap_engine *e = NULL;
	ap_req *req = NULL;

	(void)state;
	assert_int_equal(ap_engine_new(&e, doc, AP_SEMANTICS_ALTINN, &err), AP_OK);
	assert_int_equal(ap_engine_rule_count(e), 2);
	assert_int_equal(ap_req_new(&req, &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_SUBJECT, "DAGL", &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_ACTION, "read", &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_RESOURCE, "example-correspondence", &err), AP_OK);
	assert_int_equal(ap_engine_decide(e, ap_req_view(req), AP_EVAL_EXPLAIN, &res, &err), AP_OK);
	assert_int_equal(res.decision, AP_DECISION_PERMIT);
	assert_int_equal(res.nobligations, 1);
	assert_int_equal(res.obligations[0].count, 1);
	assert_string_equal(res.obligations[0].assignments[0].category,
			    "urn:altinn:minimum-authenticationlevel");
	assert_string_equal(res.obligations[0].assignments[0].value, "3");
	assert_int_equal(res.ntrace, 2);
	assert_true(res.trace[0].matched);
	/* rule 2 is for write and subscribe: both action Matches failed */
	assert_false(res.trace[1].applicable);
	assert_int_equal(res.trace[1].nmisses, 2);
	assert_non_null(strstr(res.trace[1].misses[0].why, "'write'"));
	ap_result_release(&res);

	/* another role: NotApplicable, no obligation, the subject Match named */
	ap_req_free(req);
	assert_int_equal(ap_req_new(&req, &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_SUBJECT, "REGNA", &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_ACTION, "read", &err), AP_OK);
	assert_int_equal(ap_req_add_shortcut(req, AP_CAT_RESOURCE, "example-correspondence", &err), AP_OK);
	assert_int_equal(ap_engine_decide(e, ap_req_view(req), AP_EVAL_EXPLAIN, &res, &err), AP_OK);
	assert_int_equal(res.decision, AP_DECISION_NOT_APPLICABLE);
	assert_int_equal(res.nobligations, 0);
	assert_true(res.trace[0].applicable);
	assert_int_equal(ap_node_line(res.trace[0].misses[0].node), 15);
	ap_result_release(&res);
	ap_req_free(req);
	ap_engine_free(e);
	ap_doc_free(doc);
}

static void test_engine_rejects(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *doc = h_load_fixture("policies/broken/policyset.xml");
	ap_engine *e = NULL;

	(void)state;
	assert_int_equal(ap_engine_new(&e, doc, AP_SEMANTICS_ALTINN, &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "PolicySet"));
	assert_int_equal(ap_engine_new(&e, doc, AP_SEMANTICS_XACML, &err), AP_OK);
	ap_engine_free(e);
	ap_doc_free(doc);
}

static void test_matrix(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf out = AP_BUF_INIT;
	ap_doc *a = h_load_fixture("policies/broken/org-rolecode.xml");
	ap_doc *b = h_load_fixture("policies/ExamplePolicy.xml");
	ap_engine *ea = NULL, *eb = NULL;
	ap_matrix *m = NULL;

	(void)state;
	assert_int_equal(ap_engine_new(&ea, a, AP_SEMANTICS_ALTINN, &err), AP_OK);
	assert_int_equal(ap_engine_new(&eb, b, AP_SEMANTICS_ALTINN, &err), AP_OK);
	assert_int_equal(ap_matrix_build(&m, ea, eb, &err), AP_OK);
	assert_int_equal(ap_matrix_changes(m), 6);
	assert_int_equal(ap_matrix_format(m, 0, 0, &out), AP_OK);
	assert_non_null(strstr(out.ptr, "+ urn:altinn:rolecode=dagl gains read, subscribe, write"));
	ap_matrix_free(m);
	/* a policy against itself changes nothing */
	assert_int_equal(ap_matrix_build(&m, eb, NULL, &err), AP_OK);
	assert_int_equal(ap_matrix_changes(m), 0);
	ap_matrix_free(m);
	ap_buf_release(&out);
	ap_engine_free(ea);
	ap_engine_free(eb);
	ap_doc_free(a);
	ap_doc_free(b);
}

static void test_suite(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_suite_counts c;
	struct ap_buf out = AP_BUF_INIT;
	char *dir = h_mkdtemp(), *pol = h_join(dir, "p.xml"), *tests = h_join(dir, "p.tests.json");
	char *example = h_read_fixture("policies/ExamplePolicy.xml", NULL);
	static const char cases[] =
		"{\"cases\": [\n"
		"  {\"name\": \"ok\", \"subject\": \"DAGL\", \"action\": \"read\",\n"
		"   \"resource\": \"example-correspondence\", \"expect\": \"Permit\",\n"
		"   \"obligations\": [{\"value\": \"3\"}]},\n"
		"  {\"name\": \"wrong\", \"subject\": \"DAGL\", \"action\": \"delete\",\n"
		"   \"resource\": \"example-correspondence\", \"expect\": \"Permit\"}\n"
		"]}\n";
	ap_suite *s = NULL;

	(void)state;
	h_write_file(pol, example, strlen(example));
	h_write_file(tests, cases, strlen(cases));
	assert_int_equal(ap_suite_run(&s, tests, AP_SEMANTICS_ALTINN, &err), AP_OK);
	ap_suite_counts(s, &c);
	assert_int_equal(c.passed, 1);
	assert_int_equal(c.failed, 1);
	assert_int_equal(c.rules, 2);
	assert_int_equal(c.rules_uncovered, 1);
	assert_int_equal(ap_suite_format(s, AP_SUITE_TEXT, 0, &out), AP_OK);
	/* the failing case by its line */
	assert_non_null(strstr(out.ptr, "p.tests.json:5: wrong: expected Permit, got NotApplicable"));
	ap_suite_free(s);
	ap_buf_release(&out);
	h_rmtree(dir);
	free(example);
	free(tests);
	free(pol);
	free(dir);
}

static void test_xacml_functions(void **state)
{
#define F "urn:oasis:names:tc:xacml:1.0:function:"
#define COND(body)                                                                        \
	POLICY(ALG3("deny-overrides"), "<Rule RuleId=\"r\" Effect=\"Permit\"><Condition>" body \
	       "</Condition></Rule>")
#define V(t, v) "<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#" t "\">" v "</AttributeValue>"
#define BAG(v) "<Apply FunctionId=\"" F "string-bag\">" V("string", v) "</Apply>"
	static const struct {
		const char *xml;
		enum ap_decision want;
	} cases[] = {
		{COND("<Apply FunctionId=\"" F "integer-greater-than\">" V("integer", "3") V("integer", "2") "</Apply>"),
		 AP_DECISION_PERMIT},
		{COND("<Apply FunctionId=\"" F "double-less-than\">" V("double", "3.5") V("double", "2") "</Apply>"),
		 AP_DECISION_NOT_APPLICABLE},
		{COND("<Apply FunctionId=\"" F "dateTime-equal\">" V("dateTime", "2024-01-01T10:00:00+01:00")
		      V("dateTime", "2024-01-01T09:00:00Z") "</Apply>"),
		 AP_DECISION_PERMIT},
		{COND("<Apply FunctionId=\"" F "string-regexp-match\">" V("string", "^a+$") V("string", "aaa") "</Apply>"),
		 AP_DECISION_PERMIT},
		{COND("<Apply FunctionId=\"" F "not\"><Apply FunctionId=\"" F "string-equal\">" V("string", "a")
		      V("string", "b") "</Apply></Apply>"),
		 AP_DECISION_PERMIT},
		/* a static type error: Indeterminate */
		{COND("<Apply FunctionId=\"" F "integer-equal\">" V("integer", "1") V("string", "1") "</Apply>"),
		 AP_DECISION_INDETERMINATE},
		/* an unknown function */
		{COND("<Apply FunctionId=\"" F "no-such-function\">" V("integer", "1") "</Apply>"),
		 AP_DECISION_INDETERMINATE},
		{COND("<Apply FunctionId=\"" F "integer-divide\">" V("integer", "1") V("integer", "0") "</Apply>"),
		 AP_DECISION_INDETERMINATE},
		/* 3.0: union takes two or more bags, intersection exactly two */
		{COND("<Apply FunctionId=\"" F "string-is-in\">" V("string", "c") "<Apply FunctionId=\"" F
		      "string-union\">" BAG("a") BAG("b") BAG("c") "</Apply></Apply>"),
		 AP_DECISION_PERMIT},
		{COND("<Apply FunctionId=\"" F "string-is-in\">" V("string", "a") "<Apply FunctionId=\"" F
		      "string-intersection\">" BAG("a") BAG("a") "</Apply></Apply>"),
		 AP_DECISION_PERMIT},
		{COND("<Apply FunctionId=\"" F "string-is-in\">" V("string", "a") "<Apply FunctionId=\"" F
		      "string-intersection\">" BAG("a") BAG("a") BAG("a") "</Apply></Apply>"),
		 AP_DECISION_INDETERMINATE},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ap_decision d = decide(cases[i].xml, AP_SEMANTICS_XACML, NULL, "read");

		if (d != cases[i].want)
			fail_msg("case %zu: %s, want %s", i, ap_decision_name(d), ap_decision_name(cases[i].want));
	}
#undef F
#undef COND
#undef V
#undef BAG
}

static void test_names(void **state)
{
	enum ap_semantics s;
	enum ap_decision d;

	(void)state;
	assert_int_equal(ap_semantics_parse(&s, "altinn-legacy"), AP_OK);
	assert_int_equal(s, AP_SEMANTICS_ALTINN_LEGACY);
	assert_string_equal(ap_semantics_name(AP_SEMANTICS_XACML), "xacml");
	assert_int_equal(ap_semantics_parse(&s, "pdp"), AP_EINVALID);
	assert_int_equal(ap_decision_parse(&d, "notapplicable"), AP_OK);
	assert_int_equal(d, AP_DECISION_NOT_APPLICABLE);
	assert_int_equal(ap_decision_parse(&d, "Maybe"), AP_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semantics_differ_on_deny),
		cmocka_unit_test(test_unknown_algorithm),
		cmocka_unit_test(test_request_json),
		cmocka_unit_test(test_request_multi),
		cmocka_unit_test(test_request_xml),
		cmocka_unit_test(test_shortcuts),
		cmocka_unit_test(test_obligations_and_trace),
		cmocka_unit_test(test_engine_rejects),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_suite),
		cmocka_unit_test(test_xacml_functions),
		cmocka_unit_test(test_names),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("eval_api", tests, NULL, NULL);
}
