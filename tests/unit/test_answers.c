/*
 * The parsers of the registry's and the token services' answers
 * (src/publish/parse.c, src/auth/answer.c) on hostile answers: the
 * defects found by the hostile HTTP suite and the fuzz targets stay fixed.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#include "auth/auth_int.h"
#include "publish/pub.h"

#define BASE "https://registry.example"

static int page(struct ap_list *l, int members, const char *body, char **next)
{
	return ap_pub_parse_page(l, members, body, strlen(body), BASE, next);
}

static void release(struct ap_list *l)
{
	ap_pub_list_clear_remote(l);
	ap_free(l->rmembers);
	memset(l, 0, sizeof(*l));
}

/* A 200 that is not a page is not an empty list. */
static void test_answers_not_a_page(void **state)
{
	static const char *const bodies[] = {
		"<!DOCTYPE html><html><body>{\"data\":[]}</body></html>", "", "[]", "{}", "{\"data\":{}}",
		"{\"data\":null}", "\"data\"", "{\"links\":{},\"data\":[1,2,,]}", "{\"not\":\"xml\"}",
	};
	struct ap_list l;
	char *next = (char *)"x";
	size_t i;

	(void)state;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < ARRAY_SIZE(bodies); i++) {
		assert_int_equal(page(&l, 1, bodies[i], &next), AP_EPARSE);
		assert_null(next);
		assert_int_equal(ap_pub_parse_list_info(&l, bodies[i], strlen(bodies[i])),
				 strchr(bodies[i], '{') == bodies[i] && strstr(bodies[i], ",,") == NULL ? AP_OK : AP_EPARSE);
		release(&l);
	}
	assert_null(ap_pub_parse_object("[1]", 3));
	assert_null(ap_pub_parse_object(NULL, 0));
}

/* Members with every identifier; a next link only to the registry. */
static void test_answers_pages(void **state)
{
	struct ap_list l;
	char *next = NULL;

	(void)state;
	memset(&l, 0, sizeof(l));
	/* numbers jansson cannot hold make the whole answer unreadable */
	assert_int_equal(page(&l, 1, "{\"data\":[{\"id\":\"urn:a\",\"n\":99999999999999999999999}]}", &next),
			 AP_EPARSE);
	assert_int_equal(page(&l, 1,
			      "{\"links\":{\"next\":\"" BASE "/p2\"},\"data\":[{\"id\":\"urn:a\",\"identifiers\":{"
			      "\"urn:altinn:party:id\":1.5,"
			      "\"urn:altinn:organization:identifier-no\":\"991825827\"}},{\"noid\":1},"
			      "{\"id\":\"urn:b\",\"identifiers\":{\"urn:altinn:party:id\":\"7\"}}]}", &next),
			 AP_OK);
	assert_string_equal(next, BASE "/p2");
	assert_int_equal(l.nrmembers, 2);
	assert_string_equal(l.rmembers[0].orgno, "991825827");
	assert_null(l.rmembers[0].partyid); /* not an integer: not an id */
	assert_string_equal(l.rmembers[1].partyid, "7");
	ap_free(next);
	release(&l);
	/* away from the registry: the token would follow */
	assert_int_equal(page(&l, 0, "{\"links\":{\"next\":\"" BASE "@evil.example/x\"},\"data\":[]}", &next),
			 AP_EINVALID);
	assert_null(next);
	assert_int_equal(page(&l, 0, "{\"links\":{\"next\":\"https://evil.example/x\"},\"data\":[]}", &next),
			 AP_EINVALID);
	release(&l);
}

/* Tokens that cannot go into a header are refused and not shown. */
static void test_answers_tokens(void **state)
{
	static const char *const bad[] = {
		"{\"access_token\":\"abc\\r\\nX-Injected: 1\"}", "{\"access_token\":\"a b\"}",
		"{\"access_token\":\"\"}", "{\"access_token\":\"abc\\u0000def\"}", "{\"access_token\":7}",
		"{\"token\":\"abc\"}", "<html>", "{\"access_token\":\"ab=c\"}",
	};
	static const char good[] = "{\"access_token\":\"eyJ.a-b_c~+/.d==\"}";
	struct ap_error err = AP_ERROR_INIT;
	char *tok = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(ap_auth_parse_mp_answer(&tok, bad[i], strlen(bad[i]), &err), AP_EINVALID);
		assert_null(tok);
		assert_null(strstr(err.message, "Injected"));
	}
	assert_int_equal(ap_auth_parse_mp_answer(&tok, good, strlen(good), &err), AP_OK);
	assert_string_equal(tok, "eyJ.a-b_c~+/.d==");
	ap_secret_free(tok);
	assert_int_equal(ap_auth_parse_exchanged(&tok, " \"eyJ.x.y\"\r\n", 12, &err), AP_OK);
	assert_string_equal(tok, "eyJ.x.y");
	ap_secret_free(tok);
	assert_int_equal(ap_auth_parse_exchanged(&tok, "\"secret-part\nX: y\"", 18, &err), AP_EINVALID);
	assert_null(strstr(err.message, "secret-part"));
	assert_int_equal(ap_auth_parse_exchanged(&tok, "\"\"", 2, &err), AP_EINVALID);
	assert_int_equal(ap_token_check("x\r\n", 3, "t", &err), AP_EINVALID);
}

/* exp claims out of range give "unknown" (0), without overflow. */
static void test_answers_expiry(void **state)
{
	(void)state;
	/* {"exp":1.5e300}, {"exp":-5}, {"exp":1700000000}, {"exp":1.7e9} */
	assert_int_equal(ap_auth_token_expiry("e30.eyJleHAiOjEuNWUzMDB9.c2ln"), 0);
	assert_int_equal(ap_auth_token_expiry("e30.eyJleHAiOi01fQ.c2ln"), 0);
	assert_int_equal(ap_auth_token_expiry("e30.eyJleHAiOjE3MDAwMDAwMDB9.c2ln"), 1700000000);
	assert_int_equal(ap_auth_token_expiry("e30.eyJleHAiOjEuN2U5fQ.c2ln"), 1700000000);
	assert_int_equal(ap_auth_token_expiry("not a jwt"), 0);
}

/* OAuth error bodies on one line, whatever they hold. */
static void test_answers_oauth_error(void **state)
{
	static const char body[] = "{\"error\":\"bad\\r\\nX\",\"error_description\":\"\\u001b[31mred\"}";
	char msg[512];

	(void)state;
	ap_auth_oauth_error(400, body, strlen(body), "", msg, sizeof(msg));
	assert_string_equal(msg, "HTTP 400 bad  X:  [31mred");
	ap_auth_oauth_error(0, NULL, 0, "Connection refused", msg, sizeof(msg));
	assert_string_equal(msg, "no answer (Connection refused)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_not_a_page),
		cmocka_unit_test(test_answers_pages),
		cmocka_unit_test(test_answers_tokens),
		cmocka_unit_test(test_answers_expiry),
		cmocka_unit_test(test_answers_oauth_error),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("answers", tests, NULL, NULL);
}
