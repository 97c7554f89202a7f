/*
 * HTTP engine for the registry client: many transfers in parallel on one
 * libcurl multi handle, retried with exponential backoff and jitter on
 * connection errors, 429 (honouring Retry-After), 502, 503 and 504.
 *
 * Safety rules kept here for every caller: TLS peer and host verification
 * are always on, except for a loopback host; plain http is refused for any
 * host but a loopback one (a bearer token would travel in clear);
 * redirects are never followed; libcurl's verbose output is never on; the
 * Authorization header is wiped from memory after each transfer.
 */
#ifndef ALTINN_POLICY_HTTP_H
#define ALTINN_POLICY_HTTP_H

#include "altinn-policy/common.h"

typedef struct ap_http ap_http;

/*
 * Where the bearer token comes from.  get() stores a borrowed token in
 * *token (valid until the next call) and its generation in *gen; with
 * refresh set it first replaces the token unless its generation is no
 * longer stale_gen (another transfer already refreshed it).  Returns AP_OK
 * or a negative code with err filled (never with the token in it).
 */
struct ap_http_auth {
	int (*get)(void *ctx, int refresh, unsigned stale_gen,
		   const char **token, unsigned *gen, struct ap_error *err);
	void *ctx;
};

struct ap_http_options {
	unsigned max_parallel;    /* transfers in flight at once (>= 1) */
	long connect_timeout_ms;  /* per attempt */
	long total_timeout_ms;    /* per attempt */
	unsigned max_attempts;    /* including the first (>= 1) */
	long backoff_base_ms;     /* first retry waits about this long */
	long backoff_max_ms;      /* cap on one wait (Retry-After included) */
	const char *subscription_key; /* Ocp-Apim-Subscription-Key or NULL
					 (borrowed for the engine's life) */
	const char *subscription_scope; /* sent only to URLs starting with
					   this (the platform base URL), not
					   to Maskinporten; NULL: to all */
	const struct ap_http_auth *auth; /* NULL: no Authorization header */
};
#define AP_HTTP_OPTIONS_INIT {8, 10000, 60000, 6, 200, 20000, NULL, NULL, NULL}

/* One request.  Every pointer is borrowed until the done callback ran. */
struct ap_http_req {
	const char *method;       /* "GET", "PUT", ... */
	const char *url;          /* absolute */
	const char *content_type; /* NULL: none (no body) */
	const char *body;         /* NULL with body_len 0: empty */
	size_t body_len;
	const char *form_part;    /* non-NULL: send body as multipart/form-data,
				     one file part of this name (policy.xml) */
	const char *if_match;     /* header values or NULL */
	const char *if_none_match;
	const char *accept;
	int auth;                 /* 1: Authorization: Bearer <options.auth> */
	const char *bearer;       /* explicit bearer (the token exchange) */
};

/* What came back.  AP_HTTP_RESP_INIT; ap_http_resp_release frees it. */
struct ap_http_resp {
	long status;        /* 0: no HTTP answer (see error) */
	struct ap_buf body; /* NUL-terminated when non-empty */
	char etag[256];     /* ETag header or "" */
	char error[256];    /* transport error, "" when status != 0 */
	unsigned attempts;  /* attempts made */
	unsigned retries_429, retries_5xx, retries_conn; /* why it retried */
};
#define AP_HTTP_RESP_INIT {0, AP_BUF_INIT, {0}, {0}, 0, 0, 0, 0}
void ap_http_resp_release(struct ap_http_resp *r);

/*
 * Called once per request with the final answer (after retries).  resp is
 * owned by the engine and valid during the call only (move the body out
 * with ap_buf_detach to keep it).  The callback may submit more requests.
 */
typedef void (*ap_http_done_fn)(void *ctx, struct ap_http_resp *resp);

/*
 * Creates an engine (caller owns it, ap_http_free).  Initialises libcurl
 * once per process.  Errors: AP_ENOMEM, AP_EINTERNAL (libcurl failed).
 */
AP_NODISCARD int ap_http_new(ap_http **out, const struct ap_http_options *opts,
			     struct ap_error *err);
void ap_http_free(ap_http *h);

/*
 * Queues a request; done runs from ap_http_run.  Errors: AP_EINVALID
 * (plain http to a host that is not loopback, a scheme other than http or
 * https), AP_ENOMEM.
 */
AP_NODISCARD int ap_http_submit(ap_http *h, const struct ap_http_req *req,
				ap_http_done_fn done, void *ctx,
				struct ap_error *err);

/*
 * Runs until nothing is queued, waiting or in flight.  progress, when not
 * NULL, is called about every 200 ms.  Errors: AP_EINTERNAL (libcurl),
 * AP_ENOMEM.
 */
AP_NODISCARD int ap_http_run(ap_http *h, void (*progress)(void *ctx),
			     void *progress_ctx, struct ap_error *err);

/*
 * One request, blocking, with the engine's options and retries, on a
 * private multi handle (so it may be called from inside a done callback
 * or a token callback).  resp must be AP_HTTP_RESP_INIT.
 */
AP_NODISCARD int ap_http_fetch(ap_http *h, const struct ap_http_req *req,
			       struct ap_http_resp *resp,
			       struct ap_error *err);

/* Requests started so far by this engine, and how many of them were
 * writes (any method but GET and HEAD); retries count again. */
void ap_http_counts(const ap_http *h, unsigned long *requests,
		    unsigned long *writes);

/* 1 when url's host is 127.0.0.0/8, ::1 or localhost. */
int ap_http_url_is_loopback(const char *url);

/* Percent-encodes s for a path segment or a query value into b.
 * AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_http_escape(struct ap_buf *b, const char *s);

#endif
