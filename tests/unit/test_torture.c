/*
 * Allocation-failure torture (issue 8): every library path a user reaches
 * runs on representative inputs with the 1st, 2nd, ... allocation failing
 * (h_torture in the harness).  Each run must end in AP_ENOMEM with nothing
 * leaked, or in exactly the answer of the run without failures; a wrong
 * "clean" verdict fails.  Modules add their paths here as they arrive.
 */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/config.h"
#include "altinn-policy/fix.h"
#include "altinn-policy/fmt.h"

/* What a lint case needs: an input and the linter's settings. */
struct lint_case {
	const char *path;        /* relative to the source dir */
	enum ap_profile profile;
	int schema;              /* also validate against the XSD */
	enum ap_report_format format;
};

/* The findings as the chosen report format prints them: that string is
 * what a user sees, so it is the result to compare. */
static int lint_round_trip(void *ctx, char **out)
{
	const struct lint_case *c = ctx;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_linter *linter = NULL;
	char *path = h_src_path(c->path);
	int ret;

	o.profile = c->profile;
	o.validate_schema = c->schema;
	o.resource_json = 0;
	ret = ap_linter_new(&linter, &o, &err);
	if (ret == AP_OK)
		ret = ap_lint_file(linter, path, c->path, &l, &err);
	if (ret == AP_OK)
		ret = ap_report_write(c->format, &l, &text);
	if (ret == AP_OK) {
		*out = strdup(text.ptr ? text.ptr : "");
		assert_non_null(*out);
	}
	ap_buf_release(&text);
	ap_diag_list_release(&l);
	ap_linter_free(linter);
	free(path);
	return ret;
}

static void torture_lint(const struct lint_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char what[256];

		snprintf(what, sizeof(what), "lint %s (%s%s, %s)", cases[i].path,
			 ap_profile_name(cases[i].profile), cases[i].schema ? ", xsd" : "",
			 ap_report_format_name(cases[i].format));
		print_message("%s: %ld allocations failed in turn\n", what,
			      h_torture(what, lint_round_trip, (void *)&cases[i]));
	}
}

/* The project's own example policies: clean, broken and malformed. */
static void test_torture_lint_examples(void **state)
{
	static const struct lint_case cases[] = {
		{"policies/ExamplePolicy.xml", AP_PROFILE_CORRESPONDENCE, 1, AP_REPORT_SARIF},
		{"policies/broken/org-rolecode.xml", AP_PROFILE_CORRESPONDENCE, 0, AP_REPORT_TEXT},
		{"policies/broken/case-sensitive-dagl.xml", AP_PROFILE_CORRESPONDENCE, 0, AP_REPORT_JSON},
		{"policies/broken/not-well-formed.xml", AP_PROFILE_RESOURCE, 1, AP_REPORT_GCC},
		{"policies/broken/policyset.xml", AP_PROFILE_RESOURCE, 0, AP_REPORT_JUNIT},
		{"tests/rules/AX-Q008/bad-unused.xml", AP_PROFILE_CORRESPONDENCE, 0, AP_REPORT_CHECKSTYLE},
		{"tests/rules/AX-Q008/good-used-next-line.xml", AP_PROFILE_CORRESPONDENCE, 0, AP_REPORT_GITHUB},
	};

	(void)state;
	torture_lint(cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * Every real policy of ../shared/corpus/real (skipped when absent), each
 * with another profile, report format and schema setting, so that the
 * corpus as a whole reaches every rule and every reporter.  Under valgrind
 * every 10th file.
 */
static void test_torture_lint_corpus(void **state)
{
	const char *vg = getenv("AP_VALGRIND");
	size_t stride = vg && strcmp(vg, "1") == 0 ? 10 : 1, i, done = 0;
	char *dir = h_src_path("../shared/corpus/real");
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), k;

	(void)state;
	if (n < 0) {
		free(dir);
		skip();
	}
	for (k = 0, i = 0; k < n; k++) {
		const char *name = names[k]->d_name;
		size_t len = strlen(name);

		if (len > 4 && strcmp(name + len - 4, ".xml") == 0 && i++ % stride == 0) {
			struct lint_case c;
			char rel[512], what[600];

			snprintf(rel, sizeof(rel), "../shared/corpus/real/%s", name);
			c.path = rel;
			c.profile = (enum ap_profile)(i % AP_PROFILE_COUNT);
			c.schema = (int)(i % 2);
			c.format = (enum ap_report_format)(i % AP_REPORT_FORMAT_COUNT);
			snprintf(what, sizeof(what), "lint %s", name);
			h_torture(what, lint_round_trip, &c);
			done++;
		}
		free(names[k]);
	}
	free(names);
	free(dir);
	print_message("%zu corpus files, every allocation failed in turn\n", done);
	assert_true(done > 0);
}

/* fmt: the canonical bytes are the result. */
static int fmt_round_trip(void *ctx, char **out)
{
	const char *rel = ctx;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	size_t len;
	char *data = h_read_fixture(rel, &len);
	int ret = ap_fmt_memory(data, len, rel, NULL, &text, &err);

	/* a refusal (not well-formed input) is an answer too */
	if (ret == AP_EPARSE) {
		size_t n = strlen(err.message) + 16;

		*out = malloc(n);
		assert_non_null(*out);
		snprintf(*out, n, "refused: %s", err.message);
		ret = AP_OK;
	} else if (ret == AP_OK) {
		*out = strndup(text.ptr ? text.ptr : "", text.len);
		assert_non_null(*out);
	}
	ap_buf_release(&text);
	free(data);
	return ret;
}

/* fix (unsafe fixes too): the fixed bytes and what remains. */
static int fix_round_trip(void *ctx, char **out)
{
	const char *rel = ctx;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_fix_options fo = AP_FIX_OPTIONS_INIT;
	struct ap_fix_result res = AP_FIX_RESULT_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_linter *linter = NULL;
	size_t len;
	char *data = h_read_fixture(rel, &len);
	int ret;

	o.resource_json = 0;
	fo.unsafe = 1;
	ret = ap_linter_new(&linter, &o, &err);
	if (ret == AP_OK)
		ret = ap_fix_memory(linter, rel, data, len, &fo, &res, &err);
	if (ret == AP_OK)
		ret = ap_report_write(AP_REPORT_GCC, &res.remaining, &text);
	if (ret == AP_OK) {
		size_t n = res.fixed.len + text.len + 2;

		*out = malloc(n);
		assert_non_null(*out);
		snprintf(*out, n, "%.*s\n%s", (int)res.fixed.len,
			 res.fixed.ptr ? res.fixed.ptr : "", text.ptr ? text.ptr : "");
	}
	ap_buf_release(&text);
	ap_fix_result_release(&res);
	ap_linter_free(linter);
	free(data);
	return ret;
}

static const char *const fmt_fix_inputs[] = {
	"policies/ExamplePolicy.xml",
	"policies/broken/org-rolecode.xml",
	"policies/broken/case-sensitive-dagl.xml",
	"policies/broken/mustbepresent-capitalised.xml",
	"policies/broken/not-well-formed.xml",
	"tests/rules/AX-Q008/good-used-next-line.xml",
};

/* Runs op on every input of fmt_fix_inputs, named "<verb> <path>". */
static void torture_each(const char *verb, h_torture_fn op)
{
	size_t i;

	for (i = 0; i < sizeof(fmt_fix_inputs) / sizeof(fmt_fix_inputs[0]); i++) {
		char what[256];

		snprintf(what, sizeof(what), "%s %s", verb, fmt_fix_inputs[i]);
		h_torture(what, op, (void *)fmt_fix_inputs[i]);
	}
}

static void test_torture_fmt(void **state)
{
	(void)state;
	torture_each("fmt", fmt_round_trip);
}

static void test_torture_fix(void **state)
{
	(void)state;
	torture_each("fix", fix_round_trip);
}

/* generate: catalog, template, parameters, check, render and lint; the
 * rendered bytes and the findings are the result. */
static int generate_round_trip(void *ctx, char **out)
{
	const char *name = ctx;
	const char *dirs[] = {"templates"};
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_diag_list problems = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_gen_catalog *catalog = NULL;
	ap_gen_template *t = NULL;
	ap_gen_params *params = NULL;
	ap_linter *linter = NULL;
	char example[256], *path;
	int ret;

	snprintf(example, sizeof(example), "templates/%s.example.json", name);
	path = h_src_path(example);
	ret = ap_gen_catalog_new(&catalog, dirs, 1, &err);
	if (ret == AP_OK)
		ret = ap_gen_template_open(&t, catalog, name, &err);
	if (ret == AP_OK)
		ret = ap_gen_params_load(&params, path, example, &err);
	if (ret == AP_OK)
		ret = ap_gen_params_set(params, t, "authLevel=4", &err);
	if (ret == AP_OK)
		ret = ap_gen_params_check(params, 0, t, &problems, &err);
	if (ret == AP_OK && problems.count == 0)
		ret = ap_gen_render(t, ap_gen_params_at(params, 0), &text, &err);
	if (ret == AP_OK) {
		o.profile = ap_gen_template_profile(t);
		o.resource_json = 0;
		ret = ap_linter_new(&linter, &o, &err);
	}
	if (ret == AP_OK)
		ret = ap_gen_check_output(t, linter, "out", text.ptr ? text.ptr : "",
					  text.len, &problems, &err);
	if (ret == AP_OK) {
		size_t n = text.len + 64;

		*out = malloc(n);
		assert_non_null(*out);
		snprintf(*out, n, "%.*s\n%zu findings\n", (int)text.len,
			 text.ptr ? text.ptr : "", problems.count);
	}
	ap_linter_free(linter);
	ap_diag_list_release(&problems);
	ap_buf_release(&text);
	ap_gen_params_free(params);
	ap_gen_template_free(t);
	ap_gen_catalog_free(catalog);
	free(path);
	return ret;
}

static void test_torture_generate(void **state)
{
	static const char *const names[] = {
		"correspondence", "resource", "broker", "resource-json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "generate %s", names[i]);
		print_message("%s: %ld allocations failed in turn\n", what,
			      h_torture(what, generate_round_trip, (void *)names[i]));
	}
}

/* eval: a policy and a request in each semantics, with the trace; the
 * formatted result and the policy's matrix against the docs' example are
 * the result. */
struct eval_case {
	const char *policy;
	const char *request; /* NULL: DAGL read by shortcuts */
	enum ap_semantics sem;
};

static int eval_round_trip(void *ctx, char **out)
{
	const struct eval_case *c = ctx;
	struct ap_result res = AP_RESULT_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_doc *doc = NULL, *other = NULL;
	ap_engine *e = NULL, *eo = NULL;
	ap_req *req = NULL;
	ap_matrix *m = NULL;
	char *path = h_src_path(c->policy), *opath = h_src_path("policies/broken/org-rolecode.xml");
	int ret;

	ret = ap_doc_load_file(&doc, path, c->policy, NULL, &err);
	if (ret == AP_OK)
		ret = ap_engine_new(&e, doc, c->sem, &err);
	if (ret == AP_OK && c->request) {
		char *rpath = h_src_path(c->request);

		ret = ap_req_load_file(&req, rpath, &err);
		free(rpath);
	} else if (ret == AP_OK) {
		ret = ap_req_new(&req, &err);
		if (ret == AP_OK)
			ret = ap_req_add_shortcut(req, AP_CAT_SUBJECT, "urn:altinn:rolecode=DAGL", &err);
		if (ret == AP_OK)
			ret = ap_req_add_shortcut(req, AP_CAT_ACTION, "read", &err);
		if (ret == AP_OK)
			ret = ap_req_add_shortcut(req, AP_CAT_RESOURCE, "urn:altinn:resource=example-correspondence", &err);
	}
	if (ret == AP_OK)
		ret = ap_engine_decide(e, ap_req_view(req), AP_EVAL_EXPLAIN, &res, &err);
	if (ret == AP_OK)
		ret = ap_result_format(&res, doc, 1, &text);
	if (ret == AP_OK)
		ret = ap_doc_load_file(&other, opath, "old.xml", NULL, &err);
	if (ret == AP_OK)
		ret = ap_engine_new(&eo, other, c->sem == AP_SEMANTICS_XACML ? AP_SEMANTICS_ALTINN : c->sem, &err);
	if (ret == AP_OK && c->sem != AP_SEMANTICS_XACML) {
		ret = ap_matrix_build(&m, eo, e, &err);
		if (ret == AP_OK)
			ret = ap_matrix_format(m, 0, 1, &text);
	}
	if (ret == AP_OK) {
		*out = strndup(text.ptr ? text.ptr : "", text.len);
		assert_non_null(*out);
	}
	ap_matrix_free(m);
	ap_result_release(&res);
	ap_buf_release(&text);
	ap_req_free(req);
	ap_engine_free(e);
	ap_engine_free(eo);
	ap_doc_free(doc);
	ap_doc_free(other);
	free(path);
	free(opath);
	return ret;
}

static void test_torture_eval(void **state)
{
	static const struct eval_case cases[] = {
		{"policies/ExamplePolicy.xml", NULL, AP_SEMANTICS_ALTINN},
		{"policies/ExamplePolicy.xml", NULL, AP_SEMANTICS_ALTINN_LEGACY},
		{"policies/ExamplePolicy.xml", "tests/golden/eval/multi-requests/request.json", AP_SEMANTICS_ALTINN},
		{"tests/conformance/cases/XA005Policy.xml", "tests/conformance/cases/XA005Request.xml", AP_SEMANTICS_XACML},
		{"tests/conformance/cases/XA007Policy.xml", "tests/conformance/cases/XA007Request.xml", AP_SEMANTICS_XACML},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[256];

		snprintf(what, sizeof(what), "eval %s (%s)", cases[i].policy,
			 ap_semantics_name(cases[i].sem));
		print_message("%s: %ld allocations failed in turn\n", what,
			      h_torture(what, eval_round_trip, (void *)&cases[i]));
	}
}

/* The XACML 3.0 conformance suite (../shared, skipped when absent): every
 * 6th case of the mandatory groups, in the xacml semantics, so that the
 * function library, conditions and combining algorithms are tortured. */
static void test_torture_eval_conformance(void **state)
{
	const char *vg = getenv("AP_VALGRIND");
	int stride = vg && strcmp(vg, "1") == 0 ? 60 : 6, k, n, done = 0, tortured = 0;
	char *dir = h_src_path("../shared/conformance/xacml3");
	struct dirent **names = NULL;

	(void)state;
	n = scandir(dir, &names, NULL, alphasort);
	free(dir);
	if (n < 0)
		skip();
	for (k = 0; k < n; k++) {
		const char *name = names[k]->d_name;
		size_t len = strlen(name);

		if (len > 11 && strcmp(name + len - 11, "Request.xml") == 0 &&
		    strncmp(name, "II", 2) == 0 && name[2] >= 'A' && name[2] <= 'D' &&
		    done++ % stride == 0) {
			char pol[512], req[512];
			struct eval_case c;

			snprintf(req, sizeof(req), "../shared/conformance/xacml3/%s", name);
			snprintf(pol, sizeof(pol), "../shared/conformance/xacml3/%.*sPolicy.xml",
				 (int)(len - 11), name);
			c.policy = pol;
			c.request = req;
			c.sem = AP_SEMANTICS_XACML;
			if (h_exists(pol)) {
				char *abs = h_src_path(pol);
				ap_doc *d = NULL;
				struct ap_error err = AP_ERROR_INIT;
				ap_engine *e = NULL;
				int usable;

				/* only cases whose policy the engine accepts */
				usable = ap_doc_load_file(&d, abs, pol, NULL, &err) == AP_OK &&
					 ap_engine_new(&e, d, AP_SEMANTICS_XACML, &err) == AP_OK;
				ap_engine_free(e);
				ap_doc_free(d);
				free(abs);
				if (usable) {
					h_torture(name, eval_round_trip, &c);
					tortured++;
				}
			}
		}
		free(names[k]);
	}
	free(names);
	print_message("%d conformance requests, %d tortured (every %dth whose policy loads)\n",
		      done, tortured, stride);
	assert_true(tortured > 0);
}

/* The configuration file: loaded, applied and used to build a linter. */
static int config_round_trip(void *ctx, char **out)
{
	const char *rel = ctx;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_config *c = NULL;
	ap_linter *linter = NULL;
	char *path = h_src_path(rel);
	int variant = 0, ret;

	ret = ap_config_load(&c, path, &err);
	if (ret == AP_OK && ap_config_apply(c, "resources/x/policy.xml", &variant, &o) == 0)
		ret = ap_linter_new(&linter, &o, &err);
	if (ret == AP_OK) {
		char buf[64];

		snprintf(buf, sizeof(buf), "profile %s, %zu rule settings",
			 ap_profile_name(o.profile), o.nrules);
		*out = strdup(buf);
	}
	ap_linter_free(linter);
	ap_config_free(c);
	free(path);
	return ret;
}

static void test_torture_config(void **state)
{
	(void)state;
	h_torture("config", config_round_trip, (void *)"tests/unit/fixtures/torture-config.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_torture_lint_examples),
		cmocka_unit_test(test_torture_lint_corpus),
		cmocka_unit_test(test_torture_config),
		cmocka_unit_test(test_torture_fmt),
		cmocka_unit_test(test_torture_fix),
		cmocka_unit_test(test_torture_generate),
		cmocka_unit_test(test_torture_eval),
		cmocka_unit_test(test_torture_eval_conformance),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("torture", tests, NULL, NULL);
}
