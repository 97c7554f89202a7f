/* Private to src/http: one transfer and the engine that runs it. */
#ifndef AP_HTTP_XFER_H
#define AP_HTTP_XFER_H

#include <curl/curl.h>

#include "altinn-policy/http.h"

/* bytes of one answer: what the publisher sends is at most 16 MB (the
 * folder's policy limit), so no answer it reads back is larger */
#define AP_HTTP_MAX_BODY ((size_t)16 << 20)

struct ap_xfer {
	struct ap_http_req req; /* pointers borrowed from the submitter */
	ap_http_done_fn done;
	void *ctx;
	struct ap_http_resp resp;
	CURL *easy;
	struct curl_slist *headers; /* may hold the token: wiped on free */
	curl_mime *mime;
	long retry_after_ms;        /* from the last answer, -1: none */
	long due_ms;                /* when a waiting transfer may start */
	unsigned token_gen;         /* generation of the token sent */
	int refreshed;              /* already re-sent after a 401 */
	int too_big;                /* the body went over AP_HTTP_MAX_BODY */
	int oom;                    /* an allocation failed */
	char errbuf[CURL_ERROR_SIZE];
	struct ap_xfer *next;
};

struct ap_http {
	struct ap_http_options opts;
	CURLM *multi;
	struct ap_xfer *ready, *ready_tail; /* may start now, FIFO */
	struct ap_xfer *waiting;            /* backing off until due_ms */
	struct ap_xfer *running;
	unsigned inflight;
	uint64_t rng;
	unsigned long requests, writes;
	int oom;                            /* a transfer ran out of memory */
};

enum ap_xfer_verdict {
	AP_XFER_FINAL,     /* deliver the answer */
	AP_XFER_RETRY,     /* back off, then try again */
	AP_XFER_RETRY_NOW  /* try again at once (fresh token after a 401) */
};

long ap_http_now_ms(void);
/* Builds the easy handle for the next attempt.  On failure resp.error is
 * set and the transfer should be delivered. */
int ap_xfer_start(ap_http *h, struct ap_xfer *x);
/* Reads the outcome of a finished attempt into resp and decides. */
enum ap_xfer_verdict ap_xfer_classify(ap_http *h, struct ap_xfer *x,
				      CURLcode result);
/* Frees the attempt's handle, headers (wiped) and form. */
void ap_xfer_finish_attempt(struct ap_xfer *x);
/* Calls the done callback and frees the transfer. */
void ap_xfer_deliver(ap_http *h, struct ap_xfer *x);
void ap_xfer_free(struct ap_xfer *x);

#endif
