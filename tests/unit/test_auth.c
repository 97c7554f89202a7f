/* The token source (src/auth/): base64url, keys, RS256, Maskinporten and
 * the exchange against a scripted local server, and secrecy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "altinn-policy/auth.h"
#include "auth/auth_int.h"
#include "harness.h"
#include "mini_httpd.h"

static EVP_PKEY *test_key(void)
{
	static EVP_PKEY *k;

	if (k == NULL)
		k = EVP_RSA_gen(2048);
	assert_non_null(k);
	return k;
}

static void add_b64_bn(json_t *o, const char *member, const char *param)
{
	BIGNUM *bn = NULL;
	unsigned char bytes[1024];
	struct ap_buf b = AP_BUF_INIT;
	int n;

	assert_true(EVP_PKEY_get_bn_param(test_key(), param, &bn));
	n = BN_bn2bin(bn, bytes);
	assert_int_equal(ap_b64url_encode(&b, bytes, (size_t)n), AP_OK);
	json_object_set_new(o, member, json_string(b.ptr));
	ap_buf_release(&b);
	BN_free(bn);
}

/* The test key as a JWK (all CRT members unless minimal). */
static char *test_jwk(int minimal)
{
	json_t *o = json_pack("{s:s, s:s}", "kty", "RSA", "kid", "kid-1");
	char *s;

	add_b64_bn(o, "n", OSSL_PKEY_PARAM_RSA_N);
	add_b64_bn(o, "e", OSSL_PKEY_PARAM_RSA_E);
	add_b64_bn(o, "d", OSSL_PKEY_PARAM_RSA_D);
	if (!minimal) {
		add_b64_bn(o, "p", OSSL_PKEY_PARAM_RSA_FACTOR1);
		add_b64_bn(o, "q", OSSL_PKEY_PARAM_RSA_FACTOR2);
		add_b64_bn(o, "dp", OSSL_PKEY_PARAM_RSA_EXPONENT1);
		add_b64_bn(o, "dq", OSSL_PKEY_PARAM_RSA_EXPONENT2);
		add_b64_bn(o, "qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
	}
	s = json_dumps(o, 0);
	json_decref(o);
	return s;
}

static char *test_pem(void)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data, *out;
	long n;

	assert_true(PEM_write_bio_PrivateKey(b, test_key(), NULL, NULL, 0, NULL, NULL));
	n = BIO_get_mem_data(b, &data);
	out = strndup(data, (size_t)n);
	BIO_free(b);
	return out;
}

/* Verifies an RS256 JWT with the test key's public half. */
static int verifies(const char *jwt)
{
	const char *dot2 = strrchr(jwt, '.');
	unsigned char *sig = NULL;
	size_t siglen = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok;

	assert_int_equal(ap_b64url_decode(&sig, &siglen, dot2 + 1, strlen(dot2 + 1)), AP_OK);
	ok = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, test_key()) == 1 &&
	     EVP_DigestVerify(md, sig, siglen, (const unsigned char *)jwt, (size_t)(dot2 - jwt)) == 1;
	EVP_MD_CTX_free(md);
	free(sig);
	return ok;
}

static json_t *jwt_part(const char *jwt, int which)
{
	const char *p = jwt, *e;
	unsigned char *bytes = NULL;
	size_t len = 0;
	json_t *j;

	while (which-- > 0)
		p = strchr(p, '.') + 1;
	e = strchr(p, '.');
	assert_int_equal(ap_b64url_decode(&bytes, &len, p, e ? (size_t)(e - p) : strlen(p)), AP_OK);
	j = json_loadb((const char *)bytes, len, 0, NULL);
	free(bytes);
	assert_non_null(j);
	return j;
}

static void test_auth_b64url(void **state)
{
	const char *in = "\xff\xfe\x00hello?>";
	size_t n;

	(void)state;
	for (n = 0; n <= 10; n++) {
		struct ap_buf b = AP_BUF_INIT;
		unsigned char *out = NULL;
		size_t len = 99;

		assert_int_equal(ap_b64url_encode(&b, in, n), AP_OK);
		if (b.ptr != NULL) {
			assert_null(strchr(b.ptr, '='));
			assert_null(strchr(b.ptr, '+'));
			assert_null(strchr(b.ptr, '/'));
		}
		assert_int_equal(ap_b64url_decode(&out, &len, b.ptr ? b.ptr : "", b.len), AP_OK);
		assert_int_equal(len, n);
		assert_memory_equal(out, in, n);
		free(out);
		ap_buf_release(&b);
	}
	{
		unsigned char *out = NULL;
		size_t len;

		assert_int_equal(ap_b64url_decode(&out, &len, "ab+c", 4), AP_EPARSE);
		assert_int_equal(ap_b64url_decode(&out, &len, "a", 1), AP_EPARSE);
		assert_int_equal(ap_b64url_decode(&out, &len, "YQ==", 4), AP_OK);
		assert_int_equal(len, 1);
		free(out);
	}
}

static void sign_with(const char *keytext, const char *want_kid)
{
	struct ap_error err = AP_ERROR_INIT;
	EVP_PKEY *k = NULL;
	char *kid = NULL, *jwt = NULL;

	assert_int_equal(ap_key_parse(&k, &kid, keytext, strlen(keytext), &err), AP_OK);
	if (want_kid)
		assert_string_equal(kid, want_kid);
	else
		assert_null(kid);
	assert_int_equal(ap_jwt_sign(&jwt, k, "{\"alg\":\"RS256\"}", "{\"a\":1}", &err), AP_OK);
	assert_true(verifies(jwt));
	free(jwt);
	free(kid);
	EVP_PKEY_free(k);
}

static void test_auth_keys_pem_and_jwk(void **state)
{
	char *pem = test_pem(), *jwk = test_jwk(0), *minimal = test_jwk(1);
	struct ap_error err = AP_ERROR_INIT;
	EVP_PKEY *k = NULL;
	char *kid = NULL;
	const char *junk = "-----BEGIN PRIVATE KEY-----\nSECRETMATERIAL\n-----END PRIVATE KEY-----\n";

	(void)state;
	sign_with(pem, NULL);
	sign_with(jwk, "kid-1");
	sign_with(minimal, "kid-1");
	assert_int_equal(ap_key_parse(&k, &kid, junk, strlen(junk), &err), AP_EINVALID);
	assert_null(strstr(err.message, "SECRETMATERIAL"));
	assert_int_equal(ap_key_parse(&k, &kid, "{\"kty\":\"EC\"}", 12, &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "RSA"));
	assert_int_equal(ap_key_parse(&k, &kid, "{\"kty\":\"RSA\",\"n\":\"AQAB\"}", 24, &err), AP_EINVALID);
	assert_null(k);
	free(pem);
	free(jwk);
	free(minimal);
}

static void test_auth_given_token(void **state)
{
	struct ap_auth_options o = {0};
	struct ap_error err = AP_ERROR_INIT;
	ap_auth *a = NULL;
	const char *t = NULL;

	(void)state;
	o.token = "given-token-value-123";
	assert_int_equal(ap_auth_new(&a, &o, &err), AP_OK);
	assert_int_equal(ap_auth_token(a, 0, &t, &err), AP_OK);
	assert_string_equal(t, "given-token-value-123");
	assert_int_equal(ap_auth_token(a, 1, &t, &err), AP_EINVALID);
	assert_null(strstr(err.message, "given-token-value"));
	ap_auth_free(a);

	memset(&o, 0, sizeof(o));
	assert_int_equal(ap_auth_new(&a, &o, &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "no credentials"));
}

static void test_auth_token_file(void **state)
{
	char *dir = h_mkdtemp(), *f = h_join(dir, "t"), *tok = NULL;
	struct ap_error err = AP_ERROR_INIT;

	(void)state;
	h_write_file(f, "\n  abc.def.ghi  \nsecond line\n", 29);
	assert_int_equal(ap_auth_read_token_file(&tok, f, &err), AP_OK);
	assert_string_equal(tok, "abc.def.ghi");
	ap_secret_free(tok);
	h_write_file(f, " \n", 2);
	assert_int_equal(ap_auth_read_token_file(&tok, f, &err), AP_EINVALID);
	h_rmtree(dir);
	free(f);
	free(dir);
}

/* A fake Maskinporten + exchange. */
struct fake_mp {
	char assertions[4][2048];
	int tokens, exchanges;
	int refuse;
	int lifetime; /* of the Altinn token, seconds (0: an hour) */
	char exchange_auth[256];
};

static void mp_handler(void *ctx, const struct mh_request *req, struct mh_response *resp)
{
	struct fake_mp *m = ctx;

	if (strcmp(req->path, "/mp/token") == 0) {
		const char *a = strstr(req->body, "assertion=");
		size_t n = a ? req->body_len - (size_t)(a + 10 - req->body) : 0;
		int i = m->tokens++ % 4;

		if (n >= sizeof(m->assertions[i]))
			n = sizeof(m->assertions[i]) - 1;
		memcpy(m->assertions[i], a + 10, n);
		m->assertions[i][n] = '\0';
		if (m->refuse) {
			resp->status = 400;
			snprintf(resp->body, sizeof(resp->body),
				 "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid assertion: no key\"}");
			return;
		}
		snprintf(resp->body, sizeof(resp->body), "{\"access_token\":\"mp-token-%d\",\"expires_in\":120}",
			 m->tokens);
		return;
	}
	if (strncmp(req->path, "/authentication/api/v1/exchange/maskinporten", 44) == 0) {
		/* an Altinn token: header.claims.signature, the claims readable */
		struct ap_buf b = AP_BUF_INIT;
		char claims[256];

		mh_header(req->headers, "Authorization", m->exchange_auth, sizeof(m->exchange_auth));
		m->exchanges++;
		snprintf(claims, sizeof(claims),
			 "{\"scope\":\"altinn:resourceregistry/resource.write\",\"exp\":%lld,\"n\":%d}",
			 (long long)time(NULL) + (m->lifetime ? m->lifetime : 3600), m->exchanges);
		assert_int_equal(ap_b64url_encode(&b, claims, strlen(claims)), AP_OK);
		snprintf(resp->body, sizeof(resp->body), "\"eyJhbGciOiJSUzI1NiJ9.%s.c2ln\"", b.ptr);
		ap_buf_release(&b);
		return;
	}
	resp->status = 404;
}

static void test_auth_maskinporten_flow(void **state)
{
	struct fake_mp m;
	struct mh_server srv;
	struct ap_http_options ho = AP_HTTP_OPTIONS_INIT;
	struct ap_auth_options o = {0};
	struct ap_error err = AP_ERROR_INIT;
	char *dir = h_mkdtemp(), *keyfile = h_join(dir, "k.json"), *jwk = test_jwk(0);
	char issuer[128], exchange[256];
	ap_http *h = NULL;
	ap_auth *a = NULL;
	const char *t = NULL;
	json_t *hdr, *cl, *claims = NULL;

	(void)state;
	memset(&m, 0, sizeof(m));
	mh_start(&srv, mp_handler, &m);
	h_write_file(keyfile, jwk, strlen(jwk));
	snprintf(issuer, sizeof(issuer), "%s/mp/", srv.base);
	snprintf(exchange, sizeof(exchange), "%s/authentication/api/v1/exchange/maskinporten", srv.base);
	o.client_id = "client-1";
	o.key_path = keyfile;
	o.maskinporten = issuer;
	o.exchange_url = exchange;
	assert_int_equal(ap_auth_new(&a, &o, &err), AP_OK);
	ho.auth = ap_auth_source(a);
	assert_int_equal(ap_http_new(&h, &ho, &err), AP_OK);
	ap_auth_bind(a, h);

	assert_int_equal(ap_auth_token(a, 0, &t, &err), AP_OK);
	assert_non_null(strstr(t, "eyJhbGciOiJSUzI1NiJ9."));
	assert_null(strchr(t, '"')); /* the quotes of a JSON string are gone */
	assert_string_equal(m.exchange_auth, "Bearer mp-token-1");
	/* the assertion: RS256 by the client's key, with what Maskinporten wants */
	assert_true(verifies(m.assertions[0]));
	hdr = jwt_part(m.assertions[0], 0);
	cl = jwt_part(m.assertions[0], 1);
	assert_string_equal(json_string_value(json_object_get(hdr, "alg")), "RS256");
	assert_string_equal(json_string_value(json_object_get(hdr, "kid")), "kid-1");
	assert_string_equal(json_string_value(json_object_get(cl, "iss")), "client-1");
	assert_string_equal(json_string_value(json_object_get(cl, "aud")), issuer);
	assert_string_equal(json_string_value(json_object_get(cl, "scope")), AP_AUTH_PUBLISH_SCOPES);
	assert_true(json_integer_value(json_object_get(cl, "exp")) - json_integer_value(json_object_get(cl, "iat")) <= 120);
	assert_int_equal(strlen(json_string_value(json_object_get(cl, "jti"))), 32);
	json_decref(hdr);

	/* cached until it expires; a refresh gets a new one with a new jti */
	assert_int_equal(ap_auth_token(a, 0, &t, &err), AP_OK);
	assert_int_equal(m.tokens, 1);
	assert_int_equal(ap_auth_token(a, 1, &t, &err), AP_OK);
	assert_int_equal(m.tokens, 2);
	assert_int_equal(m.exchanges, 2);
	hdr = jwt_part(m.assertions[1], 1);
	assert_string_not_equal(json_string_value(json_object_get(hdr, "jti")),
				json_string_value(json_object_get(cl, "jti")));
	json_decref(hdr);
	json_decref(cl);
	assert_int_equal(ap_auth_claims(a, &claims, &err), AP_OK);
	assert_int_equal(json_integer_value(json_object_get(claims, "n")), 2);
	json_decref(claims);

	/* a token that expires within 30 seconds is replaced before use */
	m.lifetime = 20;
	assert_int_equal(ap_auth_token(a, 1, &t, &err), AP_OK);
	assert_int_equal(m.tokens, 3);
	assert_int_equal(ap_auth_token(a, 0, &t, &err), AP_OK);
	assert_int_equal(m.tokens, 4);
	m.lifetime = 0;

	/* a refusal is reported with the OAuth error, never the assertion */
	m.refuse = 1;
	assert_int_equal(ap_auth_token(a, 1, &t, &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "invalid_grant"));
	assert_null(strstr(err.message, "eyJ"));

	ap_http_free(h);
	ap_auth_free(a);
	mh_stop(&srv);
	h_rmtree(dir);
	free(dir);
	free(keyfile);
	free(jwk);
}

static void test_auth_bad_key_file(void **state)
{
	char *dir = h_mkdtemp(), *keyfile = h_join(dir, "k.pem");
	struct ap_auth_options o = {0};
	struct ap_error err = AP_ERROR_INIT;
	ap_auth *a = NULL;

	(void)state;
	h_write_file(keyfile, "TOPSECRETBYTES", 14);
	o.client_id = "c";
	o.key_path = keyfile;
	o.maskinporten = "https://test.maskinporten.no/";
	o.exchange_url = "https://platform.tt02.altinn.no/authentication/api/v1/exchange/maskinporten";
	assert_int_equal(ap_auth_new(&a, &o, &err), AP_EINVALID);
	assert_null(a);
	assert_non_null(strstr(err.message, keyfile));
	assert_null(strstr(err.message, "TOPSECRET"));
	h_rmtree(dir);
	free(dir);
	free(keyfile);
}

/* Every allocation of making a token source may fail: AP_ENOMEM, no leak. */
static void test_auth_out_of_memory(void **state)
{
	char *dir = h_mkdtemp(), *keyfile = h_join(dir, "k.json"), *jwk = test_jwk(0);
	long n;

	(void)state;
	h_write_file(keyfile, jwk, strlen(jwk));
	for (n = 1; n < 1000; n++) {
		struct ap_auth_options o = {0};
		struct ap_error err = AP_ERROR_INIT;
		ap_auth *a = NULL;
		int rc;

		o.client_id = "c";
		o.key_path = keyfile;
		o.maskinporten = "https://test.maskinporten.no/";
		o.exchange_url = "https://platform.tt02.altinn.no/authentication/api/v1/exchange/maskinporten";
		h_alloc_fail_at(n);
		rc = ap_auth_new(&a, &o, &err);
		ap_auth_free(a);
		if (!h_alloc_failed()) {
			assert_int_equal(rc, AP_OK);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			break;
		}
		if (rc != AP_ENOMEM || h_alloc_live() != 0) {
			long live = h_alloc_live();

			h_alloc_off();
			fail_msg("allocation %ld failed: returned %d (%s), %ld blocks leaked", n, rc, err.message, live);
		}
		h_alloc_off();
	}
	h_rmtree(dir);
	free(dir);
	free(keyfile);
	free(jwk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_b64url),
		cmocka_unit_test(test_auth_keys_pem_and_jwk),
		cmocka_unit_test(test_auth_given_token),
		cmocka_unit_test(test_auth_token_file),
		cmocka_unit_test(test_auth_maskinporten_flow),
		cmocka_unit_test(test_auth_bad_key_file),
		cmocka_unit_test(test_auth_out_of_memory),
	};
	int rc;

	h_test_filter();
	rc = cmocka_run_group_tests_name("auth", tests, NULL, NULL);
	EVP_PKEY_free(test_key());
	return rc;
}
