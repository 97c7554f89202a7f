/*
 * The loader and the model: element kinds, positions, text, attributes,
 * namespaces, typed views, and hostile input (XXE, entity bombs, deep
 * nesting, huge values, truncation, bad encodings, junk), each of which
 * must end cleanly and quickly with a problem and a clear message.
 */
#include "harness.h"

#include "policy/model.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS AP_XACML3_NS
#define XS "http://www.w3.org/2001/XMLSchema#string"
#define CAT_SUBJECT "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define CAT_RESOURCE "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define CAT_ACTION "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define CAT_ENV "urn:oasis:names:tc:xacml:3.0:attribute-category:environment"
#define FIXTURE_OK "tests/fixtures/policies/correspondence-ok.xml"
#define FIXTURE_ALL "tests/fixtures/policies/all-kinds.xml"

/* Deterministic pseudo-random numbers (xorshift32), seeded per test. */
static uint32_t rng_state;
static uint32_t rng(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng_state = x;
}

/* Lints a buffer and returns the number of AX-S001 findings with a line
 * (and the total in *all when not NULL). */
static size_t s001_with_line(const char *buf, size_t len, size_t *all)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	size_t i, n = 0, t = 0;

	h_lint_n(&l, buf, len, AP_PROFILE_CORRESPONDENCE);
	for (i = 0; i < l.count; i++) {
		if (strcmp(l.items[i].rule_id, "AX-S001") != 0)
			continue;
		assert_int_equal(l.items[i].severity, AP_SEV_ERROR);
		t++;
		if (l.items[i].line > 0)
			n++;
	}
	ap_diag_list_release(&l);
	if (all)
		*all = t;
	return n;
}

/* Every problem has a message. */
static void assert_messages_present(const ap_doc *doc)
{
	size_t i;

	for (i = 0; i < ap_doc_problem_count(doc); i++) {
		const char *m = ap_doc_problem(doc, i)->message;

		assert_non_null(m);
		assert_true(m[0] != '\0');
	}
}

/* Every problem message is one non-empty line. */
static void assert_messages_one_line(const ap_doc *doc)
{
	size_t i;

	for (i = 0; i < ap_doc_problem_count(doc); i++) {
		const char *m = ap_doc_problem(doc, i)->message;

		assert_non_null(m);
		assert_true(m[0] != '\0');
		if (strchr(m, '\n') != NULL || strchr(m, '\r') != NULL)
			fail_msg("problem message spans lines: \"%s\"", m);
	}
}

/* ---- element kinds ---------------------------------------------------- */

static void test_parse_every_kind(void **state)
{
	ap_doc *doc = h_load_fixture(FIXTURE_ALL);
	const ap_node *root = ap_doc_root(doc);
	int k;

	(void)state;
	assert_no_problems(doc);
	assert_non_null(root);
	assert_int_equal(ap_node_kind(root), AP_NODE_POLICY);
	for (k = AP_NODE_POLICY; k < AP_NODE_KIND_COUNT; k++) {
		const ap_node *n;

		if (k == AP_NODE_POLICY_SET || k == AP_NODE_COMMENT)
			continue;
		n = h_find(root, (enum ap_node_kind)k, 0);
		if (n == NULL)
			fail_msg("no node of kind %s in %s", ap_node_kind_name((enum ap_node_kind)k),
				 FIXTURE_ALL);
		/* the kind's name is the element's local name */
		assert_string_equal(ap_node_name(n), ap_node_kind_name((enum ap_node_kind)k));
		assert_string_equal(ap_node_ns(n), NS);
	}
	/* unknown vocabulary: <Unknown/> and the <foo/> inside Content */
	assert_int_equal(h_count(root, AP_NODE_UNKNOWN), 2);
	assert_string_equal(ap_node_name(h_find(root, AP_NODE_UNKNOWN, 0)), "foo");
	assert_string_equal(ap_node_name(h_find(root, AP_NODE_UNKNOWN, 1)), "Unknown");
	/* the prolog comment is not the root and not inside it */
	assert_int_equal(h_count(root, AP_NODE_COMMENT), 0);
	assert_non_null(doc->prolog_comments);
	assert_int_equal(doc->prolog_comments->kind, AP_NODE_COMMENT);
	assert_int_equal(doc->prolog_comments->line, 2);
	assert_int_equal(doc->prolog_comments->col, 1);
	ap_doc_free(doc);
}

static void test_parse_policy_set_root(void **state)
{
	ap_doc *doc = h_parse(
		"<PolicySet xmlns=\"" NS "\" PolicySetId=\"ps\" Version=\"2.0\"\n"
		" PolicyCombiningAlgId=\"urn:alg\"><Target/>\n"
		" <Policy PolicyId=\"p\" RuleCombiningAlgId=\"urn:r\"/></PolicySet>");
	const ap_node *root = ap_doc_root(doc), *p;

	(void)state;
	assert_no_problems(doc);
	assert_int_equal(ap_node_kind(root), AP_NODE_POLICY_SET);
	assert_string_equal(ap_node_kind_name(AP_NODE_POLICY_SET), "PolicySet");
	assert_string_equal(root->u.policy.policy_id, "ps");
	assert_string_equal(root->u.policy.combining_alg, "urn:alg");
	assert_string_equal(root->u.policy.version, "2.0");
	assert_non_null(root->u.policy.target);
	assert_int_equal(root->u.policy.target->kind, AP_NODE_TARGET);
	p = h_find(root, AP_NODE_POLICY, 0);
	assert_non_null(p);
	assert_string_equal(p->u.policy.policy_id, "p");
	assert_string_equal(p->u.policy.combining_alg, "urn:r");
	assert_null(p->u.policy.version);
	assert_null(p->u.policy.target);
	assert_ptr_equal(ap_node_parent(p), root);
	ap_doc_free(doc);
}

/* ---- positions -------------------------------------------------------- */

static const char positions_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<xacml:Policy xmlns:xacml=\"" NS "\"\n"
	"    PolicyId=\"p\"\n"
	"    Version=\"1.0\">\n"
	"\t<xacml:Target/>\n"
	"  <!-- a comment -->\n"
	"\t\t<xacml:Rule\n"
	"\t\t    RuleId=\"r\"\n"
	"\t\t    Effect=\"Permit\">\n"
	"<xacml:Description>\xc3\xa6\xc3\xb8\xc3\xa5 \xe2\x9c\x93</xacml:Description><xacml:Target/>\n"
	"\t\t</xacml:Rule>\n"
	"</xacml:Policy>\n";

static void test_parse_positions(void **state)
{
	ap_doc *doc = h_parse(positions_xml);
	const ap_node *root = ap_doc_root(doc), *t, *c, *rule, *d, *t2;

	(void)state;
	assert_no_problems(doc);
	assert_int_equal(ap_node_line(root), 2);
	assert_int_equal(ap_node_col(root), 1);
	t = h_find(root, AP_NODE_TARGET, 0);
	assert_int_equal(ap_node_line(t), 5);
	assert_int_equal(ap_node_col(t), 2); /* a tab is one character */
	c = h_find(root, AP_NODE_COMMENT, 0);
	assert_non_null(c);
	assert_null(ap_node_name(c));
	assert_string_equal(ap_node_text(c), " a comment ");
	assert_int_equal(ap_node_line(c), 6);
	assert_int_equal(ap_node_col(c), 3);
	assert_ptr_equal(ap_node_next(t), c); /* comments are kept in order */
	rule = h_find(root, AP_NODE_RULE, 0);
	assert_ptr_equal(ap_node_next(c), rule);
	assert_int_equal(ap_node_line(rule), 7); /* the line of the '<' */
	assert_int_equal(ap_node_col(rule), 3);
	d = h_find(root, AP_NODE_DESCRIPTION, 0);
	assert_int_equal(ap_node_line(d), 10);
	assert_int_equal(ap_node_col(d), 1);
	t2 = h_find(root, AP_NODE_TARGET, 1);
	assert_int_equal(ap_node_line(t2), 10);
	/* 19 + 5 + 20 characters before it (34 bytes, since æøå✓ are
	 * multibyte): columns count characters */
	assert_int_equal(ap_node_col(t2), 45);
	ap_doc_free(doc);
}

static void test_parse_positions_crlf(void **state)
{
	ap_doc *doc = h_parse("<Policy xmlns=\"" NS "\">\r\n\r\n  <Target/>\r\n\t<Rule\r\n"
			      " RuleId=\"r\"/></Policy>\r\n");
	const ap_node *root = ap_doc_root(doc);

	(void)state;
	assert_no_problems(doc);
	assert_int_equal(ap_node_line(h_find(root, AP_NODE_TARGET, 0)), 3);
	assert_int_equal(ap_node_col(h_find(root, AP_NODE_TARGET, 0)), 3);
	assert_int_equal(ap_node_line(h_find(root, AP_NODE_RULE, 0)), 4);
	assert_int_equal(ap_node_col(h_find(root, AP_NODE_RULE, 0)), 2);
	ap_doc_free(doc);
}

/* A byte-order mark is not a column: the root right after it is at 1:1. */
static void test_parse_positions_bom(void **state)
{
	static const char xml[] = "\xef\xbb\xbf<Policy xmlns=\"" NS "\"><Target/></Policy>";
	ap_doc *doc = h_parse(xml);
	const ap_node *root = ap_doc_root(doc);
	uint32_t line, col;

	(void)state;
	assert_no_problems(doc);
	assert_int_equal(ap_node_line(root), 1);
	assert_int_equal(ap_node_col(root), 1);
	h_pos_of(xml + 3, "<Target", &line, &col);
	assert_int_equal(ap_node_col(h_find(root, AP_NODE_TARGET, 0)), col);
	ap_doc_free(doc);
}

/* Far into a large document (libxml2 discards consumed input as it
 * goes): positions still right, also after a 1 MB attribute value. */
static void test_parse_positions_large_document(void **state)
{
	struct ap_buf b = AP_BUF_INIT;
	ap_doc *doc;
	const ap_node *root, *last, *big;
	uint32_t line, col;
	size_t i, n = 20000;

	(void)state;
	assert_int_equal(ap_buf_adds(&b, "<Policy xmlns=\"" NS "\">\n<Target/>\n"), AP_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(ap_buf_addf(&b, "  <Rule RuleId=\"r%zu\" Effect=\"Permit\">"
					     "<Description>\xc3\xa6</Description></Rule>\n", i), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "\t<Rule RuleId=\"big\" Effect=\""), AP_OK);
	for (i = 0; i < 1000000; i++)
		assert_int_equal(ap_buf_addch(&b, 'x'), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "\"/>   <Rule RuleId=\"after\"/>\n</Policy>\n"), AP_OK);
	doc = h_parse_n(b.ptr, b.len, NULL);
	assert_no_problems(doc);
	root = ap_doc_root(doc);
	assert_int_equal(h_count(root, AP_NODE_RULE), n + 2);
	last = h_find(root, AP_NODE_RULE, n - 1);
	h_pos_of(b.ptr, "<Rule RuleId=\"r19999\"", &line, &col);
	assert_string_equal(last->u.rule.rule_id, "r19999");
	assert_int_equal(ap_node_line(last), line);
	assert_int_equal(ap_node_col(last), col);
	big = h_find(root, AP_NODE_RULE, n);
	h_pos_of(b.ptr, "<Rule RuleId=\"big\"", &line, &col);
	assert_int_equal(ap_node_line(big), line);
	assert_int_equal(ap_node_col(big), 2);
	assert_int_equal(strlen(big->u.rule.effect), 1000000);
	last = h_find(root, AP_NODE_RULE, n + 1);
	assert_string_equal(last->u.rule.rule_id, "after");
	h_pos_of(b.ptr, "<Rule RuleId=\"after\"", &line, &col);
	assert_int_equal(ap_node_line(last), line);
	assert_int_equal(ap_node_col(last), col);
	assert_true(col > 1000000);
	ap_doc_free(doc);
	ap_buf_release(&b);
}

/* ---- structure, text, attributes ------------------------------------- */

static void test_parse_self_closing_vs_empty(void **state)
{
	ap_doc *doc = h_parse("<Policy xmlns=\"" NS "\"><Target/><Target></Target>"
			      "<Target>  \n </Target><Target><!-- c --></Target></Policy>");
	const ap_node *root = ap_doc_root(doc), *t;

	(void)state;
	assert_no_problems(doc);
	t = h_find(root, AP_NODE_TARGET, 0);
	assert_true(ap_node_self_closing(t));
	assert_null(ap_node_first_child(t));
	t = h_find(root, AP_NODE_TARGET, 1);
	assert_false(ap_node_self_closing(t));
	assert_string_equal(ap_node_text(t), "");
	assert_false(t->has_text);
	t = h_find(root, AP_NODE_TARGET, 2);
	assert_false(ap_node_self_closing(t));
	assert_false(t->has_text); /* whitespace only */
	t = h_find(root, AP_NODE_TARGET, 3);
	assert_false(ap_node_self_closing(t));
	assert_non_null(ap_node_first_child(t));
	assert_int_equal(ap_node_kind(ap_node_first_child(t)), AP_NODE_COMMENT);
	assert_int_equal(ap_node__element_count(t), 0);
	ap_doc_free(doc);
}

static void test_parse_text(void **state)
{
	ap_doc *doc = h_parse(
		"<Policy xmlns=\"" NS "\">\n"
		"<AttributeValue DataType=\"" XS "\">DAGL</AttributeValue>\n"
		"<AttributeValue DataType=\"" XS "\">  a &amp; b &lt;c&gt; &#xe6;&#230;</AttributeValue>\n"
		"<AttributeValue DataType=\"" XS "\"><![CDATA[<x>&y;]]></AttributeValue>\n"
		"<AttributeValue DataType=\"" XS "\">a<!-- split -->b</AttributeValue>\n"
		"<AttributeValue DataType=\"" XS "\"/>\n"
		"<Description>outer<Target/>tail</Description>\n"
		"</Policy>");
	const ap_node *root = ap_doc_root(doc), *d;

	(void)state;
	assert_no_problems(doc);
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 0)), "DAGL");
	assert_true(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 0)->has_text);
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 1)),
			    "  a & b <c> \xc3\xa6\xc3\xa6");
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 2)), "<x>&y;");
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 3)), "ab");
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_ATTRIBUTE_VALUE, 4)), "");
	d = h_find(root, AP_NODE_DESCRIPTION, 0);
	assert_string_equal(ap_node_text(d), "outertail");
	assert_string_equal(ap_node_text(h_find(d, AP_NODE_TARGET, 0)), "");
	ap_doc_free(doc);
}

static void test_parse_attributes(void **state)
{
	ap_doc *doc = h_parse(
		"<Policy xmlns=\"" NS "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"  PolicyId='single &quot;quoted&quot; &lt;&#x41;&gt;' Version=\"\" xsi:type=\"t\"\n"
		"  RuleCombiningAlgId=\"a&#10;b\"/>");
	const ap_node *root = ap_doc_root(doc);

	(void)state;
	assert_no_problems(doc);
	assert_string_equal(ap_node_attr(root, "PolicyId"), "single \"quoted\" <A>");
	assert_string_equal(ap_node_attr(root, "Version"), "");
	/* a namespaced attribute is not the unqualified one */
	assert_null(ap_node_attr(root, "type"));
	assert_null(ap_node_attr(root, "Missing"));
	assert_null(ap_node_attr(root, "policyid")); /* case matters */
	assert_string_equal(ap_node_attr(root, "RuleCombiningAlgId"), "a\nb");
	assert_int_equal(root->nattrs, 4);
	ap_doc_free(doc);
}

/* "&amp;" in an attribute value is "&" (libxml2's SAX2 without entity
 * substitution hands it over as "&#38;"). */
static void test_parse_attribute_ampersand(void **state)
{
	ap_doc *doc = h_parse("<Policy xmlns=\"" NS "\" PolicyId=\"a&amp;b\" Version=\"c&#38;d\"\n"
			      " RuleCombiningAlgId=\"&amp;#38;\"/>");
	const ap_node *root = ap_doc_root(doc);

	(void)state;
	assert_no_problems(doc);
	assert_string_equal(ap_node_attr(root, "PolicyId"), "a&b");
	assert_string_equal(ap_node_attr(root, "Version"), "c&d");
	assert_string_equal(ap_node_attr(root, "RuleCombiningAlgId"), "&#38;");
	ap_doc_free(doc);
}

static void test_parse_namespaces(void **state)
{
	ap_doc *doc;
	const ap_node *root;

	(void)state;
	/* prefix xacml: */
	doc = h_parse("<xacml:Policy xmlns:xacml=\"" NS "\"><xacml:Target/></xacml:Policy>");
	root = ap_doc_root(doc);
	assert_no_problems(doc);
	assert_string_equal(ap_node_name(root), "Policy");
	assert_string_equal(ap_node_ns(root), NS);
	assert_string_equal(root->prefix, "xacml");
	assert_int_equal(root->nns_decls, 1);
	assert_string_equal(root->ns_decls[0], "xacml");
	assert_string_equal(root->ns_decls[1], NS);
	assert_true(ap_node__is_xacml(h_find(root, AP_NODE_TARGET, 0)));
	ap_doc_free(doc);

	/* default namespace, inherited by children */
	doc = h_parse("<Policy xmlns=\"" NS "\"><Target/></Policy>");
	root = ap_doc_root(doc);
	assert_no_problems(doc);
	assert_null(root->prefix);
	assert_string_equal(ap_node_ns(root), NS);
	assert_null(root->ns_decls[0]);
	assert_string_equal(ap_node_ns(h_find(root, AP_NODE_TARGET, 0)), NS);
	ap_doc_free(doc);

	/* XACML 2.0: same kinds, other namespace */
	doc = h_parse("<Policy xmlns=\"urn:oasis:names:tc:xacml:2.0:policy:schema:os\"><Target/></Policy>");
	root = ap_doc_root(doc);
	assert_no_problems(doc);
	assert_int_equal(ap_node_kind(root), AP_NODE_POLICY);
	assert_string_equal(ap_node_ns(root), "urn:oasis:names:tc:xacml:2.0:policy:schema:os");
	assert_false(ap_node__is_xacml(root));
	ap_doc_free(doc);

	/* no namespace at all */
	doc = h_parse("<Policy><Target/></Policy>");
	root = ap_doc_root(doc);
	assert_no_problems(doc);
	assert_null(ap_node_ns(root));
	assert_false(ap_node__is_xacml(root));
	ap_doc_free(doc);

	/* a child in another namespace keeps its local name and namespace */
	doc = h_parse("<p:Policy xmlns:p=\"" NS "\" xmlns=\"urn:other\"><Target/></p:Policy>");
	root = ap_doc_root(doc);
	assert_no_problems(doc);
	assert_string_equal(ap_node_ns(h_find(root, AP_NODE_TARGET, 0)), "urn:other");
	ap_doc_free(doc);

	/* an undeclared prefix is a problem */
	doc = h_parse("<x:Policy><x:Target/></x:Policy>");
	assert_true(ap_doc_problem_count(doc) > 0);
	assert_messages_present(doc);
	ap_doc_free(doc);
}

static void test_parse_typed_views(void **state)
{
	ap_doc *doc = h_load_fixture(FIXTURE_OK);
	const ap_node *root = ap_doc_root(doc), *rule, *m, *d;

	(void)state;
	assert_no_problems(doc);
	assert_string_equal(root->u.policy.policy_id, "urn:altinn:policyid:1");
	assert_string_equal(root->u.policy.version, "1.0");
	assert_string_equal(root->u.policy.combining_alg,
			    "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides");
	assert_ptr_equal(root->u.policy.target, h_find(root, AP_NODE_TARGET, 0));
	rule = h_find(root, AP_NODE_RULE, 0);
	assert_string_equal(rule->u.rule.rule_id, "urn:altinn:resource:ap-test-resource:ruleid:1");
	assert_string_equal(rule->u.rule.effect, "Permit");
	assert_ptr_equal(rule->u.rule.target, h_find(rule, AP_NODE_TARGET, 0));
	assert_ptr_equal(ap_node_parent(rule->u.rule.target), rule);
	assert_null(rule->u.rule.condition);
	m = h_find(root, AP_NODE_MATCH, 0);
	assert_string_equal(m->u.match.match_id,
			    "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case");
	assert_ptr_equal(m->u.match.value, h_find(m, AP_NODE_ATTRIBUTE_VALUE, 0));
	assert_string_equal(ap_node_text(m->u.match.value), "DAGL");
	d = m->u.match.designator;
	assert_ptr_equal(d, h_find(m, AP_NODE_ATTRIBUTE_DESIGNATOR, 0));
	assert_string_equal(d->u.designator.attribute_id, "urn:altinn:rolecode");
	assert_string_equal(d->u.designator.category_id, CAT_SUBJECT);
	assert_int_equal(d->u.designator.category, AP_CAT_SUBJECT);
	assert_string_equal(d->u.designator.data_type, XS);
	assert_string_equal(d->u.designator.must_be_present, "false");
	d = h_find(root, AP_NODE_MATCH, 1)->u.match.designator;
	assert_int_equal(d->u.designator.category, AP_CAT_RESOURCE);
	d = h_find(root, AP_NODE_MATCH, 2)->u.match.designator;
	assert_int_equal(d->u.designator.category, AP_CAT_ACTION);
	ap_doc_free(doc);

	/* rule with a Condition; Match with a selector; Match without parts */
	doc = h_load_fixture(FIXTURE_ALL);
	root = ap_doc_root(doc);
	rule = h_find(root, AP_NODE_RULE, 0);
	assert_ptr_equal(rule->u.rule.condition, h_find(root, AP_NODE_CONDITION, 0));
	assert_null(rule->u.rule.target);
	m = h_find(root, AP_NODE_MATCH, 0);
	assert_int_equal(m->u.match.designator->kind, AP_NODE_ATTRIBUTE_SELECTOR);
	assert_int_equal(m->u.match.designator->u.designator.category, AP_CAT_RESOURCE);
	ap_doc_free(doc);

	doc = h_parse("<Policy xmlns=\"" NS "\"><Match/><Match MatchId=\"m\">"
		      "<AttributeDesignator AttributeId=\"a\"/><AttributeValue>1</AttributeValue>"
		      "<AttributeValue>2</AttributeValue></Match><Rule/></Policy>");
	root = ap_doc_root(doc);
	m = h_find(root, AP_NODE_MATCH, 0);
	assert_null(m->u.match.match_id);
	assert_null(m->u.match.value);
	assert_null(m->u.match.designator);
	m = h_find(root, AP_NODE_MATCH, 1);
	assert_string_equal(ap_node_text(m->u.match.value), "1"); /* the first */
	assert_int_equal(m->u.match.designator->u.designator.category, AP_CAT_NONE);
	assert_null(m->u.match.designator->u.designator.category_id);
	rule = h_find(root, AP_NODE_RULE, 0);
	assert_null(rule->u.rule.rule_id);
	assert_null(rule->u.rule.effect);
	assert_null(rule->u.rule.target);
	ap_doc_free(doc);
}

static void test_parse_categories(void **state)
{
	(void)state;
	assert_int_equal(ap_category_from_id(NULL), AP_CAT_NONE);
	assert_int_equal(ap_category_from_id(CAT_SUBJECT), AP_CAT_SUBJECT);
	assert_int_equal(ap_category_from_id(CAT_RESOURCE), AP_CAT_RESOURCE);
	assert_int_equal(ap_category_from_id(CAT_ACTION), AP_CAT_ACTION);
	assert_int_equal(ap_category_from_id(CAT_ENV), AP_CAT_ENVIRONMENT);
	/* the 3.0 spelling of the subject category is a typo Altinn ignores */
	assert_int_equal(ap_category_from_id("urn:oasis:names:tc:xacml:3.0:subject-category:access-subject"),
			 AP_CAT_OTHER);
	/* exact and case-sensitive */
	assert_int_equal(ap_category_from_id("URN:oasis:names:tc:xacml:3.0:attribute-category:resource"),
			 AP_CAT_OTHER);
	assert_int_equal(ap_category_from_id(""), AP_CAT_OTHER);
}

/* ---- hostile input ---------------------------------------------------- */

#define SECRET "AP-SECRET-7f3a9c1e"

struct secret_dir {
	char *dir;
	char *secret;   /* file holding SECRET */
	char *evil_dtd; /* a DTD declaring an entity whose text is SECRET */
};

static void secret_dir_make(struct secret_dir *s)
{
	static const char dtd[] = "<!ENTITY leak \"" SECRET "\">\n";

	s->dir = h_mkdtemp();
	s->secret = h_join(s->dir, "secret.txt");
	s->evil_dtd = h_join(s->dir, "evil.dtd");
	h_write_file(s->secret, SECRET "\n", strlen(SECRET) + 1);
	h_write_file(s->evil_dtd, dtd, strlen(dtd));
}

static void secret_dir_free(struct secret_dir *s)
{
	h_rmtree(s->dir);
	free(s->dir);
	free(s->secret);
	free(s->evil_dtd);
}

/* Loads path, checks that the secret is nowhere, that there is a problem
 * of kind want, and that linting gives AX-S001 with a line and the CLI
 * exits 1 without printing the secret. */
static void check_no_leak(const char *path, enum ap_problem_kind want)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	ap_linter *linter = NULL;
	ap_doc *doc = NULL;
	char *out = NULL, *errout = NULL;
	const char *argv[] = {"lint", path, NULL};
	size_t i;
	int rc;

	assert_int_equal(ap_doc_load_file(&doc, path, NULL, NULL, &err), AP_OK);
	h_assert_doc_lacks(doc, SECRET);
	if (h_problem(doc, want) == NULL) {
		h_assert_no_problems(doc, __FILE__, __LINE__);
		fail_msg("no problem of kind %d", (int)want);
	}
	assert_true(h_problem(doc, want)->line > 0);
	assert_messages_present(doc);
	ap_doc_free(doc);

	assert_int_equal(ap_linter_new(&linter, &o, &err), AP_OK);
	assert_int_equal(ap_lint_file(linter, path, NULL, &l, &err), AP_OK);
	ap_linter_free(linter);
	for (i = 0; i < l.count; i++)
		assert_null(strstr(l.items[i].message, SECRET));
	assert_true(h_diag_count(&l, "AX-S001") > 0);
	assert_true(l.items[0].line > 0);
	ap_diag_list_release(&l);

	rc = h_run_cli(NULL, argv, &out, &errout);
	assert_int_equal(rc, 1);
	assert_null(strstr(out, SECRET));
	assert_null(strstr(errout, SECRET));
	assert_non_null(strstr(out, "[AX-S001]"));
	free(out);
	free(errout);
}

static void test_parse_xxe_local_file(void **state)
{
	struct secret_dir s;
	struct ap_buf x = AP_BUF_INIT;
	char *path;

	(void)state;
	secret_dir_make(&s);
	path = h_join(s.dir, "xxe.xml");
	assert_int_equal(ap_buf_addf(&x,
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE xacml:Policy [\n"
		"  <!ENTITY xxe SYSTEM \"file://%s\">\n"
		"]>\n"
		"<xacml:Policy xmlns:xacml=\"" NS "\" PolicyId=\"&xxe;\">\n"
		"  <xacml:Description>&xxe;</xacml:Description>\n"
		"</xacml:Policy>\n", s.secret), AP_OK);
	h_write_file(path, x.ptr, x.len);
	check_no_leak(path, AP_PROBLEM_ENTITY);

	/* the same with an external DTD subset (never loaded) */
	ap_buf_reset(&x);
	assert_int_equal(ap_buf_addf(&x,
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE xacml:Policy SYSTEM \"file://%s\">\n"
		"<xacml:Policy xmlns:xacml=\"" NS "\" PolicyId=\"&leak;\">\n"
		"  <xacml:Description>&leak;</xacml:Description>\n"
		"</xacml:Policy>\n", s.evil_dtd), AP_OK);
	h_write_file(path, x.ptr, x.len);
	check_no_leak(path, AP_PROBLEM_DOCTYPE);

	ap_buf_release(&x);
	free(path);
	secret_dir_free(&s);
}

static void test_parse_external_parameter_entity(void **state)
{
	struct secret_dir s;
	struct ap_buf x = AP_BUF_INIT;
	char *path;

	(void)state;
	secret_dir_make(&s);
	path = h_join(s.dir, "pe.xml");
	assert_int_equal(ap_buf_addf(&x,
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Policy [\n"
		"  <!ENTITY %% pe SYSTEM \"file://%s\">\n"
		"  %%pe;\n"
		"]>\n"
		"<Policy xmlns=\"" NS "\"><Description>&leak;</Description></Policy>\n",
		s.evil_dtd), AP_OK);
	h_write_file(path, x.ptr, x.len);
	check_no_leak(path, AP_PROBLEM_ENTITY);
	ap_buf_release(&x);
	free(path);
	secret_dir_free(&s);
}

static void test_parse_billion_laughs(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<Policy xmlns=\"" NS "\" PolicyId=\"&lol9;\"><Description>&lol9;</Description></Policy>\n";
	double t0 = h_now(), dt;
	ap_doc *doc = h_parse(xml);
	const struct ap_problem *p;
	size_t all;

	(void)state;
	assert_non_null((p = h_problem(doc, AP_PROBLEM_ENTITY)));
	assert_int_equal(p->line, 3);
	assert_non_null(strstr(p->message, "entity"));
	assert_non_null(h_problem(doc, AP_PROBLEM_DOCTYPE));
	assert_messages_present(doc);
	h_assert_doc_lacks(doc, "lollol");
	ap_doc_free(doc);
	assert_true(s001_with_line(xml, strlen(xml), &all) > 0);
	dt = h_now() - t0;
	if (dt >= 1.0)
		fail_msg("billion laughs took %.3f s", dt);
}

static char *deep_doc(size_t depth, size_t *len)
{
	char *s = malloc(depth * 7 + 1);
	size_t i, n = 0;

	assert_non_null(s);
	for (i = 0; i < depth; i++) {
		memcpy(s + n, "<a>", 3);
		n += 3;
	}
	for (i = 0; i < depth; i++) {
		memcpy(s + n, "</a>", 4);
		n += 4;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

static void test_parse_deep_nesting(void **state)
{
	struct ap_load_options o = AP_LOAD_OPTIONS_INIT;
	size_t len;
	char *s = deep_doc(100000, &len);
	double t0 = h_now();
	ap_doc *doc;
	const struct ap_problem *p;

	(void)state;
	/* our own limit */
	doc = h_parse_n(s, len, NULL);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_TOO_DEEP)));
	assert_int_equal(p->line, 1);
	assert_int_equal(p->col, 3 * AP_LOAD_MAX_DEPTH_DEFAULT + 1);
	assert_non_null(strstr(p->message, "deeper"));
	ap_doc_free(doc);
	/* with ours off, libxml2's */
	o.max_depth = UINT_MAX;
	doc = h_parse_n(s, len, &o);
	assert_true(h_problem_count(doc, AP_PROBLEM_TOO_DEEP) +
		    h_problem_count(doc, AP_PROBLEM_NOT_WELL_FORMED) > 0);
	assert_messages_present(doc);
	ap_doc_free(doc);
	assert_true(s001_with_line(s, len, NULL) > 0);
	assert_true(h_now() - t0 < 5.0);
	free(s);

	/* just under the limit: parses, lints (recursive walk) fine */
	s = deep_doc(AP_LOAD_MAX_DEPTH_DEFAULT, &len);
	doc = h_parse_n(s, len, NULL);
	assert_no_problems(doc);
	ap_doc_free(doc);
	free(s);
}

static void test_parse_huge_attribute(void **state)
{
	static const char head[] = "<Policy xmlns=\"" NS "\" PolicyId=\"";
	static const char tail[] = "\"><Target/></Policy>";
	size_t big = (size_t)50 * 1024 * 1024, len = strlen(head) + big + strlen(tail);
	char *s = malloc(len + 1);
	double t0 = h_now();
	ap_doc *doc;
	struct ap_load_options o = AP_LOAD_OPTIONS_INIT;

	(void)state;
	assert_non_null(s);
	memcpy(s, head, strlen(head));
	memset(s + strlen(head), 'A', big);
	memcpy(s + strlen(head) + big, tail, strlen(tail) + 1);
	doc = h_parse_n(s, len, NULL);
	assert_true(ap_doc_problem_count(doc) > 0);
	assert_true(h_problem_count(doc, AP_PROBLEM_NOT_WELL_FORMED) +
		    h_problem_count(doc, AP_PROBLEM_TOO_LARGE) > 0);
	assert_true(ap_doc_problem(doc, 0)->line > 0);
	assert_messages_present(doc);
	ap_doc_free(doc);
	assert_true(s001_with_line(s, len, NULL) > 0);
	/* over max_bytes: refused before parsing */
	o.max_bytes = 1024 * 1024;
	doc = h_parse_n(s, len, &o);
	assert_non_null(h_problem(doc, AP_PROBLEM_TOO_LARGE));
	assert_null(ap_doc_root(doc));
	ap_doc_free(doc);
	free(s);
	assert_true(h_now() - t0 < 10.0);
}

/* Up to 64 attributes on an element; more stop the parse. */
static void test_parse_many_attributes(void **state)
{
	struct ap_buf b = AP_BUF_INIT;
	ap_doc *doc;
	const struct ap_problem *p;
	int i;

	(void)state;
	assert_int_equal(ap_buf_adds(&b, "<Policy xmlns=\"" NS "\">\n  <Rule"), AP_OK);
	for (i = 0; i < 64; i++)
		assert_int_equal(ap_buf_addf(&b, " a%d=\"%d\"", i, i), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "/>\n</Policy>"), AP_OK);
	doc = h_parse_n(b.ptr, b.len, NULL);
	assert_no_problems(doc);
	assert_string_equal(ap_node_attr(h_find(ap_doc_root(doc), AP_NODE_RULE, 0), "a63"), "63");
	ap_doc_free(doc);
	ap_buf_reset(&b);
	assert_int_equal(ap_buf_adds(&b, "<Policy xmlns=\"" NS "\">\n  <Rule"), AP_OK);
	for (i = 0; i < 1000; i++)
		assert_int_equal(ap_buf_addf(&b, " a%d=\"%d\"", i, i), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "/>\n</Policy>"), AP_OK);
	doc = h_parse_n(b.ptr, b.len, NULL);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_TOO_LARGE)));
	assert_int_equal(p->line, 2);
	assert_int_equal(p->col, 3);
	assert_non_null(strstr(p->message, "attributes"));
	ap_doc_free(doc);
	assert_true(s001_with_line(b.ptr, b.len, NULL) > 0);
	ap_buf_release(&b);
}

static void test_parse_huge_text(void **state)
{
	struct ap_buf b = AP_BUF_INIT;
	ap_doc *doc;
	const struct ap_problem *p;
	size_t i;

	(void)state;
	assert_int_equal(ap_buf_adds(&b, "<Policy xmlns=\"" NS "\">\n <Description>"), AP_OK);
	for (i = 0; i < 3 * 1024 * 1024 / 16; i++)
		assert_int_equal(ap_buf_adds(&b, "0123456789abcdef"), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "</Description></Policy>"), AP_OK);
	doc = h_parse_n(b.ptr, b.len, NULL);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_TOO_LARGE)));
	assert_int_equal(p->line, 2);
	assert_int_equal(p->col, 2);
	ap_doc_free(doc);
	ap_buf_release(&b);
}

/* Every prefix of a real policy is not well-formed and says where. */
static void truncate_all(const char *buf, size_t len)
{
	size_t cut, end = len;
	char *copy = malloc(len + 1);

	assert_non_null(copy);
	while (end > 0 && buf[end - 1] != '>')
		end--;
	for (cut = 1; cut < end; cut++) {
		ap_doc *doc;
		const struct ap_problem *p;
		size_t lines = 1, i;

		memcpy(copy, buf, cut);
		copy[cut] = '\0';
		for (i = 0; i < cut; i++)
			lines += buf[i] == '\n';
		doc = h_parse_n(copy, cut, NULL);
		p = h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED);
		if (p == NULL)
			fail_msg("prefix of %zu bytes: no NOT_WELL_FORMED problem", cut);
		if (p->line < 1 || p->line > lines)
			fail_msg("prefix of %zu bytes (%zu lines): problem on line %u",
				 cut, lines, (unsigned)p->line);
		assert_messages_present(doc);
		ap_doc_free(doc);
		if (s001_with_line(copy, cut, NULL) == 0)
			fail_msg("prefix of %zu bytes: no AX-S001 with a line", cut);
	}
	free(copy);
}

static void test_parse_truncated(void **state)
{
	size_t len, i, n = 0;
	char *buf = h_read_fixture(FIXTURE_OK, &len);
	char *crlf = malloc(2 * len + 4);

	(void)state;
	truncate_all(buf, len);
	/* again with a byte-order mark and CRLF line ends */
	assert_non_null(crlf);
	memcpy(crlf, "\xef\xbb\xbf", 3);
	n = 3;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = buf[i];
	}
	crlf[n] = '\0';
	truncate_all(crlf, n);
	free(crlf);
	free(buf);
}

static void test_parse_bad_utf8(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Policy xmlns=\"" NS "\">\n"
		"  <Description>caf\xe9 \xff\xfe</Description>\n"
		"</Policy>\n";
	ap_doc *doc = h_parse(xml);
	const struct ap_problem *p;

	(void)state;
	assert_non_null((p = h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED)));
	assert_int_equal(p->line, 3);
	assert_non_null(strstr(p->message, "UTF-8"));
	ap_doc_free(doc);
	assert_true(s001_with_line(xml, strlen(xml), NULL) > 0);
}

/* A finding is printed as one line: problem messages must not carry
 * libxml2's embedded newlines ("...encoding !\nBytes: 0xE9 ..."). */
static void test_parse_problem_messages_one_line(void **state)
{
	static const char *const inputs[] = {
		"<Policy xmlns=\"" NS "\">caf\xe9</Policy>",
		"<Policy xmlns=\"" NS "\"><Target></Policy>",
		"<Policy xmlns=\"" NS "\" a=\"1\" a=\"2\"/>",
		"<Policy xmlns=\"" NS "\">&undefined;</Policy>",
		"<Policy xmlns=\"" NS "\"/><Policy/>",
		"<?xml version=\"1.0\" encoding=\"bogus-enc\"?><Policy/>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		ap_doc *doc = h_parse(inputs[i]);

		assert_true(ap_doc_problem_count(doc) > 0);
		assert_messages_one_line(doc);
		ap_doc_free(doc);
	}
	/* and whatever random bytes provoke */
	rng_state = 7u;
	for (i = 0; i < 300; i++) {
		char buf[512];
		size_t len = 1 + rng() % sizeof(buf), k;
		ap_doc *doc;

		for (k = 0; k < len; k++)
			buf[k] = (char)(rng() & 0xff);
		memcpy(buf, "<Policy>", len < 8 ? len : 8);
		doc = h_parse_n(buf, len, NULL);
		assert_messages_one_line(doc);
		ap_doc_free(doc);
	}
}

static void test_parse_latin1(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<Policy xmlns=\"" NS "\" PolicyId=\"caf\xe9\">\n"
		"  <Description>\xe6\xf8\xe5</Description><Target/>\n"
		"</Policy>\n";
	ap_doc *doc = h_parse(xml);
	const ap_node *root = ap_doc_root(doc), *t;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;

	(void)state;
	assert_non_null(h_problem(doc, AP_PROBLEM_ENCODING));
	assert_int_equal(h_problem_count(doc, AP_PROBLEM_NOT_WELL_FORMED), 0);
	assert_int_equal(ap_doc_problem_count(doc), 1);
	assert_non_null(root);
	assert_string_equal(ap_node_attr(root, "PolicyId"), "caf\xc3\xa9"); /* now UTF-8 */
	assert_string_equal(ap_node_text(h_find(root, AP_NODE_DESCRIPTION, 0)),
			    "\xc3\xa6\xc3\xb8\xc3\xa5");
	assert_int_equal(ap_node_line(root), 2);
	assert_int_equal(ap_node_col(root), 1);
	t = h_find(root, AP_NODE_TARGET, 0);
	assert_int_equal(ap_node_line(t), 3);
	ap_doc_free(doc);
	/* informational: not an AX-S001 finding; the policy is still linted */
	h_lint(&l, xml, AP_PROFILE_RESOURCE, NULL);
	assert_no_diag(&l, "AX-S001");
	assert_true(l.count > 0); /* no rules, no RuleCombiningAlgId... */
	ap_diag_list_release(&l);
}

/* Columns of a transcoded document count characters too: three Latin-1
 * letters before the Target are three columns (six bytes once in UTF-8). */
static void test_parse_latin1_columns(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		"<Policy xmlns=\"" NS "\">\n"
		"  <Description>\xe6\xf8\xe5</Description><Target/>\n"
		"</Policy>\n";
	ap_doc *doc = h_parse(xml);
	const ap_node *t = h_find(ap_doc_root(doc), AP_NODE_TARGET, 0);

	(void)state;
	assert_int_equal(ap_node_line(t), 3);
	/* 2 + 13 + 3 + 14 characters before it */
	assert_int_equal(ap_node_col(t), 33);
	ap_doc_free(doc);
}

static char *utf16(const char *ascii, int big_endian, size_t *len)
{
	size_t n = strlen(ascii), i;
	char *s = malloc(2 * n + 2);

	assert_non_null(s);
	s[0] = big_endian ? '\xfe' : '\xff';
	s[1] = big_endian ? '\xff' : '\xfe';
	for (i = 0; i < n; i++) {
		s[2 + 2 * i + (big_endian ? 1 : 0)] = ascii[i];
		s[2 + 2 * i + (big_endian ? 0 : 1)] = '\0';
	}
	*len = 2 * n + 2;
	return s;
}

static void test_parse_utf16_bom(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\">\n"
		"  <Target/>\n"
		"</Policy>\n";
	int be;

	(void)state;
	for (be = 0; be <= 1; be++) {
		size_t len;
		char *s = utf16(xml, be, &len);
		ap_doc *doc = h_parse_n(s, len, NULL);
		const ap_node *root = ap_doc_root(doc);

		assert_non_null(h_problem(doc, AP_PROBLEM_ENCODING));
		assert_int_equal(h_problem_count(doc, AP_PROBLEM_NOT_WELL_FORMED), 0);
		assert_non_null(root);
		assert_string_equal(ap_node_attr(root, "PolicyId"), "p");
		assert_int_equal(ap_node_line(root), 2);
		assert_int_equal(ap_node_line(h_find(root, AP_NODE_TARGET, 0)), 3);
		assert_int_equal(ap_node_col(h_find(root, AP_NODE_TARGET, 0)), 3);
		ap_doc_free(doc);
		assert_true(s001_with_line(s, len, NULL) == 0);
		free(s);
	}
}

static void test_parse_empty(void **state)
{
	static const char *const inputs[] = {"", " ", "\n\n", "\xef\xbb\xbf"};
	struct ap_error err = AP_ERROR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		ap_doc *doc = NULL;
		int ret = ap_doc_parse(&doc, "empty.xml", inputs[i], strlen(inputs[i]),
				       NULL, &err);

		if (ret != AP_OK)
			fail_msg("input %zu (%zu bytes): ap_doc_parse returned %d: %s", i,
				 strlen(inputs[i]), ret, err.message);
		assert_null(ap_doc_root(doc));
		assert_non_null(h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED));
		assert_true(h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED)->line > 0);
		assert_messages_present(doc);
		ap_doc_free(doc);
		assert_true(s001_with_line(inputs[i], strlen(inputs[i]), NULL) > 0);
	}
}

static void test_parse_empty_file_cli(void **state)
{
	char *dir = h_mkdtemp(), *path = h_join(dir, "empty.xml"), *out, *err;
	const char *argv[] = {"lint", path, NULL};
	int rc;

	(void)state;
	h_write_file(path, "", 0);
	rc = h_run_cli(NULL, argv, &out, &err);
	if (rc != 1)
		fail_msg("empty file: exit %d (want 1), stderr: %s", rc, err);
	assert_non_null(strstr(out, "[AX-S001]"));
	free(out);
	free(err);
	h_rmtree(dir);
	free(dir);
	free(path);
}

static void test_parse_binary_junk(void **state)
{
	size_t flen, round;
	char *fixture = h_read_fixture(FIXTURE_OK, &flen);
	char *buf = malloc(flen + 4096);

	(void)state;
	assert_non_null(buf);
	rng_state = 20260801u;
	/* random bytes: never well-formed */
	for (round = 0; round < 300; round++) {
		size_t len = 1 + rng() % 2048, i;
		ap_doc *doc;
		const struct ap_problem *p;

		for (i = 0; i < len; i++)
			buf[i] = (char)(rng() & 0xff);
		if (round % 2)
			memcpy(buf, "<Policy ", len < 8 ? len : 8);
		doc = h_parse_n(buf, len, NULL);
		p = h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED);
		if (p == NULL)
			fail_msg("round %zu: random bytes without a problem", round);
		assert_true(p->line > 0);
		assert_messages_present(doc);
		ap_doc_free(doc);
		assert_true(s001_with_line(buf, len, NULL) > 0);
	}
	/* a real policy with a few bytes changed: anything may happen, but
	 * cleanly */
	for (round = 0; round < 1500; round++) {
		size_t flips = 1 + rng() % 8, i;
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		ap_doc *doc;

		memcpy(buf, fixture, flen);
		for (i = 0; i < flips; i++)
			buf[rng() % flen] = (char)(rng() & 0xff);
		doc = h_parse_n(buf, flen, NULL);
		ap_doc_free(doc);
		h_lint_n(&l, buf, flen, AP_PROFILE_CORRESPONDENCE);
		ap_diag_list_release(&l);
	}
	free(buf);
	free(fixture);
}

static void test_parse_nul_bytes(void **state)
{
	static const char a[] = "<Policy xmlns=\"" NS "\">\0</Policy>";
	static const char b[] = "<Policy xmlns=\"" NS "\" PolicyId=\"a\0b\"/>";
	static const char d[] = "\0<Policy/>";
	const struct {
		const char *s;
		size_t len;
	} in[] = {{a, sizeof(a) - 1}, {b, sizeof(b) - 1}, {d, sizeof(d) - 1}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ap_doc *doc = h_parse_n(in[i].s, in[i].len, NULL);
		const struct ap_problem *p = h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED);

		if (p == NULL)
			fail_msg("input %zu with a NUL byte: no problem", i);
		assert_true(p->line > 0);
		assert_messages_present(doc);
		ap_doc_free(doc);
		assert_true(s001_with_line(in[i].s, in[i].len, NULL) > 0);
	}
}

/* A NUL byte after the root element: .NET's XmlReader refuses the
 * character, libxml2 2.9 takes it for the end of the input. */
static void test_parse_nul_after_root(void **state)
{
	static const char xml[] = "<Policy xmlns=\"" NS "\"/>\n\0trailing";
	ap_doc *doc = h_parse_n(xml, sizeof(xml) - 1, NULL);
	const struct ap_problem *p = h_problem(doc, AP_PROBLEM_NOT_WELL_FORMED);

	(void)state;
	if (p == NULL)
		fail_msg("a NUL byte after the root element is not reported");
	assert_int_equal(p->line, 2);
	ap_doc_free(doc);
}

static void test_parse_doctype_without_entities(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Policy>\n"
		"<Policy xmlns=\"" NS "\"><Target/></Policy>\n";
	ap_doc *doc = h_parse(xml);
	const struct ap_problem *p;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;

	(void)state;
	assert_int_equal(ap_doc_problem_count(doc), 1);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_DOCTYPE)));
	assert_int_equal(p->line, 2);
	assert_int_equal(p->col, 1);
	assert_non_null(strstr(p->message, "DOCTYPE"));
	/* the rest is still read */
	assert_non_null(ap_doc_root(doc));
	assert_non_null(h_find(ap_doc_root(doc), AP_NODE_TARGET, 0));
	ap_doc_free(doc);
	h_lint(&l, xml, AP_PROFILE_CORRESPONDENCE, NULL);
	assert_diag_at(&l, "AX-S001", 2, 1, "DOCTYPE");
	ap_diag_list_release(&l);
}

static void test_parse_too_large(void **state)
{
	static const char xml[] = "<Policy xmlns=\"" NS "\"><Target/></Policy>\n";
	struct ap_load_options o = AP_LOAD_OPTIONS_INIT;
	struct ap_lint_options lo = AP_LINT_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	ap_linter *linter = NULL;
	char *dir = h_mkdtemp(), *path = h_join(dir, "big.xml");
	ap_doc *doc;
	const struct ap_problem *p;

	(void)state;
	o.max_bytes = 16;
	doc = h_parse_n(xml, strlen(xml), &o);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_TOO_LARGE)));
	assert_non_null(strstr(p->message, "limit"));
	assert_null(ap_doc_root(doc));
	ap_doc_free(doc);
	/* exactly at the limit is fine */
	o.max_bytes = strlen(xml);
	doc = h_parse_n(xml, strlen(xml), &o);
	assert_no_problems(doc);
	ap_doc_free(doc);

	h_write_file(path, xml, strlen(xml));
	o.max_bytes = 16;
	assert_int_equal(ap_doc_load_file(&doc, path, "big.xml", &o, &err), AP_OK);
	assert_int_equal(err.code, AP_OK);
	assert_non_null((p = h_problem(doc, AP_PROBLEM_TOO_LARGE)));
	assert_non_null(strstr(p->message, "limit"));
	assert_null(ap_doc_root(doc));
	assert_string_equal(ap_doc_name(doc), "big.xml");
	ap_doc_free(doc);

	lo.load.max_bytes = 16;
	assert_int_equal(ap_linter_new(&linter, &lo, &err), AP_OK);
	assert_int_equal(ap_lint_file(linter, path, NULL, &l, &err), AP_OK);
	assert_diag(&l, "AX-S001", 0, "limit");
	assert_diags_done(&l);
	ap_diag_list_release(&l);
	ap_linter_free(linter);
	h_rmtree(dir);
	free(dir);
	free(path);
}

static void test_parse_load_errors(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *doc = (ap_doc *)&err; /* must be reset to NULL */
	char *dir = h_mkdtemp(), *missing = h_join(dir, "missing.xml");

	(void)state;
	assert_int_equal(ap_doc_load_file(&doc, missing, NULL, NULL, &err), AP_EIO);
	assert_null(doc);
	assert_int_equal(err.code, AP_EIO);
	assert_string_equal(err.file, missing);
	assert_non_null(strstr(err.message, "missing.xml"));
	ap_error_clear(&err);
	/* a directory is not a policy */
	assert_int_equal(ap_doc_load_file(&doc, dir, NULL, NULL, &err), AP_EIO);
	assert_null(doc);
	assert_non_null(strstr(err.message, "directory"));
	h_rmtree(dir);
	free(dir);
	free(missing);
}

static void test_parse_cli_exit_codes(void **state)
{
	char *dir = h_mkdtemp(), *bad = h_join(dir, "bad.xml"), *out, *err;
	const char *argv[] = {"lint", bad, NULL};
	static const char xml[] = "<Policy xmlns=\"" NS "\">\n  <Target>\n</Policy>\n";
	int rc;

	(void)state;
	h_write_file(bad, xml, strlen(xml));
	rc = h_run_cli(NULL, argv, &out, &err);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(out, "bad.xml:3:"));
	assert_non_null(strstr(out, "error:"));
	assert_non_null(strstr(out, "[AX-S001]"));
	free(out);
	free(err);
	h_rmtree(dir);
	free(dir);
	free(bad);
}

/* ---- out of memory ---------------------------------------------------- */

/* Fails allocation 1, 2, 3... until the parse succeeds: every failure
 * must give AP_ENOMEM, no document and no leak. */
static void oom_parse(const char *buf, size_t len, const struct ap_load_options *o)
{
	long n;

	for (n = 1; n < 100000; n++) {
		struct ap_error err = AP_ERROR_INIT;
		ap_doc *doc = NULL;
		int ret;

		h_alloc_fail_at(n);
		ret = ap_doc_parse(&doc, "oom.xml", buf, len, o, &err);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			ap_doc_free(doc);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			return;
		}
		if (ret != AP_ENOMEM) {
			h_alloc_off();
			fail_msg("allocation %ld failed: ap_doc_parse returned %d (doc %p), not AP_ENOMEM",
				 n, ret, (void *)doc);
		}
		assert_null(doc);
		assert_int_equal(err.code, AP_ENOMEM);
		assert_true(err.message[0] != '\0');
		if (h_alloc_live() != 0) {
			long live = h_alloc_live();

			h_alloc_off();
			fail_msg("allocation %ld failed: %ld blocks leaked", n, live);
		}
		h_alloc_off();
	}
	fail_msg("never succeeded");
}

/* Loading a file (also one over the size cap) under allocation failure. */
static void test_parse_load_file_out_of_memory(void **state)
{
	struct ap_load_options small = AP_LOAD_OPTIONS_INIT;
	const struct ap_load_options *opts[] = {NULL, &small};
	char *path = h_src_path(FIXTURE_OK);
	size_t k;

	(void)state;
	small.max_bytes = 100;
	for (k = 0; k < 2; k++) {
		long n;

		for (n = 1; n < 100000; n++) {
			struct ap_error err = AP_ERROR_INIT;
			ap_doc *doc = NULL;
			int ret;

			h_alloc_fail_at(n);
			ret = ap_doc_load_file(&doc, path, "f.xml", opts[k], &err);
			if (!h_alloc_failed()) {
				assert_int_equal(ret, AP_OK);
				assert_int_equal(k == 1, h_problem(doc, AP_PROBLEM_TOO_LARGE) != NULL);
				ap_doc_free(doc);
				assert_int_equal(h_alloc_live(), 0);
				h_alloc_off();
				break;
			}
			if (ret != AP_ENOMEM || doc != NULL || err.code != AP_ENOMEM ||
			    h_alloc_live() != 0) {
				long live = h_alloc_live();

				h_alloc_off();
				fail_msg("%s: allocation %ld failed: returned %d (doc %p, error %d), %ld blocks leaked",
					 k ? "over the cap" : "normal", n, ret, (void *)doc, err.code, live);
			}
			h_alloc_off();
		}
	}
	free(path);
}

static void test_parse_out_of_memory(void **state)
{
	size_t len;
	char *buf = h_read_fixture(FIXTURE_OK, &len);
	struct ap_load_options small = AP_LOAD_OPTIONS_INIT;
	static const char entity[] = "<!DOCTYPE p [<!ENTITY e \"x\">]><Policy>&e;</Policy>";
	size_t dlen;
	char *deep = deep_doc(100, &dlen);

	(void)state;
	oom_parse(buf, len, NULL);
	oom_parse(buf, len / 2, NULL); /* not well-formed */
	oom_parse(entity, strlen(entity), NULL);
	oom_parse(deep, dlen, NULL);
	small.max_bytes = 10;
	oom_parse(buf, len, &small);
	free(buf);
	free(deep);
	buf = h_read_fixture(FIXTURE_ALL, &len);
	oom_parse(buf, len, NULL);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_every_kind, h_reset_claims),
		cmocka_unit_test_setup(test_parse_policy_set_root, h_reset_claims),
		cmocka_unit_test_setup(test_parse_positions, h_reset_claims),
		cmocka_unit_test_setup(test_parse_positions_crlf, h_reset_claims),
		cmocka_unit_test_setup(test_parse_positions_bom, h_reset_claims),
		cmocka_unit_test_setup(test_parse_positions_large_document, h_reset_claims),
		cmocka_unit_test_setup(test_parse_self_closing_vs_empty, h_reset_claims),
		cmocka_unit_test_setup(test_parse_text, h_reset_claims),
		cmocka_unit_test_setup(test_parse_attributes, h_reset_claims),
		cmocka_unit_test_setup(test_parse_attribute_ampersand, h_reset_claims),
		cmocka_unit_test_setup(test_parse_namespaces, h_reset_claims),
		cmocka_unit_test_setup(test_parse_typed_views, h_reset_claims),
		cmocka_unit_test_setup(test_parse_categories, h_reset_claims),
		cmocka_unit_test_setup(test_parse_xxe_local_file, h_reset_claims),
		cmocka_unit_test_setup(test_parse_external_parameter_entity, h_reset_claims),
		cmocka_unit_test_setup(test_parse_billion_laughs, h_reset_claims),
		cmocka_unit_test_setup(test_parse_deep_nesting, h_reset_claims),
		cmocka_unit_test_setup(test_parse_huge_attribute, h_reset_claims),
		cmocka_unit_test_setup(test_parse_huge_text, h_reset_claims),
		cmocka_unit_test_setup(test_parse_many_attributes, h_reset_claims),
		cmocka_unit_test_setup(test_parse_truncated, h_reset_claims),
		cmocka_unit_test_setup(test_parse_bad_utf8, h_reset_claims),
		cmocka_unit_test_setup(test_parse_problem_messages_one_line, h_reset_claims),
		cmocka_unit_test_setup(test_parse_latin1, h_reset_claims),
		cmocka_unit_test_setup(test_parse_latin1_columns, h_reset_claims),
		cmocka_unit_test_setup(test_parse_utf16_bom, h_reset_claims),
		cmocka_unit_test_setup(test_parse_empty, h_reset_claims),
		cmocka_unit_test_setup(test_parse_empty_file_cli, h_reset_claims),
		cmocka_unit_test_setup(test_parse_binary_junk, h_reset_claims),
		cmocka_unit_test_setup(test_parse_nul_bytes, h_reset_claims),
		cmocka_unit_test_setup(test_parse_nul_after_root, h_reset_claims),
		cmocka_unit_test_setup(test_parse_doctype_without_entities, h_reset_claims),
		cmocka_unit_test_setup(test_parse_too_large, h_reset_claims),
		cmocka_unit_test_setup(test_parse_load_errors, h_reset_claims),
		cmocka_unit_test_setup(test_parse_cli_exit_codes, h_reset_claims),
		cmocka_unit_test_setup(test_parse_out_of_memory, h_reset_claims),
		cmocka_unit_test_setup(test_parse_load_file_out_of_memory, h_reset_claims),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
