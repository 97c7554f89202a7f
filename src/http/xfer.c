/* One transfer: building an attempt, reading its outcome, retry verdict. */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "altinn-policy/version.h"
#include "http/xfer.h"

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct ap_xfer *x = ctx;
	size_t len = size * n;

	if (x->resp.body.len + len > AP_HTTP_MAX_BODY) {
		x->too_big = 1; /* an answer this large is not the registry's */
		return 0;
	}
	if (ap_buf_add(&x->resp.body, data, len) != AP_OK) {
		x->oom = 1; /* AP_ENOMEM from ap_http_run, not a bad network */
		return 0;
	}
	return len;
}

/* Copies the trimmed value of a header line "Name: value" when it is name. */
static int header_value(const char *line, size_t len, const char *name,
			char *out, size_t cap)
{
	size_t nlen = strlen(name), vlen;
	const char *v;

	if (len <= nlen || line[nlen] != ':' || strncasecmp(line, name, nlen) != 0)
		return 0;
	v = line + nlen + 1;
	vlen = len - nlen - 1;
	while (vlen && (*v == ' ' || *v == '\t'))
		v++, vlen--;
	while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
	if (vlen >= cap)
		vlen = cap - 1;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 1;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct ap_xfer *x = ctx;
	size_t len = size * n;
	char v[64];

	if (len > 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* a new response (after 100 Continue): forget the last one */
		x->resp.etag[0] = '\0';
		x->retry_after_ms = -1;
		return len;
	}
	header_value(data, len, "ETag", x->resp.etag, sizeof(x->resp.etag));
	if (header_value(data, len, "Retry-After", v, sizeof(v))) {
		char *end;
		long secs = strtol(v, &end, 10);

		if (end != v && *end == '\0' && secs >= 0)
			x->retry_after_ms = secs > 3600 ? 3600000 : secs * 1000;
		else {
			time_t when = curl_getdate(v, NULL);
			time_t now = time(NULL);

			if (when != (time_t)-1)
				x->retry_after_ms = when > now ? (long)(when - now) * 1000 : 0;
		}
	}
	return len;
}

static int add_header(struct ap_xfer *x, const char *name, const char *value)
{
	struct ap_buf b = AP_BUF_INIT;
	struct curl_slist *l;
	const char *c;
	int rc;

	/* a line break in a value (a token or ETag from a hostile answer)
	 * would add headers of its own: refused */
	for (c = value; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t')
			return AP_EINVALID;
	rc = *value ? ap_buf_addf(&b, "%s: %s", name, value)
		    : ap_buf_addf(&b, "%s:", name); /* "Name:" removes it */
	if (rc != AP_OK)
		return rc;
	l = curl_slist_append(x->headers, b.ptr);
	explicit_bzero(b.ptr, b.len);
	ap_buf_release(&b);
	if (l == NULL)
		return AP_ENOMEM;
	x->headers = l;
	return AP_OK;
}

/* "Authorization: Bearer <token>", the copies wiped. */
static int add_bearer(struct ap_xfer *x, const char *token)
{
	struct ap_buf b = AP_BUF_INIT;
	int rc = ap_buf_adds(&b, "Bearer ");

	if (rc == AP_OK)
		rc = ap_buf_adds(&b, token);
	if (rc == AP_OK)
		rc = add_header(x, "Authorization", b.ptr);
	if (b.ptr != NULL)
		explicit_bzero(b.ptr, b.len);
	ap_buf_release(&b);
	return rc;
}

/* The engine's token (fresh after a 401), or the request's own. */
static int add_auth(ap_http *h, struct ap_xfer *x, int refresh)
{
	struct ap_error err = AP_ERROR_INIT;
	const char *token = NULL;
	int rc;

	if (x->req.bearer != NULL)
		return add_bearer(x, x->req.bearer);
	if (!x->req.auth || h->opts.auth == NULL)
		return AP_OK;
	rc = h->opts.auth->get(h->opts.auth->ctx, refresh, x->token_gen, &token,
			       &x->token_gen, &err);
	if (rc != AP_OK) {
		snprintf(x->resp.error, sizeof(x->resp.error), "authentication: %.200s", err.message);
		return rc;
	}
	return add_bearer(x, token);
}

static int build_headers(ap_http *h, struct ap_xfer *x)
{
	int rc = add_auth(h, x, x->refreshed == 1);

	if (rc == AP_OK && h->opts.subscription_key != NULL &&
	    (h->opts.subscription_scope == NULL ||
	     strncmp(x->req.url, h->opts.subscription_scope, strlen(h->opts.subscription_scope)) == 0))
		rc = add_header(x, "Ocp-Apim-Subscription-Key", h->opts.subscription_key);
	if (rc == AP_OK && x->req.if_match != NULL)
		rc = add_header(x, "If-Match", x->req.if_match);
	if (rc == AP_OK && x->req.if_none_match != NULL)
		rc = add_header(x, "If-None-Match", x->req.if_none_match);
	if (rc == AP_OK)
		rc = add_header(x, "Accept", x->req.accept != NULL ? x->req.accept : "application/json");
	if (rc == AP_OK && x->req.content_type != NULL && x->req.form_part == NULL)
		rc = add_header(x, "Content-Type", x->req.content_type);
	if (rc == AP_OK && x->req.content_type == NULL && x->req.form_part == NULL)
		rc = add_header(x, "Content-Type", ""); /* none, even with a body */
	if (rc == AP_OK) /* no 100-continue round trip */
		rc = add_header(x, "Expect", "");
	return rc;
}

static int build_body(struct ap_xfer *x)
{
	const char *m = x->req.method;
	int has_body = x->req.body != NULL || x->req.form_part != NULL ||
		       strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0;

	if (x->req.form_part != NULL) {
		curl_mimepart *part;

		x->mime = curl_mime_init(x->easy);
		if (x->mime == NULL || (part = curl_mime_addpart(x->mime)) == NULL)
			return AP_ENOMEM;
		if (curl_mime_name(part, x->req.form_part) != CURLE_OK ||
		    curl_mime_filename(part, "policy.xml") != CURLE_OK ||
		    curl_mime_type(part, "text/xml") != CURLE_OK ||
		    curl_mime_data(part, x->req.body != NULL ? x->req.body : "", x->req.body_len) != CURLE_OK)
			return AP_ENOMEM;
		curl_easy_setopt(x->easy, CURLOPT_MIMEPOST, x->mime);
	} else if (has_body) {
		curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->req.body_len);
		curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->req.body != NULL ? x->req.body : "");
	}
	if (strcmp(m, "POST") != 0 || !has_body)
		curl_easy_setopt(x->easy, CURLOPT_CUSTOMREQUEST, m);
	if (strcmp(m, "HEAD") == 0)
		curl_easy_setopt(x->easy, CURLOPT_NOBODY, 1L);
	return AP_OK;
}

int ap_xfer_start(ap_http *h, struct ap_xfer *x)
{
	CURL *e;
	int loopback = ap_http_url_is_loopback(x->req.url);
	int rc;
	char ua[64];

	x->resp.attempts++;
	x->too_big = 0;
	x->retry_after_ms = -1;
	x->errbuf[0] = '\0';
	x->resp.error[0] = '\0';
	x->resp.status = 0;
	ap_buf_reset(&x->resp.body);
	x->resp.etag[0] = '\0';
	e = x->easy = curl_easy_init();
	if (e == NULL) {
		snprintf(x->resp.error, sizeof(x->resp.error), "out of memory");
		return AP_ENOMEM;
	}
	snprintf(ua, sizeof(ua), "altinn-policy/%s", ap_version());
	curl_easy_setopt(e, CURLOPT_URL, x->req.url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, loopback ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, loopback ? 0L : 2L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->opts.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->opts.total_timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	rc = build_headers(h, x);
	if (rc == AP_OK)
		rc = build_body(x);
	if (rc != AP_OK) {
		x->oom = rc == AP_ENOMEM;
		if (x->resp.error[0] == '\0')
			snprintf(x->resp.error, sizeof(x->resp.error), "%s",
				 rc == AP_EINVALID ? "a header value holds a line break or control character"
						   : "out of memory");
		ap_xfer_finish_attempt(x);
		return AP_EINVALID;
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	return AP_OK;
}

static int retryable_transport(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_WEIRD_SERVER_REPLY:
		return 1;
	default:
		return 0;
	}
}

enum ap_xfer_verdict ap_xfer_classify(ap_http *h, struct ap_xfer *x,
				      CURLcode result)
{
	long status = 0;
	int more = x->resp.attempts < h->opts.max_attempts;

	if (result != CURLE_OK) {
		if (result == CURLE_WRITE_ERROR && x->oom) {
			snprintf(x->resp.error, sizeof(x->resp.error), "out of memory");
			return AP_XFER_FINAL;
		}
		if (result == CURLE_WRITE_ERROR && x->too_big)
			snprintf(x->resp.error, sizeof(x->resp.error), "the answer is larger than %d MB: not read",
				 (int)(AP_HTTP_MAX_BODY >> 20));
		else if (result == CURLE_OUT_OF_MEMORY && x->errbuf[0] == '\0')
			/* what libcurl 7.88 says of a header line over 100 KB */
			snprintf(x->resp.error, sizeof(x->resp.error),
				 "out of memory, or a header line too long to take in");
		else
			snprintf(x->resp.error, sizeof(x->resp.error), "%s",
				 x->errbuf[0] ? x->errbuf : curl_easy_strerror(result));
		x->resp.status = 0;
		if (more && retryable_transport(result)) {
			x->resp.retries_conn++;
			return AP_XFER_RETRY;
		}
		return AP_XFER_FINAL;
	}
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	x->resp.status = status;
	if (status == 401 && x->req.auth && x->req.bearer == NULL &&
	    h->opts.auth != NULL && !x->refreshed) {
		x->refreshed = 1; /* one fresh token, then the 401 stands */
		return AP_XFER_RETRY_NOW;
	}
	if (x->refreshed == 1)
		x->refreshed = 2;
	if (!more)
		return AP_XFER_FINAL;
	if (status == 429) {
		x->resp.retries_429++;
		return AP_XFER_RETRY;
	}
	if (status == 502 || status == 503 || status == 504) {
		x->resp.retries_5xx++;
		return AP_XFER_RETRY;
	}
	return AP_XFER_FINAL;
}

void ap_xfer_finish_attempt(struct ap_xfer *x)
{
	struct curl_slist *l;

	for (l = x->headers; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
	curl_mime_free(x->mime);
	x->mime = NULL;
}

void ap_xfer_deliver(ap_http *h, struct ap_xfer *x)
{
	(void)h;
	if (x->resp.status == 0 && x->resp.error[0] == '\0')
		snprintf(x->resp.error, sizeof(x->resp.error), "no answer");
	x->done(x->ctx, &x->resp);
	ap_xfer_free(x);
}

void ap_xfer_free(struct ap_xfer *x)
{
	if (x == NULL)
		return;
	ap_xfer_finish_attempt(x);
	ap_http_resp_release(&x->resp);
	ap_free(x);
}
