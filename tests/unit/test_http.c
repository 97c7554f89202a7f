/* The HTTP engine (src/http/) against a scripted local server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <time.h>

#include <cmocka.h>

#include "altinn-policy/http.h"
#include "harness.h"
#include "mini_httpd.h"

/* The script: what to answer to request i, and what came in. */
struct script {
	int statuses[16];
	const char *extra[16]; /* extra header lines per answer */
	int close_early[16];
	int delay_ms;
	int n;
	char seen_auth[16][128];
	char seen_sub[16][64];
	char seen_expect[16][64];
	char seen_if_match[16][64];
	char seen_ctype[16][128];
	char seen_method[16][16];
	size_t seen_body_len[16];
};

static void scripted(void *ctx, const struct mh_request *req, struct mh_response *resp)
{
	struct script *s = ctx;
	int i = req->index < 16 ? req->index : 15;

	mh_header(req->headers, "Authorization", s->seen_auth[i], sizeof(s->seen_auth[i]));
	mh_header(req->headers, "Ocp-Apim-Subscription-Key", s->seen_sub[i], sizeof(s->seen_sub[i]));
	mh_header(req->headers, "Expect", s->seen_expect[i], sizeof(s->seen_expect[i]));
	mh_header(req->headers, "If-Match", s->seen_if_match[i], sizeof(s->seen_if_match[i]));
	mh_header(req->headers, "Content-Type", s->seen_ctype[i], sizeof(s->seen_ctype[i]));
	snprintf(s->seen_method[i], sizeof(s->seen_method[i]), "%s", req->method);
	s->seen_body_len[i] = req->body_len;
	resp->status = i < s->n ? s->statuses[i] : 200;
	resp->close_early = i < s->n ? s->close_early[i] : 0;
	resp->delay_ms = s->delay_ms;
	snprintf(resp->headers, sizeof(resp->headers), "ETag: W/\"v%d\"\r\n%s", i, i < s->n && s->extra[i] ? s->extra[i] : "");
	snprintf(resp->body, sizeof(resp->body), "{\"n\":%d}", i);
}

static struct ap_http_resp last;

static void keep(void *ctx, struct ap_http_resp *resp)
{
	int *calls = ctx;

	(*calls)++;
	ap_http_resp_release(&last);
	last = *resp;
	resp->body = (struct ap_buf)AP_BUF_INIT;
}

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One GET of path through a fresh engine with opts; returns the calls. */
static int one(struct mh_server *srv, struct ap_http_options *o,
	       struct ap_http_req *req, const char *path)
{
	ap_http *h = NULL;
	struct ap_error err = AP_ERROR_INIT;
	char url[256];
	int calls = 0;

	snprintf(url, sizeof(url), "%s%s", srv->base, path);
	req->url = url;
	if (req->method == NULL)
		req->method = "GET";
	assert_int_equal(ap_http_new(&h, o, &err), AP_OK);
	assert_int_equal(ap_http_submit(h, req, keep, &calls, &err), AP_OK);
	assert_int_equal(ap_http_run(h, NULL, NULL, &err), AP_OK);
	ap_http_free(h);
	return calls;
}

static void test_http_loopback_and_escape(void **state)
{
	struct ap_buf b = AP_BUF_INIT;

	(void)state;
	assert_true(ap_http_url_is_loopback("http://127.0.0.1:8080/x"));
	assert_true(ap_http_url_is_loopback("https://localhost/"));
	assert_true(ap_http_url_is_loopback("http://[::1]:5/"));
	assert_true(ap_http_url_is_loopback("http://127.1.2.3"));
	assert_false(ap_http_url_is_loopback("http://127.0.0.1.evil.example/"));
	assert_false(ap_http_url_is_loopback("https://platform.altinn.no/"));
	assert_false(ap_http_url_is_loopback("http://user@example.com@127.0.0.1x/"));
	assert_false(ap_http_url_is_loopback("nonsense"));
	assert_int_equal(ap_http_escape(&b, "a b/c?d~_.-"), AP_OK);
	assert_string_equal(b.ptr, "a%20b%2Fc%3Fd~_.-");
	ap_buf_release(&b);
}

static void test_http_refuses_plain_http_elsewhere(void **state)
{
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct ap_error err = AP_ERROR_INIT;
	ap_http *h = NULL;
	int calls = 0;

	(void)state;
	assert_int_equal(ap_http_new(&h, &o, &err), AP_OK);
	req.method = "GET";
	req.url = "http://example.com/x";
	assert_int_equal(ap_http_submit(h, &req, keep, &calls, &err), AP_EINVALID);
	assert_non_null(strstr(err.message, "https"));
	req.url = "ftp://127.0.0.1/x";
	assert_int_equal(ap_http_submit(h, &req, keep, &calls, &err), AP_EINVALID);
	assert_int_equal(ap_http_run(h, NULL, NULL, &err), AP_OK);
	assert_int_equal(calls, 0);
	ap_http_free(h);
}

static void test_http_retries_503_then_succeeds(void **state)
{
	struct script s = {.statuses = {503, 502, 504, 200}, .n = 4};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	o.backoff_base_ms = 10;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 200);
	assert_int_equal(last.attempts, 4);
	assert_int_equal(last.retries_5xx, 3);
	assert_string_equal(last.body.ptr, "{\"n\":3}");
	assert_string_equal(last.etag, "W/\"v3\"");
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_gives_up_after_max_attempts(void **state)
{
	struct script s = {.statuses = {503, 503, 503, 503}, .n = 4};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	o.backoff_base_ms = 5;
	o.max_attempts = 3;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 503);
	assert_int_equal(last.attempts, 3);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_honours_retry_after(void **state)
{
	struct script s = {.statuses = {429, 200}, .extra = {"Retry-After: 1\r\n"}, .n = 2};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;
	long t0;

	(void)state;
	o.backoff_base_ms = 10;
	mh_start(&srv, scripted, &s);
	t0 = ms_now();
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_true(ms_now() - t0 >= 950);
	assert_int_equal(last.status, 200);
	assert_int_equal(last.retries_429, 1);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_retries_a_dropped_connection(void **state)
{
	struct script s = {.statuses = {200, 200}, .close_early = {1, 0}, .n = 2};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	o.backoff_base_ms = 5;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 200);
	assert_int_equal(last.retries_conn, 1);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_no_answer_is_reported(void **state)
{
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;
	struct script s = {.n = 0};

	(void)state;
	o.backoff_base_ms = 5;
	o.max_attempts = 2;
	o.connect_timeout_ms = 500;
	mh_start(&srv, scripted, &s);
	mh_stop(&srv); /* nothing listens on the port any more */
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 0);
	assert_int_equal(last.attempts, 2);
	assert_true(last.error[0] != '\0');
	ap_http_resp_release(&last);
}

static void test_http_never_follows_redirects(void **state)
{
	struct script s = {.statuses = {302}, .extra = {"Location: http://127.0.0.1:1/elsewhere\r\n"}, .n = 1};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 302);
	assert_int_equal(srv.count, 1);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

struct fake_auth {
	int calls, refreshes;
	unsigned gen;
	char token[64];
};

static int fake_get(void *ctx, int refresh, unsigned stale_gen, const char **token,
		    unsigned *gen, struct ap_error *err)
{
	struct fake_auth *a = ctx;

	(void)err;
	a->calls++;
	if (refresh && stale_gen == a->gen) {
		a->refreshes++;
		a->gen++;
		snprintf(a->token, sizeof(a->token), "tok-%u", a->gen);
	}
	*token = a->token;
	*gen = a->gen;
	return AP_OK;
}

static void test_http_headers_and_refresh_on_401(void **state)
{
	struct script s = {.statuses = {401, 200}, .n = 2};
	struct fake_auth fa = {0, 0, 1, "tok-1"};
	struct ap_http_auth auth = {fake_get, &fa};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	o.auth = &auth;
	o.subscription_key = "sub-123";
	req.auth = 1;
	req.method = "PUT";
	req.content_type = "application/json";
	req.body = "{\"a\":1}";
	req.body_len = 7;
	req.if_match = "W/\"abc\"";
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 200);
	assert_string_equal(s.seen_auth[0], "Bearer tok-1");
	assert_string_equal(s.seen_auth[1], "Bearer tok-2");
	assert_int_equal(fa.refreshes, 1);
	assert_string_equal(s.seen_sub[0], "sub-123");
	assert_string_equal(s.seen_if_match[1], "W/\"abc\"");
	assert_string_equal(s.seen_ctype[1], "application/json");
	assert_string_equal(s.seen_expect[1], "");
	assert_string_equal(s.seen_method[1], "PUT");
	assert_int_equal(s.seen_body_len[1], 7);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_subscription_key_scope(void **state)
{
	struct script s = {.n = 0};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;
	char scope[96];

	(void)state;
	mh_start(&srv, scripted, &s);
	o.subscription_key = "sub-123";
	o.subscription_scope = "https://platform.tt02.altinn.no"; /* not this server */
	assert_int_equal(one(&srv, &o, &req, "/token"), 1);
	assert_string_equal(s.seen_sub[0], "");
	snprintf(scope, sizeof(scope), "%s/", srv.base);
	o.subscription_scope = scope;
	memset(&req, 0, sizeof(req));
	assert_int_equal(one(&srv, &o, &req, "/registry"), 1);
	assert_string_equal(s.seen_sub[1], "sub-123");
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_401_twice_stands(void **state)
{
	struct script s = {.statuses = {401, 401, 401}, .n = 3};
	struct fake_auth fa = {0, 0, 1, "tok-1"};
	struct ap_http_auth auth = {fake_get, &fa};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	o.auth = &auth;
	req.auth = 1;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/r"), 1);
	assert_int_equal(last.status, 401);
	assert_int_equal(srv.count, 2);
	assert_int_equal(fa.refreshes, 1);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void test_http_multipart_policy_upload(void **state)
{
	struct script s = {.n = 0};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct mh_server srv;

	(void)state;
	req.method = "POST";
	req.form_part = "policyFile";
	req.body = "<Policy/>";
	req.body_len = 9;
	mh_start(&srv, scripted, &s);
	assert_int_equal(one(&srv, &o, &req, "/p"), 1);
	assert_int_equal(last.status, 200);
	assert_non_null(strstr(s.seen_ctype[0], "multipart/form-data; boundary="));
	assert_true(s.seen_body_len[0] > 9);
	mh_stop(&srv);
	ap_http_resp_release(&last);
}

static void count_done(void *ctx, struct ap_http_resp *resp)
{
	int *n = ctx;

	assert_int_equal(resp->status, 200);
	(*n)++;
}

static void test_http_parallel_transfers(void **state)
{
	struct script s = {.delay_ms = 100, .n = 0};
	struct ap_http_options o = AP_HTTP_OPTIONS_INIT;
	struct ap_http_req req = {0};
	struct ap_error err = AP_ERROR_INIT;
	struct mh_server srv;
	ap_http *h = NULL;
	unsigned long requests, writes;
	char url[128];
	long t0;
	int i, done = 0;

	(void)state;
	o.max_parallel = 8;
	mh_start(&srv, scripted, &s);
	snprintf(url, sizeof(url), "%s/x", srv.base);
	assert_int_equal(ap_http_new(&h, &o, &err), AP_OK);
	req.method = "GET";
	req.url = url;
	for (i = 0; i < 16; i++)
		assert_int_equal(ap_http_submit(h, &req, count_done, &done, &err), AP_OK);
	t0 = ms_now();
	assert_int_equal(ap_http_run(h, NULL, NULL, &err), AP_OK);
	/* 16 x 100 ms in two waves of 8, not sixteen in a row */
	assert_true(ms_now() - t0 < 1000);
	assert_int_equal(done, 16);
	assert_true(srv.max_in_flight >= 4);
	assert_true(srv.max_in_flight <= 8);
	ap_http_counts(h, &requests, &writes);
	assert_int_equal(requests, 16);
	assert_int_equal(writes, 0);
	ap_http_free(h);
	mh_stop(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_loopback_and_escape),
		cmocka_unit_test(test_http_refuses_plain_http_elsewhere),
		cmocka_unit_test(test_http_retries_503_then_succeeds),
		cmocka_unit_test(test_http_gives_up_after_max_attempts),
		cmocka_unit_test(test_http_honours_retry_after),
		cmocka_unit_test(test_http_retries_a_dropped_connection),
		cmocka_unit_test(test_http_no_answer_is_reported),
		cmocka_unit_test(test_http_never_follows_redirects),
		cmocka_unit_test(test_http_headers_and_refresh_on_401),
		cmocka_unit_test(test_http_subscription_key_scope),
		cmocka_unit_test(test_http_401_twice_stands),
		cmocka_unit_test(test_http_multipart_policy_upload),
		cmocka_unit_test(test_http_parallel_transfers),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
