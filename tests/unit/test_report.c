/*
 * The report formats (text, gcc, json, sarif, github, junit, checkstyle)
 * on a small run with awkward content: quotes, <, &, %, ':', ',', a
 * newline and non-ASCII in messages and file names, tabs and multibyte
 * characters before the column, control characters in the source line, a
 * finding about the whole file (line 0), a clean file and an empty run.
 * Text formats are compared byte for byte; JSON and SARIF are parsed back
 * with jansson, JUnit and Checkstyle with libxml2.  Also the escaping
 * helpers and allocation failure in every format.
 */
#include "harness.h"

#include "report/escape.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_A "dir/a b,c:d%.xml"
#define MSG_AWKWARD "quote \" apostrophe ' <tag> & 100% a:b, c\nsecond line"
#define MSG_UTF8 "\xc3\xb8rnen \xe2\x98\x83 non-ASCII"
#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a run of three files --------------------------------------------- */

struct run {
	struct ap_diag_list a;     /* FILE_A: line 0, a tab case, a UTF-8 case */
	struct ap_diag_list clean; /* clean.xml: nothing */
	struct ap_diag_list b;     /* b.xml: a control character in the source */
	struct ap_report_counts counts;
};

static void add(struct ap_diag_list *l, const char *id, enum ap_severity sev,
		const char *file, uint32_t line, uint32_t col, const char *msg,
		const char *snippet)
{
	assert_int_equal(ap_diag_list_add(l, id, sev, file, line, col, msg), AP_OK);
	if (snippet)
		assert_int_equal(ap_diag_set_snippet(&l->items[l->count - 1], snippet,
						     strlen(snippet)), AP_OK);
}

static void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	add(&r->a, "AX-S014", AP_SEV_INFO, FILE_A, 0, 0, "whole file", NULL);
	add(&r->a, "AX-S001", AP_SEV_ERROR, FILE_A, 3, 3, MSG_AWKWARD,
	    "\t\t<xacml:Rule RuleId=\"r1\">");
	add(&r->a, "AX-C004", AP_SEV_WARNING, FILE_A, 4, 6, MSG_UTF8,
	    "  \xc2\xab\xc3\xa6\xc3\xb8\xc3\xa5\xc2\xbb<x/>");
	add(&r->b, "AX-S008", AP_SEV_ERROR, "b.xml", 7, 2, "plain", "x\x1b[31my\r");
	ap_report_count(&r->counts, &r->a);
	ap_report_count(&r->counts, &r->clean);
	ap_report_count(&r->counts, &r->b);
	r->counts.files_checked = 3;
}

static void run_release(struct run *r)
{
	ap_diag_list_release(&r->a);
	ap_diag_list_release(&r->clean);
	ap_diag_list_release(&r->b);
}

/* Begin, the files of r (none when r is NULL), end: AP_OK or the error. */
static int render_into(struct ap_buf *out, enum ap_report_format f, int color,
		       const struct run *r)
{
	struct ap_report_options o = AP_REPORT_OPTIONS_INIT;
	struct ap_report_counts none;
	ap_reporter *rep = NULL;
	int ret;

	memset(&none, 0, sizeof(none));
	o.format = f;
	o.color = color;
	o.tool_version = "9.9.9";
	ret = ap_reporter_new(&rep, &o);
	if (ret != AP_OK)
		return ret;
	ret = ap_reporter_begin(rep, out);
	if (ret == AP_OK && r)
		ret = ap_reporter_file(rep, FILE_A, &r->a, out);
	if (ret == AP_OK && r)
		ret = ap_reporter_file(rep, "clean.xml", &r->clean, out);
	if (ret == AP_OK && r)
		ret = ap_reporter_file(rep, "b.xml", &r->b, out);
	if (ret == AP_OK)
		ret = ap_reporter_end(rep, r ? &r->counts : &none, out);
	ap_reporter_free(rep);
	return ret;
}

/* The whole output (caller frees); "" when nothing was written. */
static char *render(enum ap_report_format f, int color, const struct run *r)
{
	struct ap_buf out = AP_BUF_INIT;
	char *s;

	assert_int_equal(render_into(&out, f, color, r), AP_OK);
	s = ap_buf_detach(&out, NULL);
	assert_non_null(s);
	return s;
}

/* One diag list with a single finding, rendered as text. */
static char *text_of(uint32_t line, uint32_t col, const char *snippet)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_buf out = AP_BUF_INIT;
	char *s;

	add(&l, "AX-S001", AP_SEV_ERROR, "f.xml", line, col, "m", snippet);
	assert_int_equal(ap_report_write(AP_REPORT_TEXT, &l, &out), AP_OK);
	ap_diag_list_release(&l);
	s = ap_buf_detach(&out, NULL);
	assert_non_null(s);
	return s;
}

/* ---- names ------------------------------------------------------------ */

static void test_report_format_names(void **state)
{
	static const char *const names[] = {"text", "gcc", "json", "sarif",
					    "github", "junit", "checkstyle"};
	struct ap_report_options o = AP_REPORT_OPTIONS_INIT;
	enum ap_report_format f;
	ap_reporter *r = NULL;
	size_t i;

	(void)state;
	assert_int_equal(N_ELEMS(names), AP_REPORT_FORMAT_COUNT);
	for (i = 0; i < AP_REPORT_FORMAT_COUNT; i++) {
		assert_int_equal(ap_report_format_parse(&f, names[i]), AP_OK);
		assert_int_equal(f, (enum ap_report_format)i);
		assert_string_equal(ap_report_format_name(f), names[i]);
	}
	assert_int_equal(ap_report_format_parse(&f, "SARIF"), AP_EINVALID);
	assert_int_equal(ap_report_format_parse(&f, ""), AP_EINVALID);
	o.format = AP_REPORT_FORMAT_COUNT;
	assert_int_equal(ap_reporter_new(&r, &o), AP_EINVALID);
	assert_null(r);
	ap_reporter_free(NULL);
}

/* ---- text ------------------------------------------------------------- */

static void test_report_text(void **state)
{
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_TEXT, 0, &r);
	assert_string_equal(s,
		FILE_A ": info: whole file [AX-S014]\n"
		FILE_A ":3:3: error: " MSG_AWKWARD " [AX-S001]\n"
		"\t\t<xacml:Rule RuleId=\"r1\">\n"
		"\t\t^\n"
		FILE_A ":4:6: warning: " MSG_UTF8 " [AX-C004]\n"
		"  \xc2\xab\xc3\xa6\xc3\xb8\xc3\xa5\xc2\xbb<x/>\n"
		"     ^\n"
		"b.xml:7:2: error: plain [AX-S008]\n"
		"x?[31my\n"
		" ^\n");
	free(s);
	/* nothing at all for an empty run */
	s = render(AP_REPORT_TEXT, 0, NULL);
	assert_string_equal(s, "");
	free(s);
	run_release(&r);
}

static void test_report_text_color(void **state)
{
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_TEXT, 1, &r);
	assert_non_null(strstr(s, "\033[1m" FILE_A ":\033[0m \033[1;36minfo:\033[0m whole file [AX-S014]\n"));
	assert_non_null(strstr(s, "\033[1m" FILE_A ":3:3:\033[0m \033[1;31merror:\033[0m quote"));
	assert_non_null(strstr(s, "\033[1m" FILE_A ":4:6:\033[0m \033[1;33mwarning:\033[0m "));
	assert_non_null(strstr(s, "\t\t\033[1;32m^\033[0m\n"));
	/* the escape sequence of the source line is still neutralised */
	assert_non_null(strstr(s, "x?[31my\n"));
	free(s);
	/* without colour, no escape character at all */
	s = render(AP_REPORT_TEXT, 0, &r);
	assert_null(strchr(s, '\033'));
	free(s);
	run_release(&r);
}

/* Columns past the end, unknown columns, CRLF, invalid UTF-8. */
static void test_report_text_edges(void **state)
{
	char *s;

	(void)state;
	/* caret just after the last character (e.g. a missing '>') */
	s = text_of(1, 4, "<a ");
	assert_string_equal(s, "f.xml:1:4: error: m [AX-S001]\n<a \n   ^\n");
	free(s);
	/* column 0 on a line: the line, no caret */
	s = text_of(2, 0, "<b/>");
	assert_string_equal(s, "f.xml:2:0: error: m [AX-S001]\n<b/>\n");
	free(s);
	/* no snippet: the gcc line only */
	s = text_of(2, 1, NULL);
	assert_string_equal(s, "f.xml:2:1: error: m [AX-S001]\n");
	free(s);
	/* CR LF line ending removed; stray continuation bytes count as one */
	s = text_of(1, 3, "\x80\x80z<c/>\r\n");
	assert_string_equal(s, "f.xml:1:3: error: m [AX-S001]\n\x80\x80z<c/>\n  ^\n");
	free(s);
	/* a column beyond what the source line holds (a snippet cut short):
	 * the source line would not show the place, so it is left out */
	s = text_of(1, 9, "<d/>");
	assert_string_equal(s, "f.xml:1:9: error: m [AX-S001]\n");
	free(s);
}

/* A one-line policy: a window around the column. */
static void test_report_text_long_line(void **state)
{
	char line[601], *s, *src, *caret, *end;
	size_t i;

	(void)state;
	for (i = 0; i < 600; i++)
		line[i] = (char)('a' + i % 26);
	line[600] = '\0';
	line[299] = '#'; /* column 300 */
	s = text_of(1, 300, line);
	src = strchr(s, '\n') + 1;
	caret = strchr(src, '\n') + 1;
	end = strchr(caret, '\n');
	assert_non_null(end);
	assert_int_equal(end[1], '\0');
	/* cut on both sides, the caret under the '#' */
	assert_memory_equal(src, "...", 3);
	assert_memory_equal(caret - 4, "...", 3);
	assert_true(caret - src - 1 < 200);
	assert_int_equal(caret[end - caret - 1], '^');
	assert_int_equal(src[end - caret - 1], '#');
	free(s);

	/* near the start: cut on the right only */
	s = text_of(1, 5, line);
	src = strchr(s, '\n') + 1;
	assert_memory_equal(src, "abcd", 4);
	caret = strchr(src, '\n') + 1;
	assert_memory_equal(caret - 4, "...", 3);
	assert_string_equal(caret, "    ^\n");
	free(s);

	/* at the very end: cut on the left only, caret after the last */
	s = text_of(1, 601, line);
	src = strchr(s, '\n') + 1;
	caret = strchr(src, '\n') + 1;
	assert_memory_equal(src, "...", 3);
	assert_memory_equal(caret - 4, line + 597, 3);
	end = strchr(caret, '\n');
	assert_int_equal(end - caret - 1, caret - src - 1);
	free(s);

	/* a line of exactly 200 characters is shown whole */
	line[200] = '\0';
	s = text_of(1, 150, line);
	src = strchr(s, '\n') + 1;
	assert_memory_equal(src, line, 200);
	assert_int_equal(src[200], '\n');
	free(s);
}

/* ---- gcc -------------------------------------------------------------- */

static void test_report_gcc(void **state)
{
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_GCC, 1, &r); /* colour is for text only */
	assert_string_equal(s,
		FILE_A ": info: whole file [AX-S014]\n"
		FILE_A ":3:3: error: " MSG_AWKWARD " [AX-S001]\n"
		FILE_A ":4:6: warning: " MSG_UTF8 " [AX-C004]\n"
		"b.xml:7:2: error: plain [AX-S008]\n");
	free(s);
	run_release(&r);
}

/* ---- json ------------------------------------------------------------- */

static json_t *parse_json(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);

	if (v == NULL)
		fail_msg("not JSON at %d:%d: %s\n%s", e.line, e.column, e.text, s);
	return v;
}

static json_int_t jint(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("no string '%s'", key);
	return json_string_value(v);
}

static void test_report_json(void **state)
{
	json_t *doc, *files, *f, *fi, *sum;
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_JSON, 0, &r);
	doc = parse_json(s);
	assert_int_equal(jint(doc, "version"), 1);
	assert_string_equal(jstr(json_object_get(doc, "tool"), "name"), "altinn-policy");
	assert_string_equal(jstr(json_object_get(doc, "tool"), "version"), "9.9.9");
	files = json_object_get(doc, "files");
	assert_int_equal(json_array_size(files), 3);
	f = json_array_get(files, 0);
	assert_string_equal(jstr(f, "file"), FILE_A);
	fi = json_object_get(f, "findings");
	assert_int_equal(json_array_size(fi), 3);
	assert_string_equal(jstr(json_array_get(fi, 0), "ruleId"), "AX-S014");
	assert_string_equal(jstr(json_array_get(fi, 0), "severity"), "info");
	assert_int_equal(jint(json_array_get(fi, 0), "line"), 0);
	assert_int_equal(jint(json_array_get(fi, 0), "column"), 0);
	assert_string_equal(jstr(json_array_get(fi, 1), "message"), MSG_AWKWARD);
	assert_string_equal(jstr(json_array_get(fi, 1), "severity"), "error");
	assert_int_equal(jint(json_array_get(fi, 1), "line"), 3);
	assert_int_equal(jint(json_array_get(fi, 1), "column"), 3);
	assert_string_equal(jstr(json_array_get(fi, 2), "message"), MSG_UTF8);
	assert_string_equal(jstr(json_array_get(fi, 2), "severity"), "warning");
	f = json_array_get(files, 1);
	assert_string_equal(jstr(f, "file"), "clean.xml");
	assert_int_equal(json_array_size(json_object_get(f, "findings")), 0);
	assert_string_equal(jstr(json_array_get(files, 2), "file"), "b.xml");
	sum = json_object_get(doc, "summary");
	assert_int_equal(jint(sum, "errors"), 2);
	assert_int_equal(jint(sum, "warnings"), 1);
	assert_int_equal(jint(sum, "infos"), 1);
	assert_int_equal(jint(sum, "filesChecked"), 3);
	assert_int_equal(jint(sum, "filesWithFindings"), 2);
	/* one file object per line between the head and the summary */
	assert_int_equal(strncmp(s, "{\"version\":1,", 13), 0);
	assert_non_null(strstr(s, "\"files\":[\n{\"file\":\"dir/a b,c:d%.xml\""));
	assert_non_null(strstr(s, "]},\n{\"file\":\"clean.xml\",\"findings\":[]},\n{\"file\":\"b.xml\""));
	assert_non_null(strstr(s, "]}\n],\"summary\":{\"errors\":2,"));
	assert_int_equal(s[strlen(s) - 1], '\n');
	json_decref(doc);
	free(s);

	/* an empty run is still one valid document */
	s = render(AP_REPORT_JSON, 0, NULL);
	doc = parse_json(s);
	assert_int_equal(json_array_size(json_object_get(doc, "files")), 0);
	assert_int_equal(jint(json_object_get(doc, "summary"), "filesChecked"), 0);
	json_decref(doc);
	free(s);
	run_release(&r);
}

/* Bytes that are not UTF-8 (a Latin-1 file name) still give valid JSON. */
static void test_report_json_invalid_utf8(void **state)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_buf out = AP_BUF_INIT;
	json_t *doc, *f;

	(void)state;
	add(&l, "AX-S001", AP_SEV_ERROR, "caf\xe9.xml", 1, 1, "bad \xff byte", NULL);
	assert_int_equal(ap_report_write(AP_REPORT_JSON, &l, &out), AP_OK);
	doc = parse_json(out.ptr);
	f = json_array_get(json_object_get(doc, "files"), 0);
	assert_string_equal(jstr(f, "file"), "caf\xef\xbf\xbd.xml");
	assert_string_equal(jstr(json_array_get(json_object_get(f, "findings"), 0), "message"),
			    "bad \xef\xbf\xbd byte");
	json_decref(doc);
	ap_buf_reset(&out);
	assert_int_equal(ap_report_write(AP_REPORT_SARIF, &l, &out), AP_OK);
	doc = parse_json(out.ptr);
	json_decref(doc);
	ap_buf_release(&out);
	ap_diag_list_release(&l);
}

/* ---- sarif ------------------------------------------------------------ */

static json_t *location_of(const json_t *result)
{
	return json_object_get(json_array_get(json_object_get(result, "locations"), 0),
			       "physicalLocation");
}

static void test_report_sarif(void **state)
{
	json_t *doc, *run, *driver, *rules, *results, *res, *loc, *region;
	struct ap_rule_info ri;
	struct run r;
	size_t i;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_SARIF, 0, &r);
	doc = parse_json(s);
	assert_non_null(strstr(jstr(doc, "$schema"), "sarif-schema-2.1.0.json"));
	assert_string_equal(jstr(doc, "version"), "2.1.0");
	assert_int_equal(json_array_size(json_object_get(doc, "runs")), 1);
	run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_string_equal(jstr(run, "columnKind"), "unicodeCodePoints");
	driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(jstr(driver, "name"), "altinn-policy");
	assert_string_equal(jstr(driver, "version"), "9.9.9");
	assert_null(json_object_get(driver, "informationUri"));

	/* every rule of the registry, in registry order */
	rules = json_object_get(driver, "rules");
	assert_int_equal(json_array_size(rules), ap_rule_count());
	for (i = 0; i < ap_rule_count(); i++) {
		json_t *rule = json_array_get(rules, i);
		const char *page, *lvl;

		assert_int_equal(ap_rule_at(i, &ri), AP_OK);
		assert_string_equal(jstr(rule, "id"), ri.id);
		assert_string_equal(jstr(rule, "name"), ri.name);
		assert_string_equal(jstr(json_object_get(rule, "shortDescription"), "text"), ri.summary);
		assert_non_null(strstr(jstr(json_object_get(rule, "fullDescription"), "text"), ri.summary));
		assert_true(strlen(jstr(json_object_get(rule, "help"), "text")) > 0);
		page = ap_rule_page(ri.id);
		if (page)
			assert_string_equal(jstr(json_object_get(rule, "help"), "markdown"), page);
		lvl = jstr(json_object_get(rule, "defaultConfiguration"), "level");
		assert_string_equal(lvl, ri.severity == AP_SEV_ERROR ? "error"
					 : ri.severity == AP_SEV_WARNING ? "warning" : "note");
	}

	/* one result per finding, in order */
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 4);
	res = json_array_get(results, 0); /* line 0: no region */
	assert_string_equal(jstr(res, "ruleId"), "AX-S014");
	assert_string_equal(jstr(res, "level"), "note");
	assert_string_equal(jstr(json_object_get(res, "message"), "text"), "whole file");
	assert_string_equal(jstr(json_array_get(rules, (size_t)jint(res, "ruleIndex")), "id"), "AX-S014");
	loc = location_of(res);
	assert_string_equal(jstr(json_object_get(loc, "artifactLocation"), "uri"),
			    "dir/a%20b,c%3Ad%25.xml");
	assert_null(json_object_get(loc, "region"));
	res = json_array_get(results, 1);
	assert_string_equal(jstr(res, "level"), "error");
	assert_string_equal(jstr(json_object_get(res, "message"), "text"), MSG_AWKWARD);
	assert_string_equal(jstr(json_array_get(rules, (size_t)jint(res, "ruleIndex")), "id"), "AX-S001");
	region = json_object_get(location_of(res), "region");
	assert_int_equal(jint(region, "startLine"), 3);
	assert_int_equal(jint(region, "startColumn"), 3);
	res = json_array_get(results, 2);
	assert_string_equal(jstr(res, "level"), "warning");
	assert_string_equal(jstr(json_object_get(res, "message"), "text"), MSG_UTF8);
	res = json_array_get(results, 3);
	assert_string_equal(jstr(json_object_get(location_of(res), "artifactLocation"), "uri"),
			    "b.xml");
	json_decref(doc);
	free(s);

	/* an empty run: the rule table and no result */
	s = render(AP_REPORT_SARIF, 0, NULL);
	doc = parse_json(s);
	run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(
				 json_object_get(run, "tool"), "driver"), "rules")),
			 ap_rule_count());
	json_decref(doc);
	free(s);
	run_release(&r);
}

/* Absolute paths become file:// URIs; unknown rule ids get no ruleIndex;
 * a line without a column gets a region without startColumn. */
static void test_report_sarif_edges(void **state)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_buf out = AP_BUF_INIT;
	json_t *doc, *results, *loc;

	(void)state;
	add(&l, "AX-S001", AP_SEV_ERROR, "/tmp/x y.xml", 5, 0, "m", NULL);
	add(&l, "XX-Z999", AP_SEV_WARNING, "/tmp/x y.xml", 6, 2, "m", NULL);
	assert_int_equal(ap_report_write(AP_REPORT_SARIF, &l, &out), AP_OK);
	doc = parse_json(out.ptr);
	results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
	loc = location_of(json_array_get(results, 0));
	assert_string_equal(jstr(json_object_get(loc, "artifactLocation"), "uri"),
			    "file:///tmp/x%20y.xml");
	assert_int_equal(jint(json_object_get(loc, "region"), "startLine"), 5);
	assert_null(json_object_get(json_object_get(loc, "region"), "startColumn"));
	assert_null(json_object_get(json_array_get(results, 1), "ruleIndex"));
	assert_string_equal(jstr(json_array_get(results, 1), "ruleId"), "XX-Z999");
	json_decref(doc);
	ap_buf_release(&out);
	ap_diag_list_release(&l);
}

/* ---- github ----------------------------------------------------------- */

static void test_report_github(void **state)
{
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_GITHUB, 0, &r);
	assert_string_equal(s,
		"::notice file=dir/a b%2Cc%3Ad%25.xml,title=AX-S014::whole file\n"
		"::error file=dir/a b%2Cc%3Ad%25.xml,line=3,col=3,title=AX-S001::"
		"quote \" apostrophe ' <tag> & 100%25 a:b, c%0Asecond line\n"
		"::warning file=dir/a b%2Cc%3Ad%25.xml,line=4,col=6,title=AX-C004::" MSG_UTF8 "\n"
		"::error file=b.xml,line=7,col=2,title=AX-S008::plain\n");
	free(s);
	s = render(AP_REPORT_GITHUB, 0, NULL);
	assert_string_equal(s, "");
	free(s);
	run_release(&r);
}

/* ---- XML formats ------------------------------------------------------ */

static xmlDocPtr parse_xml(const char *s)
{
	xmlDocPtr d = xmlReadMemory(s, (int)strlen(s), "report.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (d == NULL)
		fail_msg("not well-formed XML:\n%s", s);
	return d;
}

/* The n-th element child of parent named name (0-based), or NULL. */
static xmlNodePtr child(xmlNodePtr parent, const char *name, int n)
{
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name) && n-- == 0)
			return c;
	return NULL;
}

static int count_children(xmlNodePtr parent, const char *name)
{
	int n = 0;

	while (child(parent, name, n))
		n++;
	return n;
}

/* Asserts attribute name of node has value (NULL: is absent). */
#define assert_attr(node, name, value) \
	h_assert_attr((node), (name), (value), __LINE__)
static void h_assert_attr(xmlNodePtr node, const char *name, const char *value,
			  int line)
{
	xmlChar *v;

	if (node == NULL)
		fail_msg("line %d: no element for attribute %s", line, name);
	v = xmlGetProp(node, BAD_CAST name);
	if (value == NULL && v != NULL)
		fail_msg("line %d: attribute %s='%s' should be absent", line, name, v);
	if (value != NULL && (v == NULL || strcmp((char *)v, value) != 0))
		fail_msg("line %d: attribute %s is '%s', not '%s'", line, name,
			 v ? (char *)v : "(absent)", value);
	xmlFree(v);
}

static void assert_content(xmlNodePtr node, const char *want)
{
	xmlChar *t;

	assert_non_null(node);
	t = xmlNodeGetContent(node);
	assert_string_equal((char *)t, want);
	xmlFree(t);
}

static void test_report_junit(void **state)
{
	xmlNodePtr root, suite, tc, fl;
	xmlDocPtr d;
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_JUNIT, 0, &r);
	assert_int_equal(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39), 0);
	d = parse_xml(s);
	root = xmlDocGetRootElement(d);
	assert_string_equal((const char *)root->name, "testsuites");
	assert_attr(root, "tests", "3");
	assert_attr(root, "failures", "2");
	suite = child(root, "testsuite", 0);
	assert_attr(suite, "name", "altinn-policy");
	assert_attr(suite, "tests", "3");
	assert_attr(suite, "failures", "2");
	assert_attr(suite, "errors", "0");
	assert_int_equal(count_children(suite, "testcase"), 3);
	tc = child(suite, "testcase", 0);
	assert_attr(tc, "name", FILE_A);
	assert_attr(tc, "classname", "altinn-policy");
	assert_int_equal(count_children(tc, "failure"), 3);
	fl = child(tc, "failure", 1);
	assert_attr(fl, "message", MSG_AWKWARD); /* the newline survives */
	assert_attr(fl, "type", "AX-S001");
	assert_content(fl, FILE_A ":3:3: error: " MSG_AWKWARD " [AX-S001]");
	assert_content(child(tc, "failure", 0), FILE_A ": info: whole file [AX-S014]");
	assert_attr(child(tc, "failure", 2), "message", MSG_UTF8);
	tc = child(suite, "testcase", 1);
	assert_attr(tc, "name", "clean.xml");
	assert_int_equal(count_children(tc, "failure"), 0);
	assert_attr(child(suite, "testcase", 2), "name", "b.xml");
	xmlFreeDoc(d);
	free(s);

	/* an empty run */
	s = render(AP_REPORT_JUNIT, 0, NULL);
	d = parse_xml(s);
	root = xmlDocGetRootElement(d);
	assert_attr(root, "tests", "0");
	assert_attr(child(root, "testsuite", 0), "failures", "0");
	xmlFreeDoc(d);
	free(s);
	run_release(&r);
}

static void test_report_checkstyle(void **state)
{
	xmlNodePtr root, f, e;
	xmlDocPtr d;
	struct run r;
	char *s;

	(void)state;
	run_init(&r);
	s = render(AP_REPORT_CHECKSTYLE, 0, &r);
	d = parse_xml(s);
	root = xmlDocGetRootElement(d);
	assert_string_equal((const char *)root->name, "checkstyle");
	assert_attr(root, "version", "4.3");
	assert_int_equal(count_children(root, "file"), 3);
	f = child(root, "file", 0);
	assert_attr(f, "name", FILE_A);
	assert_int_equal(count_children(f, "error"), 3);
	e = child(f, "error", 0);
	assert_attr(e, "line", "0");
	assert_attr(e, "column", NULL);
	assert_attr(e, "severity", "info");
	assert_attr(e, "source", "altinn-policy.AX-S014");
	e = child(f, "error", 1);
	assert_attr(e, "line", "3");
	assert_attr(e, "column", "3");
	assert_attr(e, "severity", "error");
	assert_attr(e, "message", MSG_AWKWARD);
	assert_attr(e, "source", "altinn-policy.AX-S001");
	e = child(f, "error", 2);
	assert_attr(e, "severity", "warning");
	assert_attr(e, "message", MSG_UTF8);
	f = child(root, "file", 1);
	assert_attr(f, "name", "clean.xml");
	assert_int_equal(count_children(f, "error"), 0);
	assert_attr(child(root, "file", 2), "name", "b.xml");
	xmlFreeDoc(d);
	free(s);

	s = render(AP_REPORT_CHECKSTYLE, 0, NULL);
	assert_string_equal(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<checkstyle version=\"4.3\">\n</checkstyle>\n");
	free(s);
	run_release(&r);
}

/* Control characters XML 1.0 forbids and invalid UTF-8 give well-formed
 * XML in both XML formats. */
static void test_report_xml_hostile(void **state)
{
	static const enum ap_report_format fmts[] = {AP_REPORT_JUNIT, AP_REPORT_CHECKSTYLE};
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	size_t i;

	(void)state;
	add(&l, "AX-S001", AP_SEV_ERROR, "caf\xe9\x01.xml", 1, 1,
	    "nul\x01 bell\x07 ff\x0c ]]> \xef\xbf\xbe \xed\xa0\x80 \xc0\xaf", NULL);
	for (i = 0; i < N_ELEMS(fmts); i++) {
		struct ap_buf out = AP_BUF_INIT;
		xmlDocPtr d;

		assert_int_equal(ap_report_write(fmts[i], &l, &out), AP_OK);
		assert_null(strstr(out.ptr, "]]>"));
		d = parse_xml(out.ptr);
		xmlFreeDoc(d);
		ap_buf_release(&out);
	}
	ap_diag_list_release(&l);
}

/* ---- escaping helpers ------------------------------------------------- */

static char *esc(int (*fn)(struct ap_buf *, const char *), const char *in)
{
	struct ap_buf b = AP_BUF_INIT;
	char *s;

	assert_int_equal(fn(&b, in), AP_OK);
	s = ap_buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

#define assert_esc(fn, in, want)                \
	do {                                    \
		char *got_ = esc((fn), (in));   \
		assert_string_equal(got_, (want)); \
		free(got_);                     \
	} while (0)

static void test_report_escape(void **state)
{
	uint32_t cp = 0;
	json_t *v;

	(void)state;
	assert_esc(ap_report__xml_escape, "a<b>&\"'\t\n\r\x01z",
		   "a&lt;b&gt;&amp;&quot;'&#9;&#10;&#13;\xef\xbf\xbdz");
	assert_esc(ap_report__xml_escape, "", "");
	assert_esc(ap_report__xml_escape, "\xc3\xa6\xe2\x98\x83\xf0\x9f\x98\x80",
		   "\xc3\xa6\xe2\x98\x83\xf0\x9f\x98\x80");
	assert_esc(ap_report__gh_data, "100% a:b,c\r\n", "100%25 a:b,c%0D%0A");
	assert_esc(ap_report__gh_property, "100% a:b,c\r\n", "100%25 a%3Ab%2Cc%0D%0A");
	assert_esc(ap_report__uri_path, "dir/a b#?[]%:\xc3\xa6@~(x).xml",
		   "dir/a%20b%23%3F%5B%5D%25%3A%C3%A6@~(x).xml");
	assert_esc(ap_report__uri_path, "/abs/p q", "file:///abs/p%20q");
	assert_esc(ap_report__uri_path, "back\\slash", "back%5Cslash");
	assert_esc(ap_report__utf8_clean, "ok\xff\xc3(\xe2\x82", "ok\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd");

	/* decoder: shortest form, no surrogates, at most U+10FFFF */
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\xe2\x98", 2, &cp), 0);
	assert_int_equal(ap_report__utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);

	v = ap_report__json_str("x\xfey");
	assert_non_null(v);
	assert_string_equal(json_string_value(v), "x\xef\xbf\xbdy");
	json_decref(v);
}

/* ---- allocation failure ----------------------------------------------- */

static void test_report_out_of_memory(void **state)
{
	struct run r;
	int fi;

	(void)state;
	run_init(&r);
	for (fi = 0; fi < AP_REPORT_FORMAT_COUNT; fi++) {
		enum ap_report_format f = (enum ap_report_format)fi;
		long n;

		for (n = 1;; n++) {
			struct ap_buf out = AP_BUF_INIT;
			long live;
			int ret;

			h_alloc_fail_at(n);
			ret = render_into(&out, f, 1, &r);
			ap_buf_release(&out);
			live = h_alloc_live();
			if (!h_alloc_failed()) {
				h_alloc_off();
				assert_int_equal(ret, AP_OK);
				assert_int_equal(live, 0);
				break;
			}
			h_alloc_off();
			if (ret != AP_ENOMEM || live != 0)
				fail_msg("%s: allocation %ld failed: returned %d, %ld blocks leaked",
					 ap_report_format_name(f), n, ret, live);
			if (n > 10000)
				fail_msg("%s: never succeeded", ap_report_format_name(f));
		}
	}
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_format_names),
		cmocka_unit_test(test_report_text),
		cmocka_unit_test(test_report_text_color),
		cmocka_unit_test(test_report_text_edges),
		cmocka_unit_test(test_report_text_long_line),
		cmocka_unit_test(test_report_gcc),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_report_json_invalid_utf8),
		cmocka_unit_test(test_report_sarif),
		cmocka_unit_test(test_report_sarif_edges),
		cmocka_unit_test(test_report_github),
		cmocka_unit_test(test_report_junit),
		cmocka_unit_test(test_report_checkstyle),
		cmocka_unit_test(test_report_xml_hostile),
		cmocka_unit_test(test_report_escape),
		cmocka_unit_test(test_report_out_of_memory),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
