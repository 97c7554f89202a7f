/*
 * The formatter: the canonical form, what it keeps (comments, processing
 * instructions, significant text, mixed content), namespace handling, the
 * model comparison, the diff, and the corpus oracle: every parseable file
 * of ../shared/corpus/real formats to the same model, and formatting is
 * idempotent.
 */
#include "harness.h"

#include "policy/model.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NS AP_XACML3_NS
#define XS "http://www.w3.org/2001/XMLSchema#string"

/* Formats xml with opt; returns the result (caller frees) or NULL with
 * *code set. */
static char *fmt_opt(const char *xml, const struct ap_fmt_options *opt, int *code,
		     struct ap_error *err)
{
	struct ap_buf out = AP_BUF_INIT;
	int ret = ap_fmt_memory(xml, strlen(xml), "t.xml", opt, &out, err);

	if (code)
		*code = ret;
	if (ret != AP_OK) {
		ap_buf_release(&out);
		return NULL;
	}
	return ap_buf_detach(&out, NULL);
}

static char *fmt(const char *xml)
{
	struct ap_error err = AP_ERROR_INIT;
	int code;
	char *s = fmt_opt(xml, NULL, &code, &err);

	if (s == NULL)
		fail_msg("fmt failed (%d): %s", code, err.message);
	return s;
}

/* fmt(xml) is canonical, idempotent and keeps the model. */
static char *fmt_checked(const char *xml)
{
	char *once = fmt(xml), *twice = fmt(once);
	ap_doc *a = h_parse(xml), *b = h_parse(once);
	struct ap_error diff = AP_ERROR_INIT;

	assert_string_equal(once, twice);
	if (!ap_fmt_same_model(a, b, &diff))
		fail_msg("model changed: %s:%u: %s\n%s", diff.file, diff.line, diff.message, once);
	ap_doc_free(a);
	ap_doc_free(b);
	free(twice);
	return once;
}

static void test_fmt_canonical_layout(void **state)
{
	char *out;

	(void)state;
	out = fmt_checked("<Policy xmlns=\"" NS "\" RuleCombiningAlgId=\"a\"   PolicyId=\"p\"\n Version=\"1\"><Target/>\n\n"
			  "\t<Rule Effect=\"Permit\" RuleId=\"r\"><Target><AnyOf><AllOf><Match MatchId=\"m\">"
			  "<AttributeValue DataType=\"" XS "\">DAGL</AttributeValue>"
			  "<AttributeDesignator MustBePresent=\"false\" DataType=\"" XS "\" Category=\"c\" AttributeId=\"a\"/>"
			  "</Match></AllOf></AnyOf></Target></Rule></Policy>");
	assert_string_equal(out,
			    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			    "<Policy xmlns=\"" NS "\" PolicyId=\"p\" Version=\"1\" RuleCombiningAlgId=\"a\">\n"
			    "  <Target/>\n"
			    "  <Rule RuleId=\"r\" Effect=\"Permit\">\n"
			    "    <Target>\n"
			    "      <AnyOf>\n"
			    "        <AllOf>\n"
			    "          <Match MatchId=\"m\">\n"
			    "            <AttributeValue DataType=\"" XS "\">DAGL</AttributeValue>\n"
			    "            <AttributeDesignator AttributeId=\"a\" Category=\"c\" DataType=\"" XS "\" MustBePresent=\"false\"/>\n"
			    "          </Match>\n"
			    "        </AllOf>\n"
			    "      </AnyOf>\n"
			    "    </Target>\n"
			    "  </Rule>\n"
			    "</Policy>\n");
	free(out);
}

static void test_fmt_keeps_comments_and_pis(void **state)
{
	char *out;

	(void)state;
	out = fmt_checked("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
			  "<!-- head -->\n<?app one?>\n"
			  "<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!-- inside\n  two lines -->"
			  "<?pi data?><Target/></Policy>\n<!-- tail -->\n");
	assert_string_equal(out,
			    "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n"
			    "<!-- head -->\n"
			    "<?app one?>\n"
			    "<Policy xmlns=\"" NS "\" PolicyId=\"p\">\n"
			    "  <!-- inside\n  two lines -->\n"
			    "  <?pi data?>\n"
			    "  <Target/>\n"
			    "</Policy>\n"
			    "<!-- tail -->\n");
	free(out);
}

/* Whitespace is dropped only where XACML ignores it. */
static void test_fmt_significant_text(void **state)
{
	char *out;

	(void)state;
	out = fmt_checked("<Policy xmlns=\"" NS "\"><Description>  two\n  lines &amp; &lt;x&gt; </Description>"
			  "<Rule><Description></Description><Condition><Apply FunctionId=\"f\">"
			  "<AttributeValue DataType=\"" XS "\">  a b  </AttributeValue>"
			  "<AttributeValue DataType=\"" XS "\"> </AttributeValue>"
			  "<AttributeValue DataType=\"" XS "\"><![CDATA[x<y]]>&#13;</AttributeValue>"
			  "</Apply></Condition></Rule></Policy>");
	assert_non_null(strstr(out, "<Description>  two\n  lines &amp; &lt;x&gt; </Description>\n"));
	assert_non_null(strstr(out, "<Description></Description>\n"));
	assert_non_null(strstr(out, "\">  a b  </AttributeValue>\n"));
	assert_non_null(strstr(out, "\"> </AttributeValue>\n"));
	assert_non_null(strstr(out, "\">x&lt;y&#13;</AttributeValue>\n"));
	free(out);
}

/* Mixed content is kept byte for byte. */
static void test_fmt_mixed_content_verbatim(void **state)
{
	char *out;

	(void)state;
	out = fmt_checked("<Policy xmlns=\"" NS "\" xmlns:x=\"urn:x\"><Rule>"
			  "<AttributeValue DataType=\"d\">a <x:b  k='1'/> c<!--n--></AttributeValue>"
			  "<Description>one <!-- note --> two</Description>"
			  "<Target>stray<AnyOf/></Target></Rule></Policy>");
	assert_non_null(strstr(out, ">a <x:b  k='1'/> c<!--n--></AttributeValue>\n"));
	assert_non_null(strstr(out, "<Description>one <!-- note --> two</Description>\n"));
	assert_non_null(strstr(out, "<Target>stray<AnyOf/></Target>\n"));
	/* the declaration the verbatim part uses stays */
	assert_non_null(strstr(out, "xmlns:x=\"urn:x\""));
	free(out);
	/* CR LF inside verbatim content becomes LF, as the parser reads it */
	out = fmt_checked("<Policy xmlns=\"" NS "\">\r\n<Description>a\r\nb<!--c-->\rd</Description>\r\n</Policy>\r\n");
	assert_null(strchr(out, '\r'));
	assert_non_null(strstr(out, "<Description>a\nb<!--c-->\nd</Description>\n"));
	free(out);
}

/* Attribute values keep characters that attribute normalisation would
 * otherwise turn into spaces. */
static void test_fmt_attribute_escapes(void **state)
{
	char *out;

	(void)state;
	out = fmt_checked("<Policy xmlns=\"" NS "\" PolicyId='a&#9;b&#10;c\"d&amp;e&lt;f&apos;'/>");
	assert_non_null(strstr(out, "PolicyId=\"a&#9;b&#10;c&quot;d&amp;e&lt;f'\"/>"));
	free(out);
}

static void test_fmt_unused_namespaces_removed(void **state)
{
	char *out;

	(void)state;
	/* the docs' example: xsl bound to XMLSchema-instance, never used */
	out = fmt_checked("<xacml:Policy xmlns:xsl=\"http://www.w3.org/2001/XMLSchema-instance\" "
			  "xmlns:xacml=\"" NS "\" xmlns:q=\"urn:q\" xmlns:v=\"urn:v\" PolicyId=\"p\">"
			  "<xacml:Target xmlns:xacml=\"" NS "\"/>"
			  "<xacml:Rule RuleId=\"q:1\"><xacml:Description v:lang=\"no\">x</xacml:Description></xacml:Rule>"
			  "</xacml:Policy>");
	assert_null(strstr(out, "xmlns:xsl"));
	/* redundant redeclaration dropped */
	assert_non_null(strstr(out, "<xacml:Target/>"));
	/* q appears as "q:" in a value, v on an attribute: both kept */
	assert_non_null(strstr(out, "xmlns:q=\"urn:q\""));
	assert_non_null(strstr(out, "xmlns:v=\"urn:v\""));
	free(out);
}

static void test_fmt_namespace_styles(void **state)
{
	static const char prefixed[] =
		"<xacml:Policy xmlns:xacml=\"" NS "\" PolicyId=\"p\"><xacml:Target/></xacml:Policy>";
	static const char mixed[] =
		"<Policy xmlns=\"" NS "\" xmlns:xacml=\"" NS "\" PolicyId=\"p\"><xacml:Target/><Rule/></Policy>";
	struct ap_fmt_options o = AP_FMT_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	char *out;
	int code;

	(void)state;
	out = fmt_checked(prefixed);
	assert_non_null(strstr(out, "<xacml:Policy xmlns:xacml=\"" NS "\" PolicyId=\"p\">\n  <xacml:Target/>\n"));
	free(out);
	o.ns_style = AP_FMT_NS_DEFAULT;
	out = fmt_opt(prefixed, &o, &code, &err);
	assert_non_null(out);
	assert_non_null(strstr(out, "<Policy xmlns=\"" NS "\" PolicyId=\"p\">\n  <Target/>\n</Policy>\n"));
	free(out);
	o.ns_style = AP_FMT_NS_PREFIX;
	out = fmt_opt("<Policy xmlns=\"" NS "\"><Target/></Policy>", &o, &code, &err);
	assert_non_null(out);
	assert_non_null(strstr(out, "<xacml:Policy xmlns:xacml=\"" NS "\">\n  <xacml:Target/>\n</xacml:Policy>\n"));
	free(out);
	/* a file mixing styles takes the root's */
	out = fmt_checked(mixed);
	assert_non_null(strstr(out, "<Policy xmlns=\"" NS "\" PolicyId=\"p\">\n  <Target/>\n  <Rule/>\n"));
	free(out);
	/* the default namespace is taken by foreign unprefixed elements */
	o.ns_style = AP_FMT_NS_DEFAULT;
	out = fmt_opt("<x:Policy xmlns:x=\"" NS "\"><Foo xmlns=\"urn:foo\"><x:Target/></Foo></x:Policy>",
		      &o, &code, &err);
	if (out != NULL) {
		/* allowed only when the model is unchanged */
		ap_doc *a = h_parse("<x:Policy xmlns:x=\"" NS "\"><Foo xmlns=\"urn:foo\"><x:Target/></Foo></x:Policy>");
		ap_doc *b = h_parse(out);

		assert_true(ap_fmt_same_model(a, b, NULL));
		ap_doc_free(a);
		ap_doc_free(b);
		free(out);
	} else {
		assert_int_equal(code, AP_EINVALID);
	}
}

static void test_fmt_errors(void **state)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf out = AP_BUF_INIT;
	int code;

	(void)state;
	assert_null(fmt_opt("<!DOCTYPE x [<!ENTITY e 'x'>]><Policy/>", NULL, &code, &err));
	assert_int_equal(code, AP_EPARSE);
	assert_string_equal(err.file, "t.xml");
	assert_null(fmt_opt("<Policy>\n  <Rule></Policy>", NULL, &code, &err));
	assert_int_equal(code, AP_EPARSE);
	assert_int_equal(err.line, 2);
	assert_null(fmt_opt("", NULL, &code, &err));
	assert_int_equal(code, AP_EPARSE);
	assert_null(fmt_opt("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Policy>\xe6</Policy>",
			    NULL, &code, &err));
	assert_int_equal(code, AP_EINVALID);
	/* out is untouched on error */
	assert_int_not_equal(ap_fmt_memory("<a", 2, NULL, NULL, &out, &err), AP_OK);
	assert_int_equal(out.len, 0);
	ap_buf_release(&out);
}

static void test_fmt_same_model_detects(void **state)
{
	static const char *const base =
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!--c--><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>";
	static const char *const changed[] = {
		"<Policy xmlns=\"" NS "\" PolicyId=\"q\"><!--c--><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!--d--><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!--c--><Rule RuleId=\"r\"><AttributeValue> x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"urn:other\" PolicyId=\"p\"><!--c--><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!--c--><Rule RuleId=\"r\"><AttributeValue/></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\" Version=\"1\"><!--c--><Rule RuleId=\"r\"><AttributeValue>x</AttributeValue></Rule></Policy>",
		"<Policy xmlns=\"" NS "\" PolicyId=\"p\"><!--c--><Rule RuleId=\"r\"><?pi?><AttributeValue>x</AttributeValue></Rule></Policy>",
	};
	ap_doc *a = h_parse(base), *same = h_parse(
		"<p:Policy PolicyId=\"p\" xmlns:p=\"" NS "\">\n <!--c-->\n <p:Rule RuleId=\"r\">\n  <p:AttributeValue>x</p:AttributeValue></p:Rule>\n</p:Policy>");
	size_t i;

	(void)state;
	assert_true(ap_fmt_same_model(a, same, NULL));
	for (i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
		ap_doc *b = h_parse(changed[i]);
		struct ap_error diff = AP_ERROR_INIT;

		if (ap_fmt_same_model(a, b, &diff))
			fail_msg("case %zu not detected", i);
		assert_true(diff.message[0] != '\0');
		ap_doc_free(b);
	}
	ap_doc_free(a);
	ap_doc_free(same);
}

static void test_fmt_diff(void **state)
{
	struct ap_buf out = AP_BUF_INIT;
	struct ap_error err = AP_ERROR_INIT;
	static const char a[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n";
	static const char b[] = "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\n12\n13\n15\n16";

	(void)state;
	assert_int_equal(ap_diff_unified(a, strlen(a), a, strlen(a), "a", "b", &out, &err), AP_OK);
	assert_int_equal(out.len, 0);
	assert_int_equal(ap_diff_unified(a, strlen(a), b, strlen(b), "a", "b", &out, &err), AP_OK);
	assert_string_equal(out.ptr,
			    "--- a\n+++ b\n"
			    "@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+four\n 5\n 6\n 7\n"
			    "@@ -11,5 +11,5 @@\n 11\n 12\n 13\n-14\n 15\n+16\n\\ No newline at end of file\n");
	ap_buf_reset(&out);
	assert_int_equal(ap_diff_unified("", 0, "x\n", 2, "a", "b", &out, &err), AP_OK);
	assert_string_equal(out.ptr, "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
	ap_buf_release(&out);
}

/* Random edits: the diff applied to a gives b (checked by replaying it). */
/* The diff of a and b (lines of 2 bytes: a letter and '\n'), replayed over
 * a: context and '+' lines, in order, must rebuild b exactly. */
static void assert_diff_rebuilds(const char *a, size_t na, const char *b, size_t nb)
{
	struct ap_buf out = AP_BUF_INIT, replay = AP_BUF_INIT;
	struct ap_error err = AP_ERROR_INIT;
	size_t ai = 0;
	const char *s, *line, *p;

	assert_int_equal(ap_diff_unified(a, na, b, nb, "a", "b", &out, &err), AP_OK);
	if (out.len == 0) {
		assert_true(na == nb && memcmp(a, b, na) == 0);
		return;
	}
	s = strchr(out.ptr, '\n') + 1;
	s = strchr(s, '\n') + 1;
	while (*s) {
		unsigned long la, ca, lb, cb;

		line = s;
		p = strchr(s, '\n');
		assert_non_null(p);
		if (line[0] == '@') {
			assert_int_equal(sscanf(line, "@@ -%lu,%lu +%lu,%lu @@", &la, &ca, &lb, &cb), 4);
			/* copy the unchanged lines before the hunk */
			while (ai < (ca ? la - 1 : la) * 2) {
				assert_int_equal(ap_buf_add(&replay, a + ai, 2), AP_OK);
				ai += 2;
			}
		} else if (line[0] == ' ') {
			assert_int_equal(ap_buf_add(&replay, line + 1, 2), AP_OK);
			assert_memory_equal(a + ai, line + 1, 2);
			ai += 2;
		} else if (line[0] == '-') {
			assert_memory_equal(a + ai, line + 1, 2);
			ai += 2;
		} else if (line[0] == '+') {
			assert_int_equal(ap_buf_add(&replay, line + 1, 2), AP_OK);
		}
		s = p + 1;
	}
	assert_int_equal(ap_buf_add(&replay, a + ai, na - ai), AP_OK);
	assert_int_equal(replay.len, nb);
	assert_memory_equal(replay.ptr, b, nb);
	ap_buf_release(&out);
	ap_buf_release(&replay);
}

/* Fills lines of 2 bytes: a letter of the first `letters` and '\n'; keeps
 * a line with probability keep/8.  Returns the length. */
static size_t random_lines(char *buf, size_t lines, unsigned letters, unsigned keep,
			   uint32_t *seed)
{
	size_t n = 0, i;

	for (i = 0; i < lines; i++) {
		*seed = *seed * 1103515245u + 12345u;
		if ((*seed >> 13) % 8 >= keep)
			continue;
		buf[n++] = (char)('a' + (*seed >> 16) % letters);
		buf[n++] = '\n';
	}
	return n;
}

static void test_fmt_diff_random(void **state)
{
	uint32_t seed = 12345;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		char a[400], b[400];
		size_t na = random_lines(a, 40, 4, 8, &seed);
		size_t nb = random_lines(b, 40, 4, 5, &seed);

		assert_diff_rebuilds(a, na, b, nb);
	}
}

/* Far more changes than the cost limit of a middle snake (a file whose
 * every line fmt changes): the diff gives up minimality, not correctness,
 * and stays linear (this was quadratic: 24,000 lines took 1.4 s). */
static void test_fmt_diff_costly(void **state)
{
	enum { LINES = 40000 };
	char *a = malloc(2 * LINES), *b = malloc(2 * LINES);
	uint32_t seed = 777;
	size_t na, nb, i;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	/* every line differs */
	for (i = 0; i < LINES; i++) {
		memcpy(a + 2 * i, "a\n", 2);
		memcpy(b + 2 * i, "b\n", 2);
	}
	assert_diff_rebuilds(a, 2 * LINES, b, 2 * LINES);
	/* many scattered changes among 26 letters */
	na = random_lines(a, LINES, 26, 8, &seed);
	nb = random_lines(b, LINES, 26, 6, &seed);
	assert_diff_rebuilds(a, na, b, nb);
	free(a);
	free(b);
}

/* Allocation failures end in AP_ENOMEM, never a crash or a leak. */
static void test_fmt_out_of_memory(void **state)
{
	static const char xml[] =
		"<Policy xmlns=\"" NS "\" xmlns:u=\"urn:u\"><!--c--><Rule RuleId=\"r\"><Description>d</Description>"
		"<Target/></Rule></Policy>";
	long n;

	(void)state;
	for (n = 1;; n++) {
		struct ap_buf out = AP_BUF_INIT;
		struct ap_error err = AP_ERROR_INIT;
		int ret;

		h_alloc_fail_at(n);
		ret = ap_fmt_memory(xml, strlen(xml), "t", NULL, &out, &err);
		h_alloc_off();
		ap_buf_release(&out);
		if (ret == AP_OK)
			break;
		assert_int_equal(ret, AP_ENOMEM);
		assert_true(n < 10000);
	}
}

/* fmt --write rewrites atomically, keeping the mode; --check then passes. */
static void test_fmt_cli_write(void **state)
{
	static const char xml[] = "<Policy xmlns=\"" NS "\"   PolicyId=\"p\"><Target/></Policy>";
	char *dir = h_mkdtemp(), *file = h_join(dir, "p.xml"), *out = NULL, *err = NULL, *got;
	const char *write_argv[] = {"fmt", "--write", file, NULL};
	const char *check_argv[] = {"fmt", "--check", file, NULL};
	struct stat st;
	size_t len;

	(void)state;
	h_write_file(file, xml, strlen(xml));
	assert_int_equal(chmod(file, 0604), 0);
	assert_int_equal(h_run_cli(NULL, check_argv, &out, &err), 1);
	assert_non_null(strstr(out, "p.xml"));
	free(out);
	free(err);
	assert_int_equal(h_run_cli(NULL, write_argv, &out, &err), 0);
	free(out);
	free(err);
	got = h_read_file(file, &len);
	assert_string_equal(got, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Policy xmlns=\"" NS "\" PolicyId=\"p\">\n  <Target/>\n</Policy>\n");
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	assert_int_equal(h_run_cli(NULL, check_argv, &out, &err), 0);
	assert_string_equal(out, "");
	free(out);
	free(err);
	free(got);
	free(file);
	h_rmtree(dir);
	free(dir);
}

/* Random damage to a policy with every construct fmt handles: whatever
 * parses formats idempotently to the same model; the rest is refused. */
static void test_fmt_random_mutations(void **state)
{
	static const char base[] =
		"<?xml version=\"1.0\"?>\n<!--a--><?p q?>\n<x:Policy xmlns:x=\"" NS "\" xmlns:u=\"urn:u\" PolicyId=\"p\">"
		"<x:Description>d &amp; <!--c--> e</x:Description><x:Target/>\n  <x:Rule RuleId=\"u:1\" Effect=\"Permit\">"
		"<x:Target><x:AnyOf><x:AllOf><x:Match MatchId=\"m\"><x:AttributeValue DataType=\"" XS "\"> v </x:AttributeValue>"
		"<x:AttributeDesignator AttributeId=\"a\" Category=\"c\" DataType=\"" XS "\" MustBePresent=\"false\"/>"
		"</x:Match></x:AllOf></x:AnyOf></x:Target><?r s?></x:Rule></x:Policy>\n<!--z-->\n";
	static const char alphabet[] = "<>/=\"' \n\t&;:!?-xab";
	uint32_t seed = 7;
	int round, formatted = 0;

	(void)state;
	for (round = 0; round < 400; round++) {
		char buf[sizeof(base) + 8];
		size_t len = sizeof(base) - 1, k, edits;
		struct ap_buf out = AP_BUF_INIT;
		struct ap_error err = AP_ERROR_INIT;

		memcpy(buf, base, len + 1);
		seed = seed * 1103515245u + 12345u;
		edits = 1 + (seed >> 16) % 3;
		for (k = 0; k < edits; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
		}
		if (ap_fmt_memory(buf, len, "m.xml", NULL, &out, &err) == AP_OK) {
			ap_doc *a = h_parse_n(buf, len, NULL), *b = h_parse_n(out.ptr, out.len, NULL);
			struct ap_buf again = AP_BUF_INIT;
			struct ap_error diff = AP_ERROR_INIT;

			if (!ap_fmt_same_model(a, b, &diff))
				fail_msg("round %d: model changed (%s)\n%.*s", round, diff.message, (int)len, buf);
			assert_int_equal(ap_fmt_memory(out.ptr, out.len, "o.xml", NULL, &again, &err), AP_OK);
			assert_int_equal(again.len, out.len);
			assert_memory_equal(again.ptr, out.ptr, out.len);
			ap_buf_release(&again);
			ap_doc_free(a);
			ap_doc_free(b);
			formatted++;
		} else {
			assert_true(err.message[0] != '\0');
		}
		ap_buf_release(&out);
	}
	assert_true(formatted > 20);
}

/* The oracle: every parseable corpus file keeps its model and formats
 * idempotently; comments survive. */
static void test_fmt_corpus(void **state)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	size_t files = 0, formatted = 0, comments = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../shared/corpus/real", h_source_dir());
	d = opendir(dir);
	if (d == NULL) {
		print_message("  corpus %s absent: skipped\n", dir);
		skip();
	}
	while ((e = readdir(d)) != NULL) {
		char path[8192];
		char *src, *once, *twice;
		size_t len;
		ap_doc *a, *b;
		struct ap_error err = AP_ERROR_INIT, diff = AP_ERROR_INIT;
		int code;

		if (strlen(e->d_name) < 5 || strcmp(e->d_name + strlen(e->d_name) - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		src = h_read_file(path, &len);
		files++;
		a = h_parse_n(src, len, NULL);
		if (ap_doc_problem_count(a) > 0) {
			ap_doc_free(a);
			free(src);
			continue;
		}
		once = fmt_opt(src, NULL, &code, &err);
		if (once == NULL)
			fail_msg("%s: %s", e->d_name, err.message);
		twice = fmt(once);
		if (strcmp(once, twice) != 0)
			fail_msg("%s: not idempotent", e->d_name);
		b = h_parse(once);
		if (ap_doc_problem_count(b) > 0 || !ap_fmt_same_model(a, b, &diff))
			fail_msg("%s: model changed at %u:%u: %s", e->d_name, diff.line, diff.col,
				 diff.message);
		if (strstr(src, "<!--") != NULL) {
			comments++;
			assert_non_null(strstr(once, "<!--"));
		}
		formatted++;
		ap_doc_free(a);
		ap_doc_free(b);
		free(src);
		free(once);
		free(twice);
	}
	closedir(d);
	print_message("  corpus: %zu files, %zu formatted (%zu with comments), model kept, idempotent\n",
		      files, formatted, comments);
	assert_true(formatted > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fmt_canonical_layout, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_keeps_comments_and_pis, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_significant_text, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_mixed_content_verbatim, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_attribute_escapes, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_unused_namespaces_removed, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_namespace_styles, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_errors, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_same_model_detects, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_diff, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_diff_random, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_diff_costly, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_out_of_memory, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_cli_write, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_random_mutations, h_reset_claims),
		cmocka_unit_test_setup(test_fmt_corpus, h_reset_claims),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
