/*
 * The generator (src/gen/): parameter checks with the parameter file's
 * line:col, --set overrides, the reversible JSON -> XML mapping, the
 * built-in templates (their examples lint clean, alone and in a batch;
 * the correspondence policy evaluates to Permit for DAGL), hostile strings
 * through every parameter, the JSON escaping of resource-json, and the
 * XSLT sandbox.
 */
#include "harness.h"

#include "altinn-policy/generate.h"
#include "altinn-policy/pool.h"
#include "eval/eval.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define H_COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define HOSTILE "<a href=\"x\">&amp; 'q' ]]> & < > \" \\ \t tab"

static const char *const builtin[] = {"broker", "correspondence", "resource", "resource-json"};

/* ---- helpers ------------------------------------------------------------ */

static ap_gen_catalog *catalog_with(const char *team_dir)
{
	char *dir = h_src_path("templates");
	const char *dirs[2];
	size_t n = 0;
	ap_gen_catalog *c = NULL;
	struct ap_error e = AP_ERROR_INIT;

	if (team_dir)
		dirs[n++] = team_dir;
	dirs[n++] = dir;
	if (ap_gen_catalog_new(&c, dirs, n, &e) != AP_OK)
		fail_msg("catalog: %s", e.message);
	free(dir);
	return c;
}

static ap_gen_template *open_template(const ap_gen_catalog *c, const char *name)
{
	ap_gen_template *t = NULL;
	struct ap_error e = AP_ERROR_INIT;

	if (ap_gen_template_open(&t, c, name, &e) != AP_OK)
		fail_msg("template %s: %s", name, e.message);
	return t;
}

static ap_gen_params *params_of(const char *name, const char *json)
{
	ap_gen_params *p = NULL;
	struct ap_error e = AP_ERROR_INIT;

	if (ap_gen_params_parse(&p, name, json, strlen(json), &e) != AP_OK)
		fail_msg("params: %s", e.message);
	return p;
}

/* Checks object i; returns the problems (caller releases). */
static void check(ap_gen_params *p, size_t i, const ap_gen_template *t,
		  struct ap_diag_list *out)
{
	struct ap_error e = AP_ERROR_INIT;

	assert_int_equal(ap_gen_params_check(p, i, t, out, &e), AP_OK);
}

static void assert_clean(const struct ap_diag_list *l)
{
	if (l->count) {
		h_print_diags(l);
		fail_msg("%zu unexpected finding(s)", l->count);
	}
}

/* Renders object i (checked first, must be clean) into out. */
static void render(ap_gen_params *p, size_t i, const ap_gen_template *t,
		   struct ap_buf *out)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;

	check(p, i, t, &l);
	assert_clean(&l);
	ap_diag_list_release(&l);
	if (ap_gen_render(t, ap_gen_params_at(p, i), out, &e) != AP_OK)
		fail_msg("render: %s", e.message);
}

/* Lints a rendered policy with the template's profile: no finding at all. */
static void assert_lints_clean(const ap_gen_template *t, const struct ap_buf *b)
{
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	ap_linter *linter = NULL;

	o.profile = ap_gen_template_profile(t);
	o.resource_json = 0;
	assert_int_equal(ap_linter_new(&linter, &o, &e), AP_OK);
	assert_int_equal(ap_gen_check_output(t, linter, "generated.xml", b->ptr, b->len, &l, &e), AP_OK);
	if (l.count)
		fprintf(stderr, "%s\n", b->ptr);
	assert_clean(&l);
	ap_diag_list_release(&l);
	ap_linter_free(linter);
}

/* The single problem of a check: asserts its line, column and message. */
static void assert_problem_at(const char *json, const char *template_name,
			      const char *needle, int at_quote, const char *substr)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, template_name);
	ap_gen_params *p = params_of("params.json", json);
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	uint32_t line, col;

	check(p, 0, t, &l);
	h_pos_of(json, needle, &line, &col);
	if (l.count != 1) {
		h_print_diags(&l);
		fail_msg("expected one problem, got %zu", l.count);
	}
	assert_string_equal(l.items[0].file, "params.json");
	assert_int_equal(l.items[0].line, line);
	assert_int_equal(l.items[0].col, col + (uint32_t)at_quote);
	if (strstr(l.items[0].message, substr) == NULL)
		fail_msg("message '%s' lacks '%s'", l.items[0].message, substr);
	ap_diag_list_release(&l);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

static char *example_path(const char *name)
{
	char rel[200];

	snprintf(rel, sizeof(rel), "templates/%s.example.json", name);
	return h_src_path(rel);
}

static ap_gen_params *example(const char *name)
{
	char *path = example_path(name);
	ap_gen_params *p = NULL;
	struct ap_error e = AP_ERROR_INIT;

	if (ap_gen_params_load(&p, path, NULL, &e) != AP_OK)
		fail_msg("%s: %s", path, e.message);
	free(path);
	return p;
}

/* ---- the built-in templates ------------------------------------------- */

static void test_generate_catalog_lists_builtins(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	size_t i;

	(void)state;
	assert_int_equal(ap_gen_catalog_count(c), H_COUNT(builtin));
	for (i = 0; i < H_COUNT(builtin); i++) {
		const struct ap_gen_template_info *t = ap_gen_catalog_at(c, i);

		assert_string_equal(t->name, builtin[i]);
		assert_non_null(t->example);
		assert_true(strlen(t->title) > 0);
	}
	assert_null(ap_gen_catalog_find(c, "common")); /* no stylesheet */
	assert_null(ap_gen_catalog_find(c, "policy-lib")); /* no description */
	ap_gen_catalog_free(c);
}

static void test_generate_examples_lint_clean(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	size_t i;

	(void)state;
	for (i = 0; i < H_COUNT(builtin); i++) {
		ap_gen_template *t = open_template(c, builtin[i]);
		ap_gen_params *p = example(builtin[i]);
		struct ap_buf b = AP_BUF_INIT;

		render(p, 0, t, &b);
		if (ap_gen_template_output(t) == AP_GEN_OUTPUT_POLICY) {
			assert_non_null(strstr(b.ptr, "PolicyId=\"urn:altinn:policyid:1\""));
			assert_non_null(strstr(b.ptr, ":ruleid:1\""));
			assert_lints_clean(t, &b);
		} else {
			json_t *v = json_loadb(b.ptr, b.len, 0, NULL);

			assert_non_null(v);
			assert_string_equal(json_string_value(json_object_get(v, "identifier")),
					    "ttd-example-correspondence");
			assert_string_equal(json_string_value(json_object_get(v, "resourceType")),
					    "CorrespondenceService");
			assert_true(json_is_true(json_object_get(v, "delegable")));
			assert_string_equal(json_string_value(json_object_get(
				json_object_get(v, "hasCompetentAuthority"), "organization")), "991825827");
			json_decref(v);
		}
		ap_buf_release(&b);
		ap_gen_params_free(p);
		ap_gen_template_free(t);
	}
	ap_gen_catalog_free(c);
}

/* The profiles the templates declare. */
static void test_generate_profiles(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t;

	(void)state;
	t = open_template(c, "correspondence");
	assert_int_equal(ap_gen_template_profile(t), AP_PROFILE_CORRESPONDENCE);
	assert_string_equal(ap_gen_template_pattern(t), "{identifier}/policy.xml");
	ap_gen_template_free(t);
	t = open_template(c, "broker");
	assert_int_equal(ap_gen_template_profile(t), AP_PROFILE_RESOURCE);
	ap_gen_template_free(t);
	t = open_template(c, "resource");
	assert_int_equal(ap_gen_template_profile(t), AP_PROFILE_RESOURCE);
	ap_gen_template_free(t);
	t = open_template(c, "resource-json");
	assert_int_equal(ap_gen_template_output(t), AP_GEN_OUTPUT_JSON);
	assert_string_equal(ap_gen_template_pattern(t), "{identifier}/resource.json");
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* Minimal parameters: DAGL on both sides by default, level 3; lint clean
 * with the correspondence profile; the engine permits DAGL read, write
 * and subscribe, and nobody else. */
static void test_generate_correspondence_minimal_permits_dagl(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	ap_gen_params *p = params_of("min.json", "{\"identifier\": \"ttd-minimal\"}");
	struct ap_buf b = AP_BUF_INIT;
	static const char *const actions[] = {"read", "write", "subscribe"};
	ap_doc *doc;
	size_t i;

	(void)state;
	render(p, 0, t, &b);
	assert_lints_clean(t, &b);
	assert_non_null(strstr(b.ptr, "urn:altinn:resource:ttd-minimal:ruleid:2"));
	assert_non_null(strstr(b.ptr, ">3</xacml:AttributeValue>"));
	doc = h_parse(b.ptr);
	for (i = 0; i < H_COUNT(actions); i++) {
		const char *roles[] = {"DAGL", "dagl", "PRIV"};
		size_t k;

		for (k = 0; k < H_COUNT(roles); k++) {
			struct ap_req_attr a[3] = {
				{.category = AP_CAT_SUBJECT, .id = "urn:altinn:rolecode", .value = roles[k]},
				{.category = AP_CAT_RESOURCE, .id = "urn:altinn:resource", .value = "ttd-minimal"},
				{.category = AP_CAT_ACTION, .id = "urn:oasis:names:tc:xacml:1.0:action:action-id", .value = actions[i]},
			};
			struct ap_request r = {.attrs = a, .count = 3};
			enum ap_decision d = ap_eval__policy(ap_doc_root(doc), &r, NULL);

			assert_int_equal(d, k < 2 ? AP_DECISION_PERMIT : AP_DECISION_NOT_APPLICABLE);
		}
	}
	/* another resource is not granted */
	{
		struct ap_req_attr a[3] = {
			{.category = AP_CAT_SUBJECT, .id = "urn:altinn:rolecode", .value = "DAGL"},
			{.category = AP_CAT_RESOURCE, .id = "urn:altinn:resource", .value = "ttd-other"},
			{.category = AP_CAT_ACTION, .id = "urn:oasis:names:tc:xacml:1.0:action:action-id", .value = "read"},
		};
		struct ap_request r = {.attrs = a, .count = 3};

		assert_int_equal(ap_eval__policy(ap_doc_root(doc), &r, NULL), AP_DECISION_NOT_APPLICABLE);
	}
	ap_doc_free(doc);
	ap_buf_release(&b);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* A batch of varied parameter objects: every policy lints clean; rendered
 * on two threads the same as on one. */
struct batch {
	const ap_gen_template *t;
	ap_gen_params *p;
	struct ap_buf *out;
	int failed;
};

static void batch_work(void *ctx, size_t i)
{
	struct batch *b = ctx;
	struct ap_error e = AP_ERROR_INIT;

	if (ap_gen_render(b->t, ap_gen_params_at(b->p, i), &b->out[i], &e) != AP_OK)
		b->failed = 1;
}

static void batch_done(void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
}

static void test_generate_batch_lints_clean(void **state)
{
	static const char *const roles[] = {"DAGL", "REGNA", "UTINN", "PRIV", "SIGN"};
	static const char *const packages[] = {"ordinaer-post-til-virksomheten", "regnskapsforer-lonn",
					       "post-til-virksomheten-med-taushetsbelagt-innhold"};
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	struct ap_buf text = AP_BUF_INIT, one = AP_BUF_INIT;
	struct ap_buf *out;
	struct batch b;
	struct ap_error e = AP_ERROR_INIT;
	const size_t n = 120;
	size_t i;

	(void)state;
	assert_int_equal(ap_buf_adds(&text, "["), AP_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(ap_buf_addf(&text,
			"%s{\"identifier\": \"ttd-batch-%zu\", \"authLevel\": %zu, \"recipients\": "
			"{\"roles\": [\"DAGL\", \"%s\"], \"accessPackages\": [\"urn:altinn:accesspackage:%s\"]}, "
			"\"senders\": {\"roles\": [\"DAGL\"]%s}}\n",
			i ? "," : "", i, 3 + i % 2, roles[1 + i % 4], packages[i % 3],
			i % 5 == 0 ? ", \"orgs\": [\"ttd\"]" : ""), AP_OK);
	assert_int_equal(ap_buf_adds(&text, "]"), AP_OK);
	b.p = params_of("batch.json", text.ptr);
	b.t = t;
	b.failed = 0;
	assert_int_equal(ap_gen_params_count(b.p), n);
	out = calloc(n, sizeof(*out));
	for (i = 0; i < n; i++) {
		struct ap_diag_list l = AP_DIAG_LIST_INIT;

		check(b.p, i, t, &l);
		assert_clean(&l);
	}
	b.out = out;
	assert_int_equal(ap_pool_run(2, n, 8, batch_work, batch_done, &b, &e), AP_OK);
	assert_false(b.failed);
	for (i = 0; i < n; i++) {
		assert_lints_clean(t, &out[i]);
		ap_buf_reset(&one);
		assert_int_equal(ap_gen_render(t, ap_gen_params_at(b.p, i), &one, &e), AP_OK);
		assert_int_equal(one.len, out[i].len);
		assert_memory_equal(one.ptr, out[i].ptr, one.len);
		ap_buf_release(&out[i]);
	}
	free(out);
	ap_buf_release(&one);
	ap_buf_release(&text);
	ap_gen_params_free(b.p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* ---- parameter problems with line:col ---------------------------------- */

static void test_generate_unknown_key(void **state)
{
	(void)state;
	assert_problem_at("{\n  \"identifier\": \"ttd-x-test\",\n  \"colour\": \"red\"\n}\n",
			  "correspondence", "\"colour\"", 0, "unknown key 'colour'");
	/* nested, after a key with an escape and a multibyte character */
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"title\": {\"nb\": \"\\u00e6 æøå\", "
			  "\"nn\": \"x\", \"en\": \"y\"}, \"recipients\": {\"rolse\": []}}",
			  "correspondence", "\"rolse\"", 0, "unknown key 'rolse'");
}

static void test_generate_wrong_type(void **state)
{
	(void)state;
	assert_problem_at("{\n  \"identifier\": \"ttd-x-test\",\n  \"authLevel\": \"3\"\n}\n",
			  "correspondence", "\"3\"", 0, "authLevel: must be an integer, not a string");
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"recipients\": {\"roles\": \"DAGL\"}}",
			  "correspondence", "\"DAGL\"", 0, "must be an array");
}

static void test_generate_bad_org_number(void **state)
{
	(void)state;
	assert_problem_at("{\"identifier\": \"ttd-x-test\",\n \"hasCompetentAuthority\": "
			  "{\"orgcode\": \"ttd\", \"organization\": \"991825828\"}}",
			  "correspondence", "\"991825828\"", 0, "check digit (MOD11)");
	assert_problem_at("{\"identifier\": \"ttd-x-test\",\n \"hasCompetentAuthority\": "
			  "{\"orgcode\": \"ttd\", \"organization\": \"99182582\"}}",
			  "correspondence", "\"99182582\"", 0, "9 digits");
}

static void test_generate_reserved_prefix(void **state)
{
	(void)state;
	assert_problem_at("{\n\t\"identifier\": \"app_ttd_demo\"\n}", "correspondence",
			  "\"app_ttd_demo\"", 0, "reserved prefix 'app_'");
	assert_problem_at("{\"identifier\": \"se_1234\"}", "correspondence", "\"se_1234\"", 0,
			  "reserved prefix 'se_'");
	assert_problem_at("{\"identifier\": \"Ab\"}", "correspondence", "\"Ab\"", 0,
			  "not a resource identifier");
}

static void test_generate_vocabulary(void **state)
{
	(void)state;
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"recipients\": {\"roles\": [\"DAGL\", \"DAGX\"]}}",
			  "correspondence", "\"DAGX\"", 0, "did you mean 'DAGL'");
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"recipients\": {\"accessPackages\": "
			  "[\"urn:altinn:accesspackage:no-such-package\"]}}",
			  "correspondence", "\"urn:altinn:accesspackage:no", 0, "unknown access package");
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"authLevel\": 5}", "correspondence",
			  "5}", 0, "from 0 to 4");
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"rules\": [{\"subjects\": "
			  "[\"urn:altinn:org:rolecode:DAGL\"], \"actions\": [\"read\"]}]}",
			  "resource", "\"urn:altinn:org:rolecode", 0, "not an Altinn subject attribute id");
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"rules\": [{\"subjects\": "
			  "[\"urn:altinn:rolecode:DAGL\"], \"actions\": [\"raed\"]}]}",
			  "resource", "\"raed\"", 0, "did you mean 'read'");
	assert_problem_at("{\"identifier\": \"ttd-x-test\"}", "resource", "{", 0,
			  "missing required key 'rules'");
}

static void test_generate_json_syntax_error(void **state)
{
	const char *json = "{\n  \"identifier\": \"ttd-x-test\",\n  \"authLevel\": 3,\n}\n";
	ap_gen_params *p = NULL;
	struct ap_error e = AP_ERROR_INIT;

	(void)state;
	assert_int_equal(ap_gen_params_parse(&p, "p.json", json, strlen(json), &e), AP_EPARSE);
	assert_null(p);
	assert_string_equal(e.file, "p.json");
	assert_int_equal(e.line, 4);
	assert_int_equal(e.col, 1);
	/* JSON Lines: the line of the broken object */
	ap_error_clear(&e);
	json = "{\"identifier\": \"ttd-a-test\"}\n{\"identifier\": \"ttd-b-test\"}\n{\"identifier\": }\n";
	assert_int_equal(ap_gen_params_parse(&p, "p.jsonl", json, strlen(json), &e), AP_EPARSE);
	assert_int_equal(e.line, 3);
	/* an array item that is not an object */
	ap_error_clear(&e);
	json = "[{\"identifier\": \"ttd-a-test\"},\n 7]";
	assert_int_equal(ap_gen_params_parse(&p, "p.json", json, strlen(json), &e), AP_EPARSE);
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 2);
}

/* Problems in a batch are reported at their own item's place. */
static void test_generate_batch_positions(void **state)
{
	const char *jsonl = "{\"identifier\": \"ttd-a-test\"}\n\n{\"identifier\": \"ttd-b-test\", \"x\": 1}\n";
	const char *arr = "[\n {\"identifier\": \"ttd-a-test\"},\n {\"identifier\": \"ttd-b-test\", \"x\": 1}\n]";
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	ap_gen_params *p;

	(void)state;
	p = params_of("b.jsonl", jsonl);
	assert_int_equal(ap_gen_params_count(p), 2);
	check(p, 0, t, &l);
	assert_int_equal(l.count, 0);
	check(p, 1, t, &l);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.items[0].line, 3);
	assert_int_equal(l.items[0].col, 30);
	ap_diag_list_reset(&l);
	ap_gen_params_free(p);
	p = params_of("b.json", arr);
	check(p, 1, t, &l);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.items[0].line, 3);
	assert_int_equal(l.items[0].col, 31);
	ap_diag_list_release(&l);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

static void test_generate_set_overrides(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	ap_gen_params *p = params_of("s.json", "{\"identifier\": \"ttd-x-test\", \"recipients\": {\"roles\": [\"DAGL\"]}}");
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	json_t *v;

	(void)state;
	assert_int_equal(ap_gen_params_set(p, t, "authLevel=4", &e), AP_OK);
	assert_int_equal(ap_gen_params_set(p, t, "recipients.roles.1=REGNA", &e), AP_OK);
	assert_int_equal(ap_gen_params_set(p, t, "recipients.description=1234", &e), AP_OK);
	assert_int_equal(ap_gen_params_set(p, t, "senders.orgs=[\"ttd\"]", &e), AP_OK);
	check(p, 0, t, &l);
	assert_clean(&l);
	v = ap_gen_params_at(p, 0);
	assert_int_equal(json_integer_value(json_object_get(v, "authLevel")), 4);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(v, "recipients"), "roles"), 1)), "REGNA");
	/* a string where the description wants one, even if it looks like JSON */
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "recipients"), "description")), "1234");
	/* bad values are reported against the --set */
	assert_int_equal(ap_gen_params_set(p, t, "authLevel=9", &e), AP_OK);
	assert_int_equal(ap_gen_params_set(p, t, "hasCompetentAuthority.organization=123456789", &e), AP_OK);
	check(p, 0, t, &l);
	assert_int_equal(l.count, 3); /* level, missing orgcode, org number */
	assert_string_equal(l.items[0].file, "--set authLevel");
	assert_int_equal(l.items[0].line, 0);
	assert_non_null(strstr(l.items[1].message, "missing required key 'orgcode'"));
	assert_string_equal(l.items[2].file, "--set hasCompetentAuthority.organization");
	assert_non_null(strstr(l.items[2].message, "organisation number"));
	/* usage errors */
	assert_int_equal(ap_gen_params_set(p, t, "noequals", &e), AP_EINVALID);
	assert_int_equal(ap_gen_params_set(p, t, "=x", &e), AP_EINVALID);
	assert_int_equal(ap_gen_params_set(p, t, "identifier.x=1", &e), AP_EINVALID);
	assert_int_equal(ap_gen_params_set(p, t, "recipients.roles.9=DAGL", &e), AP_EINVALID);
	assert_int_equal(ap_gen_params_set(p, t, "a..b=1", &e), AP_EINVALID);
	ap_diag_list_release(&l);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* Control characters cannot be carried into XML: refused at the check. */
static void test_generate_control_characters(void **state)
{
	(void)state;
	assert_problem_at("{\"identifier\": \"ttd-x-test\", \"recipients\": {\"description\": \"a\\u0001b\"}}",
			  "correspondence", "\"a\\u0001", 0, "control characters");
}

/* ---- the mapping ---------------------------------------------------------- */

static void test_generate_mapping_round_trip(void **state)
{
	const char *json = "{\"identifier\": \"x\", \"n\": 42, \"r\": 1.5, \"t\": true, \"f\": false, "
			   "\"z\": null, \"empty\": {}, \"none\": [], \"item\": \"\", \"_\": \"u\", "
			   "\"xmlish\": 1, \"bad key\": [\"hostile\", {\"$k\": [[1], []]}], "
			   "\"1st\": \"n\", \"\\u00e6\\u00f8\": \"\\u00e5\"}";
	json_t *in = json_loads(json, 0, NULL), *back = NULL;
	struct ap_buf xml = AP_BUF_INIT;
	struct ap_error e = AP_ERROR_INIT;

	(void)state;
	assert_non_null(in);
	json_array_set_new(json_object_get(in, "bad key"), 0, json_string(HOSTILE));
	json_object_set_new(in, HOSTILE, json_string(HOSTILE));
	assert_int_equal(ap_gen_params_xml(in, &xml, &e), AP_OK);
	assert_non_null(strstr(xml.ptr, "<params type=\"object\">"));
	assert_non_null(strstr(xml.ptr, "<identifier>x</identifier>"));
	assert_non_null(strstr(xml.ptr, "<n type=\"number\">42</n>"));
	assert_non_null(strstr(xml.ptr, "<_ key=\"bad key\" type=\"array\">"));
	assert_non_null(strstr(xml.ptr, "<_ key=\"xmlish\" type=\"number\">"));
	assert_non_null(strstr(xml.ptr, "<\xc3\xa6\xc3\xb8>\xc3\xa5</"));
	assert_null(strstr(xml.ptr, "]]>")); /* escaped as ]]&gt; */
	assert_int_equal(ap_gen_params_from_xml(&back, xml.ptr, xml.len, &e), AP_OK);
	if (!json_equal(in, back)) {
		char *s = json_dumps(back, 0);

		fail_msg("round trip differs: %s", s);
	}
	json_decref(back);
	json_decref(in);
	ap_buf_release(&xml);
}

/* ---- hostile strings ---------------------------------------------------- */

/* Sets every free-text string (no format, enum or pattern) of params that
 * the description allows to HOSTILE, and adds a hostile extra language. */
static void poison(json_t *v, const json_t *sch)
{
	const json_t *props = json_object_get(sch, "properties");
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, k, x) {
			const json_t *sub = json_object_get(props, k);

			if (sub == NULL)
				sub = json_object_get(sch, "additionalProperties");
			if (!json_is_object(sub))
				continue;
			if (json_is_string(x) && !json_object_get(sub, "format") &&
			    !json_object_get(sub, "enum") && !json_object_get(sub, "pattern"))
				json_object_set_new(v, k, json_string(HOSTILE));
			else
				poison(x, sub);
		}
		if (json_object_get(props, "nb") && json_object_get(sch, "additionalProperties"))
			json_object_set_new(v, "x-" HOSTILE, json_string(HOSTILE));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			poison(x, json_object_get(sch, "items"));
	}
}

static int xml_holds(xmlNodePtr n, const char *s)
{
	xmlAttrPtr a;

	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content && strcmp((const char *)n->content, s) == 0)
			return 1;
		if (n->type == XML_ELEMENT_NODE) {
			for (a = n->properties; a; a = a->next)
				if (a->children && a->children->content &&
				    strcmp((const char *)a->children->content, s) == 0)
					return 1;
			if (xml_holds(n->children, s))
				return 1;
		}
	}
	return 0;
}

static void test_generate_hostile_strings_stay_text(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	size_t i;

	(void)state;
	for (i = 0; i < H_COUNT(builtin); i++) {
		ap_gen_template *t = open_template(c, builtin[i]);
		ap_gen_params *p = example(builtin[i]);
		json_t *v = ap_gen_params_at(p, 0);
		struct ap_buf b = AP_BUF_INIT;
		struct ap_error e = AP_ERROR_INIT;

		/* rule descriptions are the policies' free text */
		if (json_object_get(v, "recipients"))
			json_object_set_new(json_object_get(v, "recipients"), "description", json_string("x"));
		if (json_object_get(v, "senders"))
			json_object_set_new(json_object_get(v, "senders"), "description", json_string("x"));
		json_object_set_new(v, "homepage", json_string("x"));
		json_object_set_new(v, "contactPoints", json_pack("[{s:s, s:s}]", "category", "x", "email", "x"));
		json_object_set_new(v, "keywords", json_pack("[{s:s, s:s}]", "word", "x", "language", "nb"));
		poison(v, ap_gen_template_schema(t));
		render(p, 0, t, &b);
		if (ap_gen_template_output(t) == AP_GEN_OUTPUT_POLICY) {
			xmlDocPtr doc = xmlReadMemory(b.ptr, (int)b.len, "out.xml", NULL, XML_PARSE_NONET);

			assert_non_null(doc);
			if (!xml_holds(doc->children, HOSTILE))
				fail_msg("%s: the hostile description is not in the output verbatim", builtin[i]);
			assert_lints_clean(t, &b);
			xmlFreeDoc(doc);
		} else {
			json_error_t je;
			json_t *out = json_loadb(b.ptr, b.len, 0, &je);
			json_t *title;

			if (out == NULL)
				fail_msg("resource-json: not JSON (%s at %d:%d):\n%s", je.text, je.line, je.column, b.ptr);
			title = json_object_get(out, "title");
			assert_string_equal(json_string_value(json_object_get(title, "nb")), HOSTILE);
			assert_string_equal(json_string_value(json_object_get(title, "x-" HOSTILE)), HOSTILE);
			assert_string_equal(json_string_value(json_object_get(out, "homepage")), HOSTILE);
			assert_string_equal(json_string_value(json_object_get(json_array_get(
				json_object_get(out, "keywords"), 0), "word")), HOSTILE);
			json_decref(out);
		}
		(void)e;
		ap_buf_release(&b);
		ap_gen_params_free(p);
		ap_gen_template_free(t);
	}
	ap_gen_catalog_free(c);
}

/* Parameters with a format refuse hostile values before any XSLT runs. */
static void test_generate_hostile_values_refused_by_formats(void **state)
{
	static const char *const sets[] = {
		"identifier=" HOSTILE, "recipients.roles.0=" HOSTILE,
		"recipients.accessPackages=[\"urn:altinn:accesspackage:<x>\"]",
		"senders.orgs=[\"]]>\"]", "hasCompetentAuthority.orgcode=&amp;",
		"hasCompetentAuthority.organization=\"<99182582>\"",
	};
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	size_t i;

	(void)state;
	for (i = 0; i < H_COUNT(sets); i++) {
		ap_gen_params *p = example("correspondence");
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		struct ap_error e = AP_ERROR_INIT;

		assert_int_equal(ap_gen_params_set(p, t, sets[i], &e), AP_OK);
		check(p, 0, t, &l);
		if (l.count == 0)
			fail_msg("'%s' was accepted", sets[i]);
		ap_diag_list_release(&l);
		ap_gen_params_free(p);
	}
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* Subjects: placeholders and malformed access lists are refused (a fuzz
 * find: they reached the policy and failed AX-V013); a real list passes. */
static void test_generate_subject_values(void **state)
{
	static const struct {
		const char *set;
		int ok;
	} cases[] = {
		{"rules.0.subjects=[\"urn:altinn:access-list:ttd:my-list\"]", 1},
		{"rules.0.subjects=[\"urn:altinn:access-list:x:[org]\"]", 0},
		{"rules.0.subjects=[\"urn:altinn:access-list:urn:n:list\"]", 0},
		{"rules.0.subjects=[\"urn:altinn:access-list:TTD:list\"]", 0},
		{"rules.0.subjects=[\"urn:altinn:org:[ORG]\"]", 0},
	};
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "resource");
	size_t i;

	(void)state;
	for (i = 0; i < H_COUNT(cases); i++) {
		ap_gen_params *p = example("resource");
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		struct ap_error e = AP_ERROR_INIT;

		assert_int_equal(ap_gen_params_set(p, t, cases[i].set, &e), AP_OK);
		check(p, 0, t, &l);
		if ((l.count == 0) != cases[i].ok)
			fail_msg("'%s' was %s", cases[i].set, cases[i].ok ? "refused" : "accepted");
		ap_diag_list_release(&l);
		ap_gen_params_free(p);
	}
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* resource-json escapes quotes, backslashes and control characters. */
static void test_generate_resource_json_escaping(void **state)
{
	static const char *const values[] = {
		"\"", "\\", "\\\"", "a\nb", "\r\n", "\t", "\"\"\\\\", "}\n{\"identifier\": \"evil\"",
		"\xc3\xa6\xe2\x80\xa8", "</script>", "",
	};
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "resource-json");
	size_t i;

	(void)state;
	for (i = 0; i < H_COUNT(values); i++) {
		ap_gen_params *p = example("resource-json");
		json_t *v = ap_gen_params_at(p, 0);
		struct ap_buf b = AP_BUF_INIT;
		json_t *out;

		json_object_set_new(json_object_get(v, "description"), "en", json_string(values[i][0] ? values[i] : "x"));
		json_object_set_new(v, "homepage", json_string(values[i]));
		render(p, 0, t, &b);
		out = json_loadb(b.ptr, b.len, JSON_REJECT_DUPLICATES, NULL);
		if (out == NULL)
			fail_msg("value %zu: not JSON:\n%s", i, b.ptr);
		assert_string_equal(json_string_value(json_object_get(out, "homepage")), values[i]);
		assert_string_equal(json_string_value(json_object_get(out, "identifier")),
				    "ttd-example-correspondence");
		json_decref(out);
		ap_buf_release(&b);
		ap_gen_params_free(p);
	}
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* delegable without rightDescription: the template's own assertion. */
static void test_generate_template_assertion(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "resource-json");
	ap_gen_params *p = example("resource-json");
	struct ap_buf b = AP_BUF_INIT;
	struct ap_error e = AP_ERROR_INIT;

	struct ap_diag_list l = AP_DIAG_LIST_INIT;

	(void)state;
	json_object_del(ap_gen_params_at(p, 0), "rightDescription");
	check(p, 0, t, &l);
	assert_clean(&l);
	assert_int_equal(ap_gen_render(t, ap_gen_params_at(p, 0), &b, &e), AP_EINVALID);
	assert_non_null(strstr(e.message, "rightDescription"));
	ap_buf_release(&b);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* ---- the sandbox -------------------------------------------------------- */

#define XSL_HEAD "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" " \
		 "xmlns:exsl=\"http://exslt.org/common\" extension-element-prefixes=\"exsl\">"
#define XSL_TAIL "</xsl:stylesheet>"

/* Writes team/NAME.xsl (with a description) and renders the resource
 * example with it: returns the code, err filled. */
static int run_team(const char *dir, const char *name, const char *body,
		    struct ap_error *err)
{
	char file[300];
	char *path, *schema = h_src_path("templates/resource.schema.json"), *common =
		h_src_path("templates/common.schema.json");
	size_t len;
	char *text;
	ap_gen_catalog *c;
	ap_gen_template *t = NULL;
	ap_gen_params *p;
	struct ap_buf b = AP_BUF_INIT;
	int ret;

	snprintf(file, sizeof(file), "%s.xsl", name);
	path = h_join(dir, file);
	h_write_file(path, body, strlen(body));
	free(path);
	snprintf(file, sizeof(file), "%s.schema.json", name);
	path = h_join(dir, file);
	text = h_read_file(schema, &len);
	h_write_file(path, text, len);
	free(text);
	free(path);
	path = h_join(dir, "common.schema.json");
	text = h_read_file(common, &len);
	h_write_file(path, text, len);
	free(text);
	free(path);
	free(schema);
	free(common);
	c = catalog_with(dir);
	ret = ap_gen_template_open(&t, c, name, err);
	if (ret == AP_OK) {
		p = example("resource");
		ret = ap_gen_render(t, ap_gen_params_at(p, 0), &b, err);
		ap_gen_params_free(p);
	}
	ap_buf_release(&b);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
	return ret;
}

static void assert_security(const char *dir, const char *name, const char *body,
			    const char *substr)
{
	struct ap_error e = AP_ERROR_INIT;

	assert_int_equal(run_team(dir, name, body, &e), AP_EINVALID);
	if (strncmp(e.message, "security: ", 10) != 0 && strstr(e.message, ": security: ") == NULL)
		fail_msg("%s: not a security error: %s", name, e.message);
	if (strstr(e.message, substr) == NULL)
		fail_msg("%s: '%s' lacks '%s'", name, e.message, substr);
}

static void test_generate_sandbox(void **state)
{
	char *dir = h_mkdtemp();
	char *victim = h_join(dir, "written.txt");
	char body[1200];
	struct ap_error e = AP_ERROR_INIT;

	(void)state;
	snprintf(body, sizeof(body), XSL_HEAD "<xsl:template match=\"/\"><exsl:document href=\"%s\" "
		 "method=\"text\">x</exsl:document><out/></xsl:template>" XSL_TAIL, victim);
	assert_security(dir, "exsl-document", body, "write the file");
	assert_false(h_exists(victim));
	snprintf(body, sizeof(body), "<xsl:stylesheet version=\"1.1\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
		 "<xsl:template match=\"/\"><xsl:document href=\"%s\">x</xsl:document><out/></xsl:template>"
		 XSL_TAIL, victim);
	assert_security(dir, "xsl-document", body, "write the file");
	assert_false(h_exists(victim));
	assert_security(dir, "network", XSL_HEAD "<xsl:template match=\"/\"><out><xsl:value-of "
			"select=\"document('http://127.0.0.1:9/x.xml')\"/></out></xsl:template>" XSL_TAIL,
			"network");
	assert_security(dir, "outside", XSL_HEAD "<xsl:template match=\"/\"><out><xsl:value-of "
			"select=\"document('/etc/hostname')\"/></out></xsl:template>" XSL_TAIL,
			"outside the template directories");
	assert_security(dir, "import-outside", XSL_HEAD "<xsl:import href=\"/etc/hostname\"/>"
			"<xsl:template match=\"/\"><out/></xsl:template>" XSL_TAIL, "may not read");
	assert_security(dir, "import-network", XSL_HEAD "<xsl:import href=\"http://127.0.0.1:9/a.xsl\"/>"
			"<xsl:template match=\"/\"><out/></xsl:template>" XSL_TAIL, "may not read");
	/* not an extension we register */
	assert_int_equal(run_team(dir, "dyn", "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
				  "xmlns:dyn=\"http://exslt.org/dynamic\"><xsl:template match=\"/\"><out>"
				  "<xsl:value-of select=\"dyn:evaluate('1+1')\"/></out></xsl:template>" XSL_TAIL, &e),
			 AP_EINVALID);
	ap_error_clear(&e);
	/* impure functions are not there either */
	assert_int_equal(run_team(dir, "random", "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
				  "xmlns:math=\"http://exslt.org/math\"><xsl:template match=\"/\"><out>"
				  "<xsl:value-of select=\"math:random()\"/></out></xsl:template>" XSL_TAIL, &e),
			 AP_EINVALID);
	ap_error_clear(&e);
	assert_int_equal(run_team(dir, "date", "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
				  "xmlns:date=\"http://exslt.org/dates-and-times\"><xsl:template match=\"/\"><out>"
				  "<xsl:value-of select=\"date:date-time()\"/></out></xsl:template>" XSL_TAIL, &e),
			 AP_EINVALID);
	ap_error_clear(&e);
	/* pure ones are */
	assert_int_equal(run_team(dir, "pure", "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
				  "xmlns:math=\"http://exslt.org/math\" xmlns:str=\"http://exslt.org/strings\" "
				  "xmlns:set=\"http://exslt.org/sets\" xmlns:exsl=\"http://exslt.org/common\">"
				  "<xsl:template match=\"/\"><out><xsl:value-of select=\"math:max(//authLevel) + "
				  "count(str:tokenize('a b')) + count(set:distinct(//item)) + "
				  "count(exsl:node-set(//rules))\"/></out></xsl:template>" XSL_TAIL, &e), AP_OK);
	/* runaway recursion stops */
	assert_int_equal(run_team(dir, "recursion", XSL_HEAD "<xsl:template name=\"r\"><xsl:call-template name=\"r\"/>"
				  "</xsl:template><xsl:template match=\"/\"><out><xsl:call-template name=\"r\"/>"
				  "</out></xsl:template>" XSL_TAIL, &e), AP_EINVALID);
	assert_non_null(strstr(e.message, "recursion"));
	ap_error_clear(&e);
	/* so does work without depth: 2^40 calls */
	assert_int_equal(run_team(dir, "branching", XSL_HEAD "<xsl:template name=\"b\"><xsl:param name=\"n\" select=\"0\"/>"
				  "<xsl:if test=\"$n &lt; 40\"><xsl:call-template name=\"b\"><xsl:with-param name=\"n\" "
				  "select=\"$n+1\"/></xsl:call-template><xsl:call-template name=\"b\"><xsl:with-param "
				  "name=\"n\" select=\"$n+1\"/></xsl:call-template></xsl:if></xsl:template>"
				  "<xsl:template match=\"/\"><out><xsl:call-template name=\"b\"/></out></xsl:template>"
				  XSL_TAIL, &e), AP_EINVALID);
	assert_non_null(strstr(e.message, "too much work"));
	ap_error_clear(&e);
	/* a team template may import a built-in one and read its own files */
	assert_int_equal(run_team(dir, "team", "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
				  "<xsl:import href=\"altinn-policy:resource.xsl\"/>" XSL_TAIL, &e), AP_OK);
	assert_int_equal(run_team(dir, "own-file", XSL_HEAD "<xsl:template match=\"/\"><out><xsl:value-of "
				  "select=\"count(document('team.xsl'))\"/></out></xsl:template>" XSL_TAIL, &e), AP_OK);
	h_rmtree(dir);
	free(victim);
	free(dir);
}

/* ---- output names -------------------------------------------------------- */

static void test_generate_expand_pattern(void **state)
{
	json_t *v = json_pack("{s:s, s:i, s:{s:s}, s:s, s:s}", "identifier", "ttd-a-test", "n", 7,
			      "owner", "orgcode", "ttd", "up", "../x", "slash", "a/b");
	struct ap_buf b = AP_BUF_INIT;
	struct ap_error e = AP_ERROR_INIT;

	(void)state;
	assert_int_equal(ap_gen_expand_pattern("{owner.orgcode}/{identifier}-{n}.xml", v, &b, &e), AP_OK);
	assert_string_equal(b.ptr, "ttd/ttd-a-test-7.xml");
	assert_int_equal(ap_gen_expand_pattern("{up}/p.xml", v, &b, &e), AP_EINVALID);
	assert_int_equal(ap_gen_expand_pattern("{slash}.xml", v, &b, &e), AP_EINVALID);
	assert_int_equal(ap_gen_expand_pattern("{missing}.xml", v, &b, &e), AP_EINVALID);
	assert_int_equal(ap_gen_expand_pattern("{identifier.xml", v, &b, &e), AP_EINVALID);
	assert_int_equal(ap_gen_expand_pattern("x}.xml", v, &b, &e), AP_EINVALID);
	ap_buf_release(&b);
	json_decref(v);
}

/* ---- descriptions -------------------------------------------------------- */

static void test_generate_describe(void **state)
{
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	struct ap_buf b = AP_BUF_INIT;

	(void)state;
	assert_int_equal(ap_gen_template_describe(t, &b), AP_OK);
	assert_non_null(strstr(b.ptr, "identifier"));
	assert_non_null(strstr(b.ptr, "recipients.roles"));
	assert_non_null(strstr(b.ptr, "default [\"DAGL\"]"));
	assert_non_null(strstr(b.ptr, "linted with the correspondence"));
	ap_buf_release(&b);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

/* A broken description is reported with its line:col. */
static void test_generate_bad_description(void **state)
{
	char *dir = h_mkdtemp();
	char *path = h_join(dir, "x.schema.json"), *xsl = h_join(dir, "x.xsl");
	const char *schema = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"a\": {\"typo\": 1}\n  }\n}\n";
	const char *dirs[1];
	ap_gen_catalog *c = NULL;
	ap_gen_template *t = NULL;
	struct ap_error e = AP_ERROR_INIT;

	(void)state;
	h_write_file(path, schema, strlen(schema));
	h_write_file(xsl, XSL_HEAD XSL_TAIL, strlen(XSL_HEAD XSL_TAIL));
	dirs[0] = dir;
	assert_int_equal(ap_gen_catalog_new(&c, dirs, 1, &e), AP_OK);
	assert_int_equal(ap_gen_template_open(&t, c, "x", &e), AP_EPARSE);
	assert_int_equal(e.line, 4);
	assert_int_equal(e.col, 11);
	assert_non_null(strstr(e.message, "not in the supported subset"));
	assert_int_equal(ap_gen_template_open(&t, c, "nope", &e), AP_ENOTFOUND);
	ap_gen_catalog_free(c);
	h_rmtree(dir);
	free(path);
	free(xsl);
	free(dir);
}

/* ---- the command line: nothing is written on any error ------------------ */

static int run_generate(const char *dir, const char *params, const char *output,
			const char *extra)
{
	char *path = h_join(dir, "p.json"), *err = NULL;
	const char *argv[10];
	size_t n = 0;
	int rc;

	h_write_file(path, params, strlen(params));
	argv[n++] = "generate";
	argv[n++] = "correspondence";
	argv[n++] = "--params";
	argv[n++] = "p.json";
	argv[n++] = "-o";
	argv[n++] = output;
	if (extra)
		argv[n++] = extra;
	argv[n] = NULL;
	rc = h_run_cli(dir, argv, NULL, &err);
	free(err);
	free(path);
	return rc;
}

/* Regular files anywhere below dir. */
static size_t files_below(const char *dir)
{
	struct ap_path_list l = AP_PATH_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	size_t n;

	assert_int_equal(ap_walk_dir(&l, dir, "", &e), AP_OK);
	n = l.count;
	ap_path_list_release(&l);
	return n;
}

static void test_generate_cli_writes_nothing_on_error(void **state)
{
	char *dir = h_mkdtemp();
	char *out = h_join(dir, "out.xml"), *batch = h_join(dir, "batch");
	char *one = h_join(dir, "batch/ttd-good-one/policy.xml");
	char *blocked = h_join(dir, "batch2/ttd-good-two/policy.xml");
	char *two_one = h_join(dir, "batch2/ttd-good-one/policy.xml");
	char *two_two_dir = h_join(dir, "batch2/ttd-good-two");
	char *batch2 = h_join(dir, "batch2");

	(void)state;
	/* a parameter problem: exit 2 */
	assert_int_equal(run_generate(dir, "{\"identifier\": \"app_x_y\"}", "out.xml", NULL), 2);
	assert_false(h_exists(out));
	/* a lint error (no sender rule, so nobody may write): exit 1 */
	assert_int_equal(run_generate(dir, "{\"identifier\": \"ttd-x-test\", \"senders\": {\"roles\": []}}",
				      "out.xml", NULL), 1);
	assert_false(h_exists(out));
	/* ... unless --no-lint */
	assert_int_equal(run_generate(dir, "{\"identifier\": \"ttd-x-test\", \"senders\": {\"roles\": []}}",
				      "out.xml", "--no-lint"), 0);
	assert_true(h_exists(out));
	/* a batch with one bad object writes none of the good ones */
	assert_int_equal(run_generate(dir, "{\"identifier\": \"ttd-good-one\"}\n{\"identifier\": \"BAD\"}\n",
				      "batch/", NULL), 2);
	assert_false(h_exists(batch));
	assert_int_equal(run_generate(dir, "{\"identifier\": \"ttd-good-one\"}\n{\"identifier\": \"ttd-good-two\"}\n",
				      "batch/", NULL), 0);
	assert_true(h_exists(one));
	/* a file that cannot be written (a folder is in its place): exit 2,
	 * and the other file is not put in place either */
	assert_int_equal(mkdir(batch2, 0777), 0);
	assert_int_equal(mkdir(two_two_dir, 0777), 0);
	assert_int_equal(mkdir(blocked, 0777), 0);
	assert_int_equal(run_generate(dir, "{\"identifier\": \"ttd-good-one\"}\n{\"identifier\": \"ttd-good-two\"}\n",
				      "batch2/", NULL), 2);
	assert_false(h_exists(two_one));
	assert_int_equal(files_below(batch2), 0); /* no temporary file either */
	h_rmtree(dir);
	free(two_one);
	free(two_two_dir);
	free(batch2);
	free(blocked);
	free(one);
	free(batch);
	free(out);
	free(dir);
}

/* ---- allocation failure ------------------------------------------------- */

/* Each step fails allocation 1, 2, 3, ... until it succeeds: every failure
 * is AP_ENOMEM with nothing left allocated. */
static void test_generate_allocation_failure(void **state)
{
	char *dir = h_src_path("templates");
	const char *dirs[1];
	const char *bad = "{\"identifier\": \"app_x\", \"colour\": 1, \"recipients\": {\"roles\": [\"DAGX\"]}}";
	ap_gen_catalog *c = NULL;
	ap_gen_template *t = NULL;
	ap_gen_params *p = NULL;
	struct ap_buf b = AP_BUF_INIT;
	long n;
	int ret;

	(void)state;
	dirs[0] = dir;
	for (n = 1;; n++) {
		struct ap_error e = AP_ERROR_INIT;

		h_alloc_fail_at(n);
		ret = ap_gen_catalog_new(&c, dirs, 1, &e);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			break;
		}
		if (ret != AP_ENOMEM)
			fail_msg("catalog: allocation %ld failed but the result is %d", n, ret);
		assert_null(c);
		assert_int_equal(h_alloc_live(), 0);
	}
	for (n = 1;; n++) {
		struct ap_error e = AP_ERROR_INIT;

		h_alloc_fail_at(n);
		ret = ap_gen_template_open(&t, c, "correspondence", &e);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			break;
		}
		if (ret != AP_ENOMEM)
			fail_msg("template: allocation %ld: %d %s", n, ret, e.message);
		assert_null(t);
	}
	for (n = 1;; n++) {
		struct ap_error e = AP_ERROR_INIT;
		struct ap_diag_list l = AP_DIAG_LIST_INIT;

		h_alloc_fail_at(n);
		ret = ap_gen_params_parse(&p, "p.json", bad, strlen(bad), &e);
		if (ret == AP_OK)
			ret = ap_gen_params_check(p, 0, t, &l, &e);
		ap_diag_list_release(&l);
		ap_gen_params_free(p);
		p = NULL;
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			break;
		}
		if (ret != AP_ENOMEM)
			fail_msg("allocation %ld failed but the result is %d", n, ret);
	}
	h_alloc_fail_at(0);
	p = params_of("p.json", "{\"identifier\": \"ttd-oom-test\"}");
	{
		struct ap_diag_list l = AP_DIAG_LIST_INIT;

		check(p, 0, t, &l);
		assert_clean(&l);
	}
	for (n = 1;; n++) {
		struct ap_error e = AP_ERROR_INIT;

		h_alloc_fail_at(n);
		ret = ap_gen_render(t, ap_gen_params_at(p, 0), &b, &e);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			break;
		}
		if (ret != AP_ENOMEM)
			fail_msg("render: allocation %ld failed but the result is %d (%s)", n, ret, e.message);
		assert_int_equal(b.len, 0);
	}
	h_alloc_off();
	assert_non_null(strstr(b.ptr, "ttd-oom-test"));
	ap_buf_release(&b);
	ap_gen_params_free(p);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
	free(dir);
}

/* Mutations of an example (byte changes, truncations, insertions): never a
 * crash; a problem always has a position inside the text. */
static void test_generate_mutated_params(void **state)
{
	static const char inserts[] = "{}[]\",:\\ 0e-tfn\xc3\xa6";
	ap_gen_catalog *c = catalog_with(NULL);
	ap_gen_template *t = open_template(c, "correspondence");
	char *path = example_path("correspondence");
	size_t len, i;
	char *orig = h_read_file(path, &len);
	char *buf = malloc(len + 2);
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < 600; i++) {
		ap_gen_params *p = NULL;
		struct ap_error e = AP_ERROR_INIT;
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		size_t n = len, at, k;

		memcpy(buf, orig, len);
		seed = seed * 1103515245u + 12345u;
		at = (seed >> 8) % len;
		switch (i % 3) {
		case 0: buf[at] = inserts[(seed >> 20) % (sizeof(inserts) - 1)]; break;
		case 1: n = at; break;
		default:
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = inserts[(seed >> 20) % (sizeof(inserts) - 1)];
			n = len + 1;
		}
		if (ap_gen_params_parse(&p, "m.json", buf, n, &e) != AP_OK) {
			assert_int_equal(e.code, AP_EPARSE);
			continue;
		}
		for (k = 0; k < ap_gen_params_count(p); k++) {
			size_t d;

			check(p, k, t, &l);
			for (d = 0; d < l.count; d++)
				assert_true(l.items[d].line >= 1 && l.items[d].line <= 200);
			if (l.count == 0) {
				struct ap_buf b = AP_BUF_INIT;

				if (ap_gen_render(t, ap_gen_params_at(p, k), &b, &e) != AP_OK)
					fail_msg("mutation %zu checked clean but does not render: %s", i, e.message);
				ap_buf_release(&b);
			}
			ap_diag_list_reset(&l);
		}
		ap_diag_list_release(&l);
		ap_gen_params_free(p);
	}
	free(buf);
	free(orig);
	free(path);
	ap_gen_template_free(t);
	ap_gen_catalog_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_catalog_lists_builtins),
		cmocka_unit_test(test_generate_examples_lint_clean),
		cmocka_unit_test(test_generate_profiles),
		cmocka_unit_test(test_generate_correspondence_minimal_permits_dagl),
		cmocka_unit_test(test_generate_batch_lints_clean),
		cmocka_unit_test(test_generate_unknown_key),
		cmocka_unit_test(test_generate_wrong_type),
		cmocka_unit_test(test_generate_bad_org_number),
		cmocka_unit_test(test_generate_reserved_prefix),
		cmocka_unit_test(test_generate_vocabulary),
		cmocka_unit_test(test_generate_json_syntax_error),
		cmocka_unit_test(test_generate_batch_positions),
		cmocka_unit_test(test_generate_set_overrides),
		cmocka_unit_test(test_generate_control_characters),
		cmocka_unit_test(test_generate_mapping_round_trip),
		cmocka_unit_test(test_generate_hostile_strings_stay_text),
		cmocka_unit_test(test_generate_hostile_values_refused_by_formats),
		cmocka_unit_test(test_generate_subject_values),
		cmocka_unit_test(test_generate_resource_json_escaping),
		cmocka_unit_test(test_generate_template_assertion),
		cmocka_unit_test(test_generate_sandbox),
		cmocka_unit_test(test_generate_expand_pattern),
		cmocka_unit_test(test_generate_describe),
		cmocka_unit_test(test_generate_bad_description),
		cmocka_unit_test(test_generate_cli_writes_nothing_on_error),
		cmocka_unit_test(test_generate_allocation_failure),
		cmocka_unit_test(test_generate_mutated_params),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("generate", tests, NULL, NULL);
}
