/*
 * The HTTP engine: a queue of transfers run on one libcurl multi handle,
 * at most max_parallel in flight, retried with backoff and jitter.  The
 * only file that includes curl headers (with transfer.c).
 */
#include "internal.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "altinn-policy/http.h"
#include "http/xfer.h"

long ap_http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ap_http_new(ap_http **out, const struct ap_http_options *opts,
		struct ap_error *err)
{
	ap_http *h;

	*out = NULL;
	/* reference-counted, and thread-safe since libcurl 7.84: one per
	 * engine, undone by ap_http_free */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ap_error_set(err, AP_EINTERNAL, "libcurl could not be initialised");
	h = ap_calloc(1, sizeof(*h));
	if (h == NULL) {
		curl_global_cleanup();
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	h->opts = *opts;
	if (h->opts.max_parallel == 0)
		h->opts.max_parallel = 1;
	if (h->opts.max_attempts == 0)
		h->opts.max_attempts = 1;
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		ap_free(h);
		curl_global_cleanup();
		return ap_error_set(err, AP_EINTERNAL, "libcurl: cannot create a multi handle");
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->opts.max_parallel);
	/* keep the connections between transfers (the default cache size
	 * follows the number of handles added, which drops to 0 between
	 * transfers) */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->opts.max_parallel + 2);
	h->rng = (uint64_t)ap_http_now_ms() * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid() ^ (uint64_t)(uintptr_t)h;
	if (h->rng == 0)
		h->rng = 1;
	*out = h;
	return AP_OK;
}

static void free_list(struct ap_xfer *x)
{
	while (x != NULL) {
		struct ap_xfer *next = x->next;

		ap_xfer_free(x);
		x = next;
	}
}

void ap_http_free(ap_http *h)
{
	if (h == NULL)
		return;
	free_list(h->ready);
	free_list(h->waiting);
	free_list(h->running);
	curl_multi_cleanup(h->multi);
	ap_free(h);
	curl_global_cleanup();
}

void ap_http_counts(const ap_http *h, unsigned long *requests,
		    unsigned long *writes)
{
	*requests = h->requests;
	*writes = h->writes;
}

void ap_http_resp_release(struct ap_http_resp *r)
{
	if (r == NULL)
		return;
	ap_buf_release(&r->body);
	r->etag[0] = '\0';
	r->error[0] = '\0';
	r->status = 0;
}

static int check_url(const char *url, struct ap_error *err)
{
	if (strncmp(url, "https://", 8) == 0)
		return AP_OK;
	if (strncmp(url, "http://", 7) == 0) {
		if (ap_http_url_is_loopback(url))
			return AP_OK;
		return ap_error_set(err, AP_EINVALID,
				    "refusing plain http to a host that is not loopback (use https): %.200s", url);
	}
	return ap_error_set(err, AP_EINVALID, "not an http or https URL: %.200s", url);
}

static void enqueue_ready(ap_http *h, struct ap_xfer *x)
{
	x->next = NULL;
	if (h->ready == NULL)
		h->ready = x;
	else
		h->ready_tail->next = x;
	h->ready_tail = x;
}

static void append(struct ap_xfer **head, struct ap_xfer *x)
{
	struct ap_xfer **p = head;

	while (*p != NULL)
		p = &(*p)->next;
	x->next = NULL;
	*p = x;
}

int ap_http_submit(ap_http *h, const struct ap_http_req *req,
		   ap_http_done_fn done, void *ctx, struct ap_error *err)
{
	struct ap_xfer *x;
	int rc = check_url(req->url, err);

	if (rc != AP_OK)
		return rc;
	x = ap_calloc(1, sizeof(*x));
	if (x == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	x->req = *req;
	x->done = done;
	x->ctx = ctx;
	enqueue_ready(h, x);
	return AP_OK;
}

static uint64_t rng_next(ap_http *h)
{
	uint64_t x = h->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	h->rng = x;
	return x;
}

/* Exponential backoff with "equal jitter": half fixed, half random. */
static long backoff_ms(ap_http *h, unsigned attempt, long retry_after_ms)
{
	long d = h->opts.backoff_base_ms;
	unsigned i;

	for (i = 1; i < attempt && d < h->opts.backoff_max_ms; i++)
		d *= 2;
	if (d > h->opts.backoff_max_ms)
		d = h->opts.backoff_max_ms;
	d = d / 2 + (long)(rng_next(h) % (uint64_t)(d / 2 + 1));
	if (retry_after_ms > d)
		d = retry_after_ms > h->opts.backoff_max_ms ? h->opts.backoff_max_ms : retry_after_ms;
	return d;
}

static int start_ready(ap_http *h, struct ap_error *err)
{
	while (h->ready != NULL && h->inflight < h->opts.max_parallel) {
		struct ap_xfer *x = h->ready;

		h->ready = x->next;
		if (h->ready == NULL)
			h->ready_tail = NULL;
		x->next = NULL;
		if (ap_xfer_start(h, x) != AP_OK) {
			h->oom |= x->oom;
			/* could not even start (token failure, no memory):
			 * deliver as a failed transfer */
			ap_xfer_deliver(h, x);
			continue;
		}
		if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK) {
			snprintf(x->resp.error, sizeof(x->resp.error), "libcurl refused the transfer");
			ap_xfer_finish_attempt(x);
			ap_xfer_deliver(h, x);
			continue;
		}
		x->next = h->running;
		h->running = x;
		h->inflight++;
		h->requests++;
		if (strcmp(x->req.method, "GET") != 0 && strcmp(x->req.method, "HEAD") != 0)
			h->writes++;
	}
	(void)err;
	return AP_OK;
}

static void unlink_running(ap_http *h, struct ap_xfer *x)
{
	struct ap_xfer **p = &h->running;

	while (*p != NULL && *p != x)
		p = &(*p)->next;
	if (*p == x)
		*p = x->next;
	x->next = NULL;
	h->inflight--;
}

static void handle_done(ap_http *h, struct ap_xfer *x, CURLcode result)
{
	enum ap_xfer_verdict v;

	curl_multi_remove_handle(h->multi, x->easy);
	unlink_running(h, x);
	v = ap_xfer_classify(h, x, result);
	h->oom |= x->oom;
	ap_xfer_finish_attempt(x);
	if (v == AP_XFER_RETRY_NOW) {
		append(&h->waiting, x);
		x->due_ms = 0;
		return;
	}
	if (v == AP_XFER_RETRY) {
		x->due_ms = ap_http_now_ms() + backoff_ms(h, x->resp.attempts, x->retry_after_ms);
		append(&h->waiting, x);
		return;
	}
	ap_xfer_deliver(h, x);
}

/* Moves waiting transfers whose time has come to the ready queue; returns
 * the milliseconds until the next one is due (or 1000). */
static long promote_due(ap_http *h)
{
	long now = ap_http_now_ms(), next = 1000;
	struct ap_xfer **p = &h->waiting;

	while (*p != NULL) {
		struct ap_xfer *x = *p;

		if (x->due_ms <= now) {
			*p = x->next;
			enqueue_ready(h, x);
		} else {
			if (x->due_ms - now < next)
				next = x->due_ms - now;
			p = &x->next;
		}
	}
	return next;
}

int ap_http_run(ap_http *h, void (*progress)(void *ctx), void *progress_ctx,
		struct ap_error *err)
{
	long last_progress = ap_http_now_ms();

	for (;;) {
		int running = 0, left = 0;
		long wait;
		CURLMsg *m;

		wait = promote_due(h);
		start_ready(h, err);
		if (h->ready == NULL && h->waiting == NULL && h->running == NULL)
			break;
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			return ap_error_set(err, AP_EINTERNAL, "libcurl multi handle failed");
		while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
			struct ap_xfer *x = NULL;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			handle_done(h, x, m->data.result);
		}
		if (h->ready != NULL && h->inflight < h->opts.max_parallel)
			continue; /* done callbacks queued more */
		if (h->ready == NULL && h->waiting == NULL && h->running == NULL)
			break;
		if (h->running == NULL && h->ready == NULL) {
			/* only waiting transfers: sleep until the first is due */
			if (wait > 0)
				usleep((useconds_t)(wait > 200 ? 200 : wait) * 1000);
		} else if (curl_multi_poll(h->multi, NULL, 0, (int)(wait > 200 ? 200 : wait), NULL) != CURLM_OK) {
			return ap_error_set(err, AP_EINTERNAL, "libcurl poll failed");
		}
		if (progress != NULL && ap_http_now_ms() - last_progress >= 200) {
			progress(progress_ctx);
			last_progress = ap_http_now_ms();
		}
	}
	if (h->oom) /* the answers delivered may lack what did not fit */
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

struct fetch_ctx {
	struct ap_http_resp *out;
};

static void fetch_done(void *ctx, struct ap_http_resp *resp)
{
	struct fetch_ctx *f = ctx;

	*f->out = *resp;
	resp->body = (struct ap_buf)AP_BUF_INIT;
}

int ap_http_fetch(ap_http *h, const struct ap_http_req *req,
		  struct ap_http_resp *resp, struct ap_error *err)
{
	ap_http *own = NULL;
	struct fetch_ctx f = {resp};
	struct ap_http_options o = h->opts;
	int rc;

	o.max_parallel = 1;
	rc = ap_http_new(&own, &o, err);
	if (rc != AP_OK)
		return rc;
	rc = ap_http_submit(own, req, fetch_done, &f, err);
	if (rc == AP_OK)
		rc = ap_http_run(own, NULL, NULL, err);
	h->requests += own->requests;
	h->writes += own->writes;
	ap_http_free(own);
	return rc;
}
