/*
 * Allocation-failure torture of the network paths (issue 8): publish plan
 * and apply against a scripted local registry, the token source
 * (Maskinporten assertion, token request, exchange) against a scripted
 * Maskinporten, and the response parsers on their own.  Every library
 * allocation fails in turn (h_torture): each run ends in AP_ENOMEM with
 * nothing leaked, or with exactly the answer of the run without failures.
 */
#include "harness.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#include "altinn-policy/altinn-policy.h"
#include "auth/auth_int.h"
#include "mini_httpd.h"
#include "publish/pub.h"

/* ---- a scripted registry ------------------------------------------------- */

static const char resource_json[] =
	"{\"identifier\":\"ttd-a\",\"title\":{\"en\":\"A\",\"nb\":\"A\",\"nn\":\"A\"},"
	"\"description\":{\"en\":\"A\",\"nb\":\"A\",\"nn\":\"A\"},\"resourceType\":\"GenericAccessResource\","
	"\"hasCompetentAuthority\":{\"organization\":\"991825827\",\"orgcode\":\"ttd\"},\"delegable\":true}";

static const char policy_xml[] =
	"<xacml:Policy xmlns:xacml=\"urn:oasis:names:tc:xacml:3.0:core:schema:wd-17\" PolicyId=\"p\" "
	"Version=\"1.0\" RuleCombiningAlgId=\"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:"
	"deny-overrides\"><xacml:Target/></xacml:Policy>\n";

/* The registry's side: the resource with another title, its policy with
 * another line, the list with one member to keep and one to remove (over
 * two pages) and one connection to change. */
static void registry(void *ctx, const struct mh_request *req, struct mh_response *resp)
{
	const struct mh_server *s = ctx;
	const char *p = req->path;

	if (strcmp(req->method, "GET") != 0) {
		snprintf(resp->headers, sizeof(resp->headers), "ETag: \"e2\"\r\n");
		snprintf(resp->body, sizeof(resp->body), "{}");
		resp->status = strcmp(req->method, "POST") == 0 ? 201 : 200;
	} else if (strstr(p, "/resource/ttd-a/policy") != NULL) {
		snprintf(resp->body, sizeof(resp->body), "%s<!-- old -->\n", policy_xml);
	} else if (strstr(p, "/resource/ttd-a") != NULL) {
		snprintf(resp->body, sizeof(resp->body), "%.*s",
			 (int)(strlen(resource_json) - 1), resource_json);
		strncat(resp->body, ",\"homepage\":\"https://old.example\"}", sizeof(resp->body) - strlen(resp->body) - 1);
	} else if (strstr(p, "/members?page=2") != NULL) {
		snprintf(resp->body, sizeof(resp->body),
			 "{\"links\":{},\"data\":[{\"id\":\"urn:altinn:party:uuid:00000000-0000-0000-0000-000000000003\","
			 "\"identifiers\":{\"urn:altinn:party:id\":50003,\"urn:altinn:organization:identifier-no\":"
			 "\"310000002\"}}]}");
	} else if (strstr(p, "/members") != NULL) {
		snprintf(resp->body, sizeof(resp->body),
			 "{\"links\":{\"next\":\"%s/resourceregistry/api/v1/access-lists/ttd/banks/members?page=2\"},"
			 "\"data\":[{\"id\":\"urn:altinn:party:uuid:00000000-0000-0000-0000-000000000001\","
			 "\"identifiers\":{\"urn:altinn:party:id\":\"50001\",\"urn:altinn:organization:identifier-no\":"
			 "\"991825827\",\"urn:altinn:party:uuid\":\"00000000-0000-0000-0000-000000000001\"}}]}",
			 s->base);
	} else if (strstr(p, "/resource-connections") != NULL) {
		snprintf(resp->body, sizeof(resp->body),
			 "{\"links\":{},\"data\":[{\"resourceIdentifier\":\"ttd-a\",\"actionFilters\":[\"read\",\"write\"]}]}");
	} else if (strstr(p, "/access-lists/ttd/banks") != NULL) {
		snprintf(resp->headers, sizeof(resp->headers), "ETag: \"e1\"\r\n");
		snprintf(resp->body, sizeof(resp->body), "{\"identifier\":\"banks\",\"name\":\"Banks\"}");
	} else {
		resp->status = 404;
	}
}

static void put(const char *dir, const char *rel, const char *text)
{
	char *path = h_join(dir, rel), *slash;

	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	h_write_file(path, text, strlen(text));
	free(path);
}

struct pub_case {
	const char *dir;
	const char *base;
	int apply;
};

/* plan (and apply) of the folder; the rendered plan (and result) is the
 * answer. */
static int publish_round_trip(void *ctx, char **out)
{
	const struct pub_case *c = ctx;
	struct ap_publish_options o = {0};
	struct ap_http_options ho = AP_HTTP_OPTIONS_INIT;
	struct ap_diag_list d = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT;
	ap_publish *p = NULL;
	ap_http *h = NULL;
	int rc;

	o.folder = c->dir;
	o.base_url = c->base;
	ho.max_attempts = 1;
	ho.max_parallel = 4;
	rc = ap_publish_new(&p, &o, &err);
	if (rc == AP_OK)
		rc = ap_publish_load(p, &d, &err);
	if (rc == AP_OK)
		rc = ap_http_new(&h, &ho, &err);
	if (rc == AP_OK)
		rc = ap_publish_plan(p, h, &err);
	if (rc == AP_OK)
		rc = ap_publish_render_plan(p, 0, &text);
	if (rc == AP_OK && c->apply)
		rc = ap_publish_apply(p, h, NULL, NULL, &err);
	if (rc == AP_OK && c->apply)
		rc = ap_publish_render_result(p, 0, &text);
	if (rc == AP_OK)
		*out = strdup(text.ptr != NULL ? text.ptr : "");
	ap_buf_release(&text);
	ap_http_free(h);
	ap_publish_free(p);
	ap_diag_list_release(&d);
	return rc;
}

static void torture_publish(int apply)
{
	struct mh_server srv;
	struct pub_case c;
	char *dir = h_mkdtemp(), *ref = NULL;
	long n;

	put(dir, "resources/ttd-a/resource.json", resource_json);
	put(dir, "resources/ttd-a/policy.xml", policy_xml);
	put(dir, "access-lists/ttd/banks.json",
	    "{\"name\":\"Banks\",\"members\":[\"991825827\",\"310000001\"],"
	    "\"resourceConnections\":[{\"resource\":\"ttd-a\",\"actionFilters\":[\"read\"]}]}");
	mh_start(&srv, registry, &srv);
	c.dir = dir;
	c.base = srv.base;
	c.apply = apply;
	/* the reference run does what it should */
	assert_int_equal(publish_round_trip(&c, &ref), AP_OK);
	assert_non_null(strstr(ref, "- homepage: \"https://old.example\""));
	assert_non_null(strstr(ref, "- urn:altinn:party:uuid:00000000-0000-0000-0000-000000000003"));
	if (apply)
		assert_non_null(strstr(ref, "3 applied"));
	free(ref);
	n = h_torture(apply ? "publish apply" : "publish plan", publish_round_trip, &c);
	fprintf(stderr, "%s: %ld allocations failed in turn\n", apply ? "apply" : "plan", n);
	assert_true(n > 50);
	mh_stop(&srv);
	h_rmtree(dir);
	free(dir);
}

static void test_torture_publish_plan(void **state)
{
	(void)state;
	torture_publish(0);
}

static void test_torture_publish_apply(void **state)
{
	(void)state;
	torture_publish(1);
}

/* ---- the token source ---------------------------------------------------- */

/* exp 4102444800 (2100-01-01): not refreshed during the test */
#define ALTINN_TOKEN "eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln"

static void token_services(void *ctx, const struct mh_request *req, struct mh_response *resp)
{
	(void)ctx;
	if (strcmp(req->path, "/token") == 0 && strstr(req->body, "assertion=ey") != NULL)
		snprintf(resp->body, sizeof(resp->body),
			 "{\"access_token\":\"mp-token-0123456789\",\"token_type\":\"Bearer\",\"expires_in\":120}");
	else if (strcmp(req->path, "/exchange") == 0 && strstr(req->headers, "Bearer mp-token-0123456789") != NULL)
		snprintf(resp->body, sizeof(resp->body), "\"%s\"", ALTINN_TOKEN);
	else
		resp->status = 401;
}

struct token_case {
	const char *keyfile;
	char maskinporten[80], exchange[80];
};

static int token_round_trip(void *ctx, char **out)
{
	const struct token_case *c = ctx;
	struct ap_auth_options o = {0};
	struct ap_http_options ho = AP_HTTP_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_auth *a = NULL;
	ap_http *h = NULL;
	const char *tok = NULL;
	int rc;

	o.client_id = "torture-client";
	o.kid = "k1";
	o.key_path = c->keyfile;
	o.maskinporten = c->maskinporten;
	o.exchange_url = c->exchange;
	ho.max_attempts = 1;
	rc = ap_auth_new(&a, &o, &err);
	if (rc == AP_OK) {
		ho.auth = ap_auth_source(a);
		rc = ap_http_new(&h, &ho, &err);
	}
	if (rc == AP_OK) {
		ap_auth_bind(a, h);
		rc = ap_auth_token(a, 0, &tok, &err);
	}
	if (rc == AP_OK)
		*out = strdup(tok);
	ap_http_free(h);
	ap_auth_free(a);
	return rc;
}

static void write_rsa_key(const char *path)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	FILE *f = fopen(path, "w");

	assert_non_null(k);
	assert_non_null(f);
	assert_int_equal(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	EVP_PKEY_free(k);
}

static void test_torture_token_source(void **state)
{
	struct mh_server srv;
	struct token_case c;
	char *dir = h_mkdtemp(), *keyfile = h_join(dir, "key.pem");

	(void)state;
	write_rsa_key(keyfile);
	mh_start(&srv, token_services, NULL);
	c.keyfile = keyfile;
	snprintf(c.maskinporten, sizeof(c.maskinporten), "%s/", srv.base);
	snprintf(c.exchange, sizeof(c.exchange), "%s/exchange", srv.base);
	assert_true(h_torture("token source", token_round_trip, &c) > 10);
	mh_stop(&srv);
	h_rmtree(dir);
	free(dir);
	free(keyfile);
}

/* ---- the parsers on their own ------------------------------------------- */

static const char members_page[] =
	"{\"links\":{\"next\":\"https://r.example/next\"},\"data\":[{\"id\":\"urn:altinn:party:uuid:1\","
	"\"identifiers\":{\"urn:altinn:party:id\":5,\"urn:altinn:organization:identifier-no\":\"991825827\","
	"\"urn:altinn:party:uuid\":\"1\"}},{\"id\":\"urn:altinn:party:uuid:2\",\"identifiers\":{"
	"\"urn:altinn:party:id\":\"6\"}}]}";
static const char list_info[] = "{\"name\":\"N\",\"description\":\"D\"}";
static const char conns_page[] =
	"{\"links\":{},\"data\":[{\"resourceIdentifier\":\"a\",\"actionFilters\":[\"read\",\"write\"]},"
	"{\"resourceIdentifier\":\"b\"}]}";
static const char problem[] =
	"{\"title\":\"One or more validation errors occurred.\",\"status\":400,\"code\":\"STD-00000\","
	"\"validationErrors\":[{\"code\":\"RR.VLD-00000\",\"title\":\"Cannot replace\"}],"
	"\"errors\":{\"Identifier\":[\"required\",\"too short\"]}}";

static int parsers_round_trip(void *ctx, char **out)
{
	struct ap_list l;
	struct ap_buf text = AP_BUF_INIT;
	struct ap_http_resp r = AP_HTTP_RESP_INIT;
	struct ap_error err = AP_ERROR_INIT;
	char *next = NULL, *next2 = NULL, *mp = NULL, *ex = NULL, code[64], msg[512];
	size_t i;
	int rc;

	(void)ctx;
	memset(&l, 0, sizeof(l));
	rc = ap_pub_parse_list_info(&l, list_info, strlen(list_info));
	if (rc == AP_OK)
		rc = ap_pub_parse_page(&l, 1, members_page, strlen(members_page), "https://r.example", &next);
	if (rc == AP_OK)
		rc = ap_pub_parse_page(&l, 0, conns_page, strlen(conns_page), "https://r.example", &next2);
	if (rc == AP_OK)
		rc = ap_auth_parse_mp_answer(&mp, "{\"access_token\":\"abc.def\"}", 26, &err);
	if (rc == AP_OK)
		rc = ap_auth_parse_exchanged(&ex, "\"eyJ.x.y\"\n", 10, &err);
	if (rc == AP_OK) {
		r.status = 400;
		rc = ap_buf_adds(&r.body, problem);
	}
	if (rc == AP_OK) {
		ap_registry_error(&r, code, sizeof(code), msg, sizeof(msg));
		rc = ap_buf_addf(&text, "%s %s|%s|%s|%s|%s|%s|%s|%s", l.r_name, l.r_description, next,
				 next2 ? next2 : "-", mp, ex, code, msg, "");
	}
	for (i = 0; rc == AP_OK && i < l.nrmembers; i++)
		rc = ap_buf_addf(&text, "m %s %s %s %s|", l.rmembers[i].id, l.rmembers[i].orgno ? l.rmembers[i].orgno : "-",
				 l.rmembers[i].partyid ? l.rmembers[i].partyid : "-",
				 l.rmembers[i].uuid ? l.rmembers[i].uuid : "-");
	for (i = 0; rc == AP_OK && i < l.rconns.count; i++)
		rc = ap_buf_addf(&text, "c %s %zu|", l.rconns.items[i].resource, l.rconns.items[i].actions.count);
	if (rc == AP_OK)
		*out = strdup(text.ptr);
	ap_buf_release(&text);
	ap_http_resp_release(&r);
	ap_free(next);
	ap_free(next2);
	ap_secret_free(mp);
	ap_secret_free(ex);
	ap_pub_list_clear_remote(&l);
	ap_free(l.rmembers);
	return rc;
}

static void test_torture_response_parsers(void **state)
{
	(void)state;
	assert_true(h_torture("response parsers", parsers_round_trip, NULL) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_torture_response_parsers),
		cmocka_unit_test(test_torture_token_source),
		cmocka_unit_test(test_torture_publish_plan),
		cmocka_unit_test(test_torture_publish_apply),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("torture-publish", tests, NULL, NULL);
}
