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
	};

	h_test_filter();
	return cmocka_run_group_tests_name("torture", tests, NULL, NULL);
}
