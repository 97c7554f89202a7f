/* Publishing (src/publish/): the folder reader, the resource field diff,
 * the policy change summary, the registry's error bodies, environments.
 * The whole plan/apply cycle runs against the emulator in
 * tests/publish/run.py (make publish-check). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "altinn-policy/publish.h"
#include "harness.h"
#include "publish/pub.h"

static void test_publish_environments(void **state)
{
	size_t n = 0;
	const struct ap_publish_env *e = ap_publish_envs(&n);

	(void)state;
	assert_int_equal(n, 6);
	assert_string_equal(e[0].name, "at22");
	assert_string_equal(ap_publish_env_find("TT02")->base_url, "https://platform.tt02.altinn.no");
	assert_string_equal(ap_publish_env_find("prod")->base_url, "https://platform.altinn.no");
	assert_string_equal(ap_publish_env_find("prod")->maskinporten, "https://maskinporten.no/");
	assert_string_equal(ap_publish_env_find("yt01")->maskinporten, "https://test.maskinporten.no/");
	assert_null(ap_publish_env_find("at21"));
	assert_null(ap_publish_env_find(NULL));
}

static int diff_of(const char *want, const char *have, struct ap_buf *out)
{
	json_t *a = json_loads(want, 0, NULL), *b = json_loads(have, 0, NULL);
	int n;

	assert_non_null(a);
	assert_non_null(b);
	ap_buf_reset(out);
	n = ap_resource_diff(a, b, out);
	json_decref(a);
	json_decref(b);
	return n;
}

static void test_publish_resource_diff(void **state)
{
	struct ap_buf d = AP_BUF_INIT;

	(void)state;
	/* what the registry adds (defaults, versionId) is not a change */
	assert_int_equal(diff_of("{\"identifier\":\"x\",\"resourceType\":\"correspondenceservice\","
				 "\"hasCompetentAuthority\":{\"organization\":\"1\"},\"homepage\":null}",
				 "{\"identifier\":\"x\",\"resourceType\":\"CorrespondenceService\",\"versionId\":7,"
				 "\"delegable\":true,\"visible\":true,\"accessListMode\":\"Disabled\","
				 "\"selfIdentifiedUserEnabled\":false,\"enterpriseUserEnabled\":false,"
				 "\"isOneTimeConsent\":false,\"hasCompetentAuthority\":{\"organization\":\"1\",\"name\":{}}}",
				 &d),
			 0);
	assert_int_equal(d.len, 0);
	/* a changed, an added and a removed field, by path */
	assert_int_equal(diff_of("{\"title\":{\"en\":\"New\",\"nb\":\"B\"},\"homepage\":\"h\",\"delegable\":false}",
				 "{\"title\":{\"en\":\"Old\",\"nb\":\"B\"},\"status\":\"Completed\"}", &d),
			 4);
	assert_non_null(strstr(d.ptr, "    ~ title.en: \"Old\" -> \"New\"\n"));
	assert_non_null(strstr(d.ptr, "    + homepage: \"h\"\n"));
	assert_non_null(strstr(d.ptr, "    - status: \"Completed\"\n"));
	assert_non_null(strstr(d.ptr, "    ~ delegable: true -> false\n"));
	/* arrays are compared whole */
	assert_int_equal(diff_of("{\"keywords\":[{\"word\":\"a\"}]}", "{\"keywords\":[{\"word\":\"b\"}]}", &d), 1);
	assert_non_null(strstr(d.ptr, "~ keywords: [{\"word\":\"b\"}] -> [{\"word\":\"a\"}]"));
	ap_buf_release(&d);
}

static void test_publish_policy_summary(void **state)
{
	struct ap_buf d = AP_BUF_INIT;
	const char *a = "<a>\n  <b/>\n</a>\n";
	const char *crlf = "<a>\r\n  <b/>  \r\n</a>";

	(void)state;
	assert_int_equal(ap_policy_change_summary(a, strlen(a), crlf, strlen(crlf), &d), 0);
	assert_int_equal(d.len, 0);
	assert_int_equal(ap_policy_change_summary(a, strlen(a), "<a>\n  <c/>\n  <d/>\n</a>\n", 22, &d), 1);
	assert_string_equal(d.ptr, "+2 -1 lines");
	ap_buf_reset(&d);
	assert_int_equal(ap_policy_change_summary(a, strlen(a), "  <b/>\n<a>\n</a>\n", 16, &d), 1);
	assert_string_equal(d.ptr, "lines reordered");
	ap_buf_reset(&d);
	assert_int_equal(ap_policy_change_summary(NULL, 0, a, strlen(a), &d), 1);
	assert_string_equal(d.ptr, "+3 -0 lines");
	ap_buf_release(&d);
}

/* The plan says what a policy change means: the docs' example (DAGL on
 * urn:altinn:org:rolecode, which grants nobody) against the fixed policy. */
static void test_publish_policy_summary_access(void **state)
{
	struct ap_buf d = AP_BUF_INIT;
	size_t la, lb;
	char *a = h_read_fixture("policies/broken/org-rolecode.xml", &la);
	char *b = h_read_fixture("policies/ExamplePolicy.xml", &lb);

	(void)state;
	assert_int_equal(ap_policy_change_summary(a, la, b, lb, &d), 1);
	assert_non_null(strstr(d.ptr, "; + urn:altinn:rolecode=dagl gains read, subscribe, write"));
	ap_buf_reset(&d);
	/* the same policy re-indented: lines differ, access does not */
	assert_int_equal(ap_policy_change_summary(b, lb, "<!-- x -->\n", 11, &d), 1);
	assert_null(strstr(d.ptr, "access"));
	ap_buf_reset(&d);
	/* reformatted: the lines change, the decisions do not */
	{
		struct ap_buf f = AP_BUF_INIT;
		struct ap_error err = AP_ERROR_INIT;
		struct ap_fmt_options fo = AP_FMT_OPTIONS_INIT;

		fo.ns_style = AP_FMT_NS_DEFAULT;
		assert_int_equal(ap_fmt_memory(b, lb, "x.xml", &fo, &f, &err), AP_OK);
		assert_int_equal(ap_policy_change_summary(b, lb, f.ptr, f.len, &d), 1);
		assert_non_null(strstr(d.ptr, "lines; access unchanged"));
		ap_buf_release(&f);
	}
	ap_buf_release(&d);
	free(a);
	free(b);
}

static void error_of(long status, const char *body, char *code, char *msg)
{
	struct ap_http_resp r = AP_HTTP_RESP_INIT;

	r.status = status;
	if (body != NULL)
		assert_int_equal(ap_buf_adds(&r.body, body), AP_OK);
	ap_registry_error(&r, code, 64, msg, 512);
	ap_http_resp_release(&r);
}

static void test_publish_registry_errors(void **state)
{
	char code[64], msg[512];

	(void)state;
	error_of(400, "{\"type\":\"urn:altinn:error:RR-00001\",\"title\":\"One or more party references not found.\","
		      "\"status\":400,\"code\":\"RR-00001\"}", code, msg);
	assert_string_equal(code, "RR-00001");
	assert_string_equal(msg, "One or more party references not found.");
	error_of(400, "{\"code\":\"STD-00000\",\"title\":\"One or more validation errors occurred.\","
		      "\"validationErrors\":[{\"code\":\"RR.VLD-00001\",\"title\":\"Cannot add or remove more than 100 "
		      "members at a time.\",\"paths\":[\"/data\"]}]}", code, msg);
	assert_string_equal(code, "RR.VLD-00001");
	assert_string_equal(msg, "Cannot add or remove more than 100 members at a time.");
	error_of(400, "{\"title\":\"One or more validation errors occurred.\",\"status\":400,"
		      "\"errors\":{\"Title\":[\"Missing title in english en\"]}}", code, msg);
	assert_string_equal(code, "");
	assert_string_equal(msg, "One or more validation errors occurred.: Title: Missing title in english en");
	error_of(409, "\"The Resource already exist: x\"", code, msg);
	assert_string_equal(msg, "The Resource already exist: x");
	error_of(404, "Unable to find\nresource", code, msg);
	assert_string_equal(msg, "Unable to find resource");
	error_of(403, NULL, code, msg);
	assert_non_null(strstr(msg, "forbidden"));
	error_of(412, NULL, code, msg);
	assert_non_null(strstr(msg, "precondition failed"));
}

static void urn_is(const char *in, const char *want)
{
	char *s = NULL;

	assert_int_equal(ap_pub_member_urn(&s, in), want != NULL ? AP_OK : AP_EINVALID);
	if (want != NULL)
		assert_string_equal(s, want);
	else
		assert_null(s);
	free(s);
}

static void test_publish_member_urns(void **state)
{
	(void)state;
	urn_is("991825827", "urn:altinn:organization:identifier-no:991825827");
	urn_is("urn:altinn:organization:identifier-no:310000001", "urn:altinn:organization:identifier-no:310000001");
	urn_is("urn:altinn:party:uuid:7F00D080-E247-54CE-A018-A25F13E5B96F",
	       "urn:altinn:party:uuid:7f00d080-e247-54ce-a018-a25f13e5b96f");
	urn_is("urn:altinn:party:id:5001", "urn:altinn:party:id:5001");
	urn_is("99182582", NULL);
	urn_is("9918258270", NULL);
	urn_is("urn:altinn:person:identifier-no:01010112345", NULL);
	urn_is("urn:altinn:party:id:", NULL);
	urn_is("urn:altinn:party:uuid:short", NULL);
}

/* Writes rel under dir. */
static void put(const char *dir, const char *rel, const char *text)
{
	char *p = h_join(dir, rel), *slash = strrchr(p, '/'), cmd[1024];

	*slash = '\0';
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", p);
	assert_int_equal(system(cmd), 0);
	*slash = '/';
	h_write_file(p, text, strlen(text));
	free(p);
}

static int count_lints;

static int fake_lint(void *ctx, const char *path, const char *type, const char *buf,
		     size_t len, struct ap_diag_list *out, struct ap_error *err)
{
	(void)ctx;
	(void)type;
	(void)buf;
	(void)len;
	(void)err;
	count_lints++;
	return ap_diag_list_add(out, "AX-S001", AP_SEV_ERROR, path, 1, 1, "test finding");
}

/* Loads dir; returns the code, with err's message in msg. */
static int load(const char *dir, const char *const *paths, size_t npaths,
		char *msg, ap_publish **keep)
{
	struct ap_publish_options o = {0};
	struct ap_diag_list d = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_publish *p = NULL;
	int rc;

	o.folder = dir;
	o.paths = paths;
	o.npaths = npaths;
	o.base_url = "https://platform.tt02.altinn.no/";
	o.lint = fake_lint;
	assert_int_equal(ap_publish_new(&p, &o, &err), AP_OK);
	assert_string_equal(p->base_url, "https://platform.tt02.altinn.no");
	rc = ap_publish_load(p, &d, &err);
	snprintf(msg, 1024, "%s", err.message);
	ap_diag_list_release(&d);
	if (keep != NULL)
		*keep = p;
	else
		ap_publish_free(p);
	return rc;
}

static const char resource_json[] =
	"{\"identifier\":\"ttd-a\",\"hasCompetentAuthority\":{\"organization\":\"991825827\",\"orgcode\":\"ttd\"}}";

static void test_publish_folder_layout(void **state)
{
	char *dir = h_mkdtemp(), msg[1024];
	ap_publish *p = NULL;
	const char *sub[1];
	char *path;

	(void)state;
	assert_int_equal(load(dir, NULL, 0, msg, NULL), AP_EINVALID);
	assert_non_null(strstr(msg, "nothing to publish"));

	put(dir, "resources/ttd-a/resource.json", resource_json);
	put(dir, "resources/ttd-a/policy.xml", "<Policy/>");
	put(dir, "resources/ttd-b/policy.xml", "<Policy/>");
	put(dir, "resources/empty/.keep", "");
	put(dir, "access-lists/ttd/banks.json",
	    "{\"name\":\"Banks\",\"members\":[\"991825827\",\"310000001\",\"991825827\"],"
	    "\"resourceConnections\":[{\"resource\":\"ttd-a\",\"actionFilters\":[\"write\",\"read\"]},"
	    "{\"resource\":\"ttd-b\"}]}");
	count_lints = 0;
	assert_int_equal(load(dir, NULL, 0, msg, &p), AP_OK);
	assert_int_equal(count_lints, 2); /* every policy is linted */
	assert_int_equal(p->nres, 2);
	assert_string_equal(p->res[0].id, "ttd-a");
	assert_non_null(p->res[0].desired);
	assert_null(p->res[1].desired);
	assert_non_null(p->res[1].policy);
	assert_int_equal(p->nlists, 1);
	assert_string_equal(p->lists[0].owner, "ttd");
	assert_string_equal(p->lists[0].id, "banks");
	assert_string_equal(p->lists[0].description, "");
	assert_int_equal(p->lists[0].members.count, 2); /* sorted, duplicates dropped */
	assert_int_equal(p->lists[0].conns.count, 2);
	assert_string_equal(p->lists[0].conns.items[0].actions.items[0], "read");
	assert_int_equal(p->lists[0].conns.items[1].actions.count, 0);
	ap_publish_free(p);

	/* a subset */
	path = h_join(dir, "resources/ttd-b");
	sub[0] = path;
	assert_int_equal(load(dir, sub, 1, msg, &p), AP_OK);
	assert_int_equal(p->nres, 1);
	assert_string_equal(p->res[0].id, "ttd-b");
	assert_int_equal(p->nlists, 0);
	ap_publish_free(p);
	free(path);
	sub[0] = "/";
	assert_int_equal(load(dir, sub, 1, msg, NULL), AP_EINVALID);
	assert_non_null(strstr(msg, "not inside the folder"));

	h_rmtree(dir);
	free(dir);
}

static void expect_bad(const char *rel, const char *text, const char *what)
{
	char *dir = h_mkdtemp(), msg[1024];

	put(dir, rel, text);
	assert_int_equal(load(dir, NULL, 0, msg, NULL), AP_EPARSE);
	if (strstr(msg, what) == NULL)
		fail_msg("'%s' lacks '%s'", msg, what);
	assert_non_null(strstr(msg, rel));
	h_rmtree(dir);
	free(dir);
}

static void test_publish_folder_errors(void **state)
{
	(void)state;
	expect_bad("resources/ttd-x/resource.json", resource_json, "but the folder is 'ttd-x'");
	expect_bad("resources/ttd-x/resource.json", "{\"identifier\":\"ttd-x\"}", "organization");
	expect_bad("resources/ttd-x/resource.json", "[1]", "expected a JSON object");
	expect_bad("resources/ttd-x/resource.json", "{\"identifier\":", "resource.json:1:");
	expect_bad("access-lists/ttd/l.json", "{\"members\":[]}", "\"name\" is required");
	expect_bad("access-lists/ttd/l.json", "{\"name\":\"n\",\"memebrs\":[]}", "unknown key 'memebrs'");
	expect_bad("access-lists/ttd/l.json", "{\"name\":\"n\",\"members\":[\"12345\"]}", "member 1 is not");
	expect_bad("access-lists/ttd/l.json", "{\"name\":\"n\",\"resourceConnections\":[{\"actionFilters\":[]}]}",
		   "needs \"resource\"");
	expect_bad("access-lists/ttd/l.json",
		   "{\"name\":\"n\",\"resourceConnections\":[{\"resource\":\"a\"},{\"resource\":\"a\"}]}",
		   "connected twice");
}

static void rmember(struct ap_list *l, const char *id, const char *orgno,
		    const char *partyid, const char *uuid)
{
	struct ap_rmember *m;

	l->rmembers = realloc(l->rmembers, (l->nrmembers + 1) * sizeof(*l->rmembers));
	m = &l->rmembers[l->nrmembers++];
	m->id = strdup(id);
	m->orgno = orgno ? strdup(orgno) : NULL;
	m->partyid = partyid ? strdup(partyid) : NULL;
	m->uuid = uuid ? strdup(uuid) : NULL;
}

static void test_publish_plan_list(void **state)
{
	struct ap_list l;
	struct ap_path_list none = {0}, read = {0};
	const char *u1 = "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000001";

	(void)state;
	memset(&l, 0, sizeof(l));
	l.name = strdup("N");
	l.description = strdup("D");
	l.r_status = 200;
	l.r_name = strdup("N");
	l.r_description = strdup("D");
	/* wanted: an org number, a party id and a uuid; the registry has the
	 * first two under other identifiers, and one more */
	assert_int_equal(ap_path_list_add(&l.members, "urn:altinn:organization:identifier-no:310000001"), AP_OK);
	assert_int_equal(ap_path_list_add(&l.members, "urn:altinn:party:id:5002"), AP_OK);
	assert_int_equal(ap_path_list_add(&l.members, "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000009"), AP_OK);
	rmember(&l, u1, "310000001", "5001", "00000000-0000-0000-0000-000000000001");
	rmember(&l, "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000002", "310000002", "5002",
		"00000000-0000-0000-0000-000000000002");
	rmember(&l, "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000003", "310000003", "5003",
		"00000000-0000-0000-0000-000000000003");
	assert_int_equal(ap_path_list_add(&read, "read"), AP_OK);
	assert_int_equal(ap_conns_add(&l.conns, "res-a", &read), AP_OK);
	assert_int_equal(ap_conns_add(&l.conns, "res-b", &none), AP_OK);
	assert_int_equal(ap_conns_add(&l.rconns, "res-a", &none), AP_OK);
	assert_int_equal(ap_conns_add(&l.rconns, "res-b", &none), AP_OK);
	assert_int_equal(ap_conns_add(&l.rconns, "res-c", &read), AP_OK);

	assert_int_equal(ap_pub_plan_list(&l), AP_OK);
	assert_int_equal(l.act, ACT_UPDATE);
	assert_false(l.info_changed);
	assert_int_equal(l.add.count, 1);
	assert_string_equal(l.add.items[0], "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000009");
	assert_int_equal(l.remove.count, 1);
	assert_string_equal(l.remove.items[0], "urn:altinn:party:uuid:00000000-0000-0000-0000-000000000003");
	assert_int_equal(l.conn_put.count, 1); /* res-a: all actions -> read */
	assert_string_equal(l.conn_put.items[0].resource, "res-a");
	assert_int_equal(l.conn_del.count, 1);
	assert_string_equal(l.conn_del.items[0], "res-c");

	/* absent: everything is to be created */
	ap_pub_list_clear_remote(&l);
	l.r_status = 404;
	assert_int_equal(ap_pub_plan_list(&l), AP_OK);
	assert_int_equal(l.act, ACT_CREATE);
	assert_int_equal(l.add.count, 3);
	assert_int_equal(l.conn_put.count, 2);

	ap_path_list_release(&read);
	ap_path_list_release(&l.members);
	ap_path_list_release(&l.add);
	ap_path_list_release(&l.remove);
	ap_path_list_release(&l.conn_del);
	ap_conns_release(&l.conns);
	ap_conns_release(&l.conn_put);
	free(l.name);
	free(l.description);
}

/* Every allocation of reading a folder may fail: AP_ENOMEM, nothing leaked. */
static void test_publish_folder_out_of_memory(void **state)
{
	char *dir = h_mkdtemp();
	long n;

	(void)state;
	put(dir, "resources/ttd-a/resource.json", resource_json);
	put(dir, "resources/ttd-a/policy.xml", "<Policy/>");
	put(dir, "access-lists/ttd/banks.json",
	    "{\"name\":\"Banks\",\"members\":[\"991825827\"],\"resourceConnections\":[{\"resource\":\"ttd-a\","
	    "\"actionFilters\":[\"read\"]}]}");
	for (n = 1; n < 2000; n++) {
		struct ap_publish_options o = {0};
		struct ap_diag_list d = AP_DIAG_LIST_INIT;
		struct ap_error err = AP_ERROR_INIT;
		ap_publish *p = NULL;
		int rc;

		o.folder = dir;
		o.base_url = "https://platform.tt02.altinn.no";
		o.lint = fake_lint;
		h_alloc_fail_at(n);
		rc = ap_publish_new(&p, &o, &err);
		if (rc == AP_OK)
			rc = ap_publish_load(p, &d, &err);
		ap_publish_free(p);
		ap_diag_list_release(&d);
		if (!h_alloc_failed()) {
			assert_int_equal(rc, AP_OK);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			h_rmtree(dir);
			free(dir);
			return;
		}
		if (rc != AP_ENOMEM || h_alloc_live() != 0) {
			long live = h_alloc_live();

			h_alloc_off();
			fail_msg("allocation %ld failed: returned %d (%s), %ld blocks leaked", n, rc, err.message, live);
		}
		h_alloc_off();
	}
	fail_msg("never succeeded");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_publish_environments),
		cmocka_unit_test(test_publish_resource_diff),
		cmocka_unit_test(test_publish_policy_summary),
		cmocka_unit_test(test_publish_policy_summary_access),
		cmocka_unit_test(test_publish_registry_errors),
		cmocka_unit_test(test_publish_member_urns),
		cmocka_unit_test(test_publish_plan_list),
		cmocka_unit_test(test_publish_folder_layout),
		cmocka_unit_test(test_publish_folder_errors),
		cmocka_unit_test(test_publish_folder_out_of_memory),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("publish", tests, NULL, NULL);
}
