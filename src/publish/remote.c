/* The remote state: GETs for every object, in parallel, pages followed. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

#include "publish/pub.h"

int ap_pub_url(struct ap_buf *b, const ap_publish *p, const char *fmt, ...)
{
	va_list ap;
	int rc = ap_buf_adds(b, p->base_url);

	va_start(ap, fmt);
	for (; rc == AP_OK && *fmt; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 's') {
			rc = ap_http_escape(b, va_arg(ap, const char *));
			fmt++;
		} else {
			rc = ap_buf_addch(b, *fmt);
		}
	}
	va_end(ap);
	return rc;
}

void ap_pub_fail_set(struct ap_failure *f, long status, const char *code,
		     const char *fmt, ...)
{
	va_list ap;

	f->status = status;
	snprintf(f->code, sizeof(f->code), "%s", code != NULL ? code : "");
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
}

void ap_pub_fail_from(struct ap_failure *f, const struct ap_http_resp *r)
{
	f->status = r->status;
	if (r->status == 0) {
		f->code[0] = '\0';
		snprintf(f->message, sizeof(f->message), "no answer after %u attempt%s: %.400s", r->attempts,
			 r->attempts == 1 ? "" : "s", r->error);
		return;
	}
	ap_registry_error(r, f->code, sizeof(f->code), f->message, sizeof(f->message));
}

/* ---- resources ----------------------------------------------------------- */

struct res_read {
	ap_publish *p;
	struct ap_res *r;
	int policy;
	struct ap_buf url;
};

static int read_res(ap_publish *p, struct ap_res *r, int policy,
		    struct ap_error *err);

static void res_read_done(void *ctx, struct ap_http_resp *resp)
{
	struct res_read *rd = ctx;
	struct ap_res *r = rd->r;

	if (!rd->policy) {
		r->r_status = resp->status;
		if (resp->status == 200) {
			r->remote = ap_pub_parse_object(resp->body.ptr, resp->body.len);
			if (r->remote == NULL) {
				r->r_status = -1;
				ap_pub_fail_set(&r->read_fail, 200, "", "the registry's resource is not a JSON object");
			} else if (!ap_streq(json_string_value(json_object_get(r->remote, "identifier")), r->id)) {
				/* not the resource asked for (a proxy's or a
				 * wrong route's answer): planning against it
				 * would be planning against nothing */
				r->r_status = -1;
				ap_pub_fail_set(&r->read_fail, 200, "",
						"the registry's answer is not the resource '%.200s' (no such identifier in it)",
						r->id);
			}
		} else if (resp->status != 404) {
			ap_pub_fail_from(&r->read_fail, resp);
		}
		/* a resource that is not there has no policy either: its
		 * policy is read only when the resource exists */
		if (r->policy != NULL && resp->status == 404)
			r->rp_status = 404;
		else if (r->policy != NULL && resp->status == 200 && r->r_status == 200) {
			struct ap_error err = AP_ERROR_INIT;

			if (read_res(rd->p, r, 1, &err) != AP_OK)
				rd->p->oom = 1;
		}
	} else {
		r->rp_status = resp->status;
		if (resp->status == 200) {
			r->r_policy_len = resp->body.len;
			r->r_policy = ap_buf_detach(&resp->body, NULL);
			if (r->r_policy == NULL)
				r->r_policy = ap_strdup("");
			if (r->r_policy == NULL)
				rd->p->oom = 1;
		} else if (resp->status != 404) {
			ap_pub_fail_from(&r->read_fail, resp);
		}
	}
	ap_buf_release(&rd->url);
	ap_free(rd);
}

static int read_res(ap_publish *p, struct ap_res *r, int policy,
		    struct ap_error *err)
{
	struct res_read *rd = ap_calloc(1, sizeof(*rd));
	struct ap_http_req req = {0};
	int rc;

	if (rd == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	rd->p = p;
	rd->r = r;
	rd->policy = policy;
	if (ap_pub_url(&rd->url, p, policy ? "/resourceregistry/api/v1/resource/%s/policy"
					    : "/resourceregistry/api/v1/resource/%s", r->id) != AP_OK) {
		ap_buf_release(&rd->url);
		ap_free(rd);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	req.method = "GET";
	req.url = rd->url.ptr;
	req.accept = policy ? "text/xml, application/xml" : "application/json";
	rc = ap_http_submit(p->http, &req, res_read_done, rd, err);
	if (rc != AP_OK) {
		ap_buf_release(&rd->url);
		ap_free(rd);
	}
	return rc;
}

/* ---- access lists -------------------------------------------------------- */

enum { LR_INFO, LR_MEMBERS, LR_CONNS };

struct list_read {
	ap_publish *p;
	struct ap_list *l;
	int kind;
	void (*then)(ap_publish *p, struct ap_list *l);
	unsigned page;     /* 1, 2, ... of this read */
	unsigned restarts; /* from page one again after a 412 */
	struct ap_buf url;
};

static int submit_list_read(ap_publish *p, struct ap_list *l, int kind,
			    const char *next_url, const struct list_read *prev,
			    void (*then)(ap_publish *p, struct ap_list *l));

static void list_read_finish(struct list_read *lr)
{
	struct ap_list *l = lr->l;

	if (--l->reading == 0 && lr->then != NULL)
		lr->then(lr->p, l);
}

static void restart_pages(struct ap_list *l, int kind)
{
	size_t i;

	if (kind == LR_MEMBERS) {
		for (i = 0; i < l->nrmembers; i++) {
			ap_free(l->rmembers[i].id);
			ap_free(l->rmembers[i].orgno);
			ap_free(l->rmembers[i].partyid);
			ap_free(l->rmembers[i].uuid);
		}
		l->nrmembers = 0;
	} else {
		ap_conns_release(&l->rconns);
	}
}

static void list_read_done(void *ctx, struct ap_http_resp *resp)
{
	struct list_read *lr = ctx;
	struct ap_list *l = lr->l;
	ap_publish *p = lr->p;
	char *next = NULL;
	int rc;

	if (lr->kind == LR_INFO) {
		l->r_status = resp->status;
		if (resp->status == 200) {
			snprintf(l->etag, sizeof(l->etag), "%s", resp->etag);
			rc = ap_pub_parse_list_info(l, resp->body.ptr, resp->body.len);
			if (rc == AP_EPARSE) {
				l->read_failed = 1;
				ap_pub_fail_set(&l->read_fail, 200, "", "the registry's access list is not a JSON object");
			} else if (rc != AP_OK) {
				p->oom = 1;
			}
		} else if (resp->status != 404) {
			l->read_failed = 1;
			ap_pub_fail_from(&l->read_fail, resp);
		}
		goto finish;
	}
	if (resp->status == 404)
		goto finish; /* no list (its own GET says so too) */
	if (resp->status == 412) {
		/* the list changed while paging: start again from page one */
		restart_pages(l, lr->kind);
		if (lr->restarts >= AP_MAX_REPLANS) {
			/* a registry that always says 412 is not paged forever */
			l->read_failed = 1;
			ap_pub_fail_set(&l->read_fail, 412, "", "the list kept changing while it was read (%u times)",
					lr->restarts + 1);
		} else if (submit_list_read(p, l, lr->kind, NULL, lr, lr->then) != AP_OK) {
			p->oom = 1;
		}
		goto finish;
	}
	if (resp->status != 200) {
		l->read_failed = 1;
		ap_pub_fail_from(&l->read_fail, resp);
		goto finish;
	}
	rc = ap_pub_parse_page(l, lr->kind == LR_MEMBERS, resp->body.ptr, resp->body.len, p->base_url, &next);
	if (rc == AP_EPARSE) {
		l->read_failed = 1;
		ap_pub_fail_set(&l->read_fail, 200, "", "the registry's page of %s is not a JSON page (no data array)",
				lr->kind == LR_MEMBERS ? "members" : "resource connections");
	} else if (rc == AP_EINVALID) {
		l->read_failed = 1;
		ap_pub_fail_set(&l->read_fail, 200, "", "a paging link leads away from %s: not followed", p->base_url);
	} else if (rc == AP_OK && next != NULL &&
		   (lr->page >= AP_MAX_PAGES || strcmp(next, lr->url.ptr) == 0)) {
		/* a next link to itself, or pages without end */
		l->read_failed = 1;
		ap_pub_fail_set(&l->read_fail, 200, "", "the registry's pages of %s do not end (%u read)",
				lr->kind == LR_MEMBERS ? "members" : "resource connections", lr->page);
	} else if (rc != AP_OK ||
		   (next != NULL && submit_list_read(p, l, lr->kind, next, lr, lr->then) != AP_OK)) {
		p->oom = 1;
	}
finish:
	ap_free(next);
	ap_buf_release(&lr->url);
	list_read_finish(lr);
	ap_free(lr);
}

/* prev: the read this one follows (the next page, or page one again
 * after a 412 when next_url is NULL), or NULL. */
static int submit_list_read(ap_publish *p, struct ap_list *l, int kind,
			    const char *next_url, const struct list_read *prev,
			    void (*then)(ap_publish *p, struct ap_list *l))
{
	static const char *const paths[] = {
		"/resourceregistry/api/v1/access-lists/%s/%s",
		"/resourceregistry/api/v1/access-lists/%s/%s/members",
		"/resourceregistry/api/v1/access-lists/%s/%s/resource-connections",
	};
	struct list_read *lr = ap_calloc(1, sizeof(*lr));
	struct ap_http_req req = {0};
	struct ap_error err = AP_ERROR_INIT;
	int rc;

	if (lr == NULL)
		return AP_ENOMEM;
	lr->p = p;
	lr->l = l;
	lr->kind = kind;
	lr->then = then;
	lr->page = next_url != NULL ? prev->page + 1 : 1;
	lr->restarts = prev == NULL ? 0 : next_url != NULL ? prev->restarts : prev->restarts + 1;
	rc = next_url != NULL ? ap_buf_adds(&lr->url, next_url) : ap_pub_url(&lr->url, p, paths[kind], l->owner, l->id);
	if (rc != AP_OK) {
		ap_buf_release(&lr->url);
		ap_free(lr);
		return rc;
	}
	req.method = "GET";
	req.url = lr->url.ptr;
	req.auth = 1;
	rc = ap_http_submit(p->http, &req, list_read_done, lr, &err);
	if (rc != AP_OK) {
		ap_buf_release(&lr->url);
		ap_free(lr);
		return rc;
	}
	l->reading++;
	return AP_OK;
}

void ap_pub_list_clear_remote(struct ap_list *l)
{
	restart_pages(l, LR_MEMBERS);
	ap_free(l->rmembers);
	l->rmembers = NULL;
	l->armembers = 0;
	ap_conns_release(&l->rconns);
	ap_free(l->r_name);
	ap_free(l->r_description);
	l->r_name = l->r_description = NULL;
	l->etag[0] = '\0';
	l->r_status = 0;
	l->read_failed = 0;
}

int ap_pub_read_list(ap_publish *p, struct ap_list *l,
		     void (*then)(ap_publish *p, struct ap_list *l))
{
	int rc;

	ap_pub_list_clear_remote(l);
	/* the three GETs go together: one round trip instead of two */
	l->reading++; /* held until all three are queued */
	rc = submit_list_read(p, l, LR_INFO, NULL, NULL, then);
	if (rc == AP_OK)
		rc = submit_list_read(p, l, LR_MEMBERS, NULL, NULL, then);
	if (rc == AP_OK)
		rc = submit_list_read(p, l, LR_CONNS, NULL, NULL, then);
	if (--l->reading == 0 && then != NULL)
		then(p, l);
	return rc;
}

static void list_read_planned(ap_publish *p, struct ap_list *l)
{
	if (ap_pub_plan_list(l) != AP_OK)
		p->oom = 1;
}

int ap_pub_read_all(ap_publish *p, struct ap_error *err)
{
	size_t i;
	int rc = AP_OK;

	for (i = 0; rc == AP_OK && i < p->nres; i++)
		rc = read_res(p, &p->res[i], 0, err);
	for (i = 0; rc == AP_OK && i < p->nlists; i++)
		if (ap_pub_read_list(p, &p->lists[i], list_read_planned) != AP_OK)
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	/* run even after a failed submission: what was queued owns memory
	 * that only its done callback frees */
	if (rc == AP_OK)
		rc = ap_http_run(p->http, NULL, NULL, err);
	else if (ap_http_run(p->http, NULL, NULL, &(struct ap_error)AP_ERROR_INIT) != AP_OK)
		rc = AP_ENOMEM;
	if (rc == AP_OK && p->oom)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	for (i = 0; rc == AP_OK && i < p->nres; i++)
		if (ap_pub_plan_res(&p->res[i]) != AP_OK)
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	return rc;
}
