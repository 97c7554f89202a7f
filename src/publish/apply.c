/*
 * Applying the plan.  Each resource is a chain (resource, then policy);
 * each access list another (list, member additions, member removals, in
 * batches of at most 100, each sent with If-Match: the ETag the previous
 * step returned).  Chains run in parallel on the engine.  Resource
 * connections need their resources, so they run in a second round, once
 * every resource chain has finished.  A 412 re-reads the list, re-plans
 * it and starts its chain again; nothing is written after a 412 without
 * that re-read.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "publish/pub.h"

enum res_step { RS_RESOURCE = 0, RS_CHECK_EXISTING, RS_POLICY, RS_DONE };
enum list_step { LS_INFO = 0, LS_ADD, LS_REMOVE, LS_WAIT_CONNS, LS_CONN_PUT, LS_CONN_DEL, LS_DONE };

static void object_done(ap_publish *p)
{
	p->done++;
	if (p->progress != NULL)
		p->progress(p->progress_ctx, p->done, p->total);
}

static int submit(ap_publish *p, struct ap_http_req *req, ap_http_done_fn fn,
		  void *ctx)
{
	struct ap_error err = AP_ERROR_INIT;

	req->auth = 1;
	if (ap_http_submit(p->http, req, fn, ctx, &err) != AP_OK) {
		p->oom = 1;
		return -1;
	}
	return 0;
}

/* ---- resources ------------------------------------------------------------- */

static void res_step(struct ap_res *r);

/* The resource failed (res_fail says why): its policy is not attempted. */
static void res_failed(struct ap_res *r)
{
	ap_publish *p = r->owner;

	r->res_out = OUT_FAILED;
	object_done(p);
	if (r->pol_out == OUT_PENDING) {
		r->pol_out = OUT_SKIPPED;
		object_done(p);
	}
	r->step = RS_DONE;
}

static void res_fail(struct ap_res *r, const struct ap_http_resp *resp)
{
	ap_publish *p = r->owner;

	if (r->step == RS_POLICY) {
		ap_pub_fail_from(&r->pol_fail, resp);
		r->pol_out = OUT_FAILED;
		/* the registry's answers that the lint catalogue leaves for
		 * publishing time (docs/rules/README.md) */
		if (resp->status == 400 && strstr(r->pol_fail.message, "Unknown resource") != NULL)
			ap_pub_fail_set(&r->pol_fail, 400, "AX-R004",
					"the resource must exist before its policy is uploaded (registry: Unknown resource)");
		else if (resp->status == 500)
			ap_pub_fail_set(&r->pol_fail, 500, "AX-R005",
					"the registry could not parse the XACML policy (HTTP 500)");
		object_done(p);
		r->step = RS_DONE;
	} else {
		ap_pub_fail_from(&r->res_fail, resp);
		res_failed(r);
	}
}

static void res_done(void *ctx, struct ap_http_resp *resp)
{
	struct ap_res *r = ctx;
	ap_publish *p = r->owner;
	long s = resp->status;

	switch (r->step) {
	case RS_RESOURCE:
		if (s == 409 && r->res_act == ACT_CREATE) {
			/* taken: ours (a retried POST that had landed) or an
			 * identifier that a deleted resource used */
			r->step = RS_CHECK_EXISTING;
			break;
		}
		if (s != 200 && s != 201) {
			res_fail(r, resp);
			return;
		}
		r->res_out = OUT_APPLIED;
		object_done(p);
		r->step = RS_POLICY;
		break;
	case RS_CHECK_EXISTING:
		if (s == 200) {
			json_t *remote = ap_pub_parse_object(resp->body.ptr, resp->body.len);
			struct ap_buf d = AP_BUF_INIT;
			int n = remote != NULL ? ap_resource_diff(r->desired, remote, &d) : 1;

			json_decref(remote);
			ap_buf_release(&d);
			if (n == 0) { /* our own earlier attempt */
				r->res_out = OUT_APPLIED;
				object_done(p);
				r->step = RS_POLICY;
			} else {
				r->res_act = ACT_UPDATE;
				r->switched_to_put = 1;
				r->step = RS_RESOURCE;
			}
		} else if (s == 404) {
			ap_pub_fail_set(&r->res_fail, 409, "",
					"the identifier '%.200s' belonged to a deleted resource and cannot be reused "
					"(registry: 409 on create, 404 on read)", r->id);
			res_failed(r);
			return;
		} else {
			r->step = RS_RESOURCE;
			res_fail(r, resp);
			return;
		}
		break;
	case RS_POLICY:
		if (s != 201 && s != 200) {
			res_fail(r, resp);
			return;
		}
		r->pol_out = OUT_APPLIED;
		object_done(p);
		r->step = RS_DONE;
		return;
	default:
		return;
	}
	res_step(r);
}

static void res_step(struct ap_res *r)
{
	ap_publish *p = r->owner;
	struct ap_http_req req = {0};

	ap_buf_reset(&r->url);
	ap_buf_reset(&r->body);
	if (r->step == RS_RESOURCE && r->res_out != OUT_PENDING)
		r->step = RS_POLICY;
	if (r->step == RS_POLICY && r->pol_out != OUT_PENDING)
		r->step = RS_DONE;
	switch (r->step) {
	case RS_RESOURCE: {
		char *json = json_dumps(r->desired, JSON_COMPACT);
		int rc;

		if (json == NULL) {
			p->oom = 1;
			return;
		}
		rc = ap_buf_adds(&r->body, json);
		free(json);
		if (rc != AP_OK ||
		    (r->res_act == ACT_CREATE ? ap_pub_url(&r->url, p, "/resourceregistry/api/v1/resource")
					      : ap_pub_url(&r->url, p, "/resourceregistry/api/v1/resource/%s", r->id)) != AP_OK) {
			p->oom = 1;
			return;
		}
		req.method = r->res_act == ACT_CREATE ? "POST" : "PUT";
		req.content_type = "application/json";
		req.body = r->body.ptr;
		req.body_len = r->body.len;
		break;
	}
	case RS_CHECK_EXISTING:
		if (ap_pub_url(&r->url, p, "/resourceregistry/api/v1/resource/%s", r->id) != AP_OK) {
			p->oom = 1;
			return;
		}
		req.method = "GET";
		break;
	case RS_POLICY:
		if (ap_pub_url(&r->url, p, "/resourceregistry/api/v1/resource/%s/policy", r->id) != AP_OK) {
			p->oom = 1;
			return;
		}
		req.method = "POST";
		req.form_part = "policyFile";
		req.body = r->policy;
		req.body_len = r->policy_len;
		break;
	default:
		return;
	}
	req.url = r->url.ptr;
	submit(p, &req, res_done, r);
}

/* ---- access lists ------------------------------------------------------------ */

static void list_step(struct ap_list *l);

static void list_finished(struct ap_list *l)
{
	l->step = LS_DONE;
	if (l->out == OUT_PENDING)
		l->out = l->changed ? OUT_APPLIED : OUT_UNCHANGED;
	object_done(l->pub);
}

static void list_fail(struct ap_list *l, const struct ap_http_resp *resp,
		      const char *what)
{
	ap_pub_fail_from(&l->fail, resp);
	l->out = OUT_FAILED;
	l->failed_step = what;
	l->step = LS_DONE;
	object_done(l->pub);
}

/* After the re-read that a 412 asked for: plan again, go on. */
void ap_pub_list_replanned(ap_publish *p, struct ap_list *l)
{
	int phase_b = l->step >= LS_WAIT_CONNS;

	if (ap_pub_plan_list(l) != AP_OK) {
		p->oom = 1;
		return;
	}
	if (l->out == OUT_FAILED) { /* could not even re-read */
		l->step = LS_DONE;
		object_done(p);
		return;
	}
	if (l->out == OUT_UNCHANGED) /* someone else did it already */
		l->out = OUT_PENDING;
	l->cursor = 0;
	l->step = LS_INFO;
	l->resume_conns = phase_b;
	list_step(l);
}

static void replan(struct ap_list *l, const struct ap_http_resp *resp,
		   const char *what)
{
	if (l->replans >= AP_MAX_REPLANS) {
		list_fail(l, resp, what);
		ap_pub_fail_set(&l->fail, 412, "",
				"the list kept changing while it was written (%u re-reads after HTTP 412)", l->replans);
		return;
	}
	l->replans++;
	if (l->step >= LS_CONN_PUT)
		l->step = LS_WAIT_CONNS; /* remembered as "round two" */
	if (ap_pub_read_list(l->pub, l, ap_pub_list_replanned) != AP_OK)
		l->pub->oom = 1;
}

static const char *step_name(int step)
{
	switch (step) {
	case LS_INFO: return "list";
	case LS_ADD: return "members (add)";
	case LS_REMOVE: return "members (remove)";
	default: return "resource connection";
	}
}

static void list_done(void *ctx, struct ap_http_resp *resp)
{
	struct ap_list *l = ctx;
	long s = resp->status;

	if (s == 412) {
		replan(l, resp, step_name(l->step));
		return;
	}
	if (!(s == 200 || s == 201 || (s == 204 && l->step == LS_CONN_DEL))) {
		list_fail(l, resp, step_name(l->step));
		return;
	}
	if (resp->etag[0] != '\0')
		snprintf(l->etag, sizeof(l->etag), "%s", resp->etag);
	l->changed++;
	switch (l->step) {
	case LS_INFO:
		l->step = LS_ADD;
		l->cursor = 0;
		break;
	case LS_ADD:
	case LS_REMOVE:
		l->cursor += AP_MEMBER_BATCH;
		break;
	default:
		l->cursor++;
		break;
	}
	list_step(l);
}

/* {"data":[...]} of items [from, from + 100) of s. */
static int member_body(struct ap_buf *b, const struct ap_path_list *s, size_t from)
{
	json_t *data = json_array(), *doc;
	char *txt;
	size_t i;
	int rc;

	for (i = from; i < s->count && i < from + AP_MEMBER_BATCH; i++)
		json_array_append_new(data, json_string(s->items[i]));
	doc = json_pack("{s:o}", "data", data);
	txt = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
	rc = txt != NULL ? ap_buf_adds(b, txt) : AP_ENOMEM;
	free(txt);
	json_decref(doc);
	return rc;
}

static int conn_body(struct ap_buf *b, const struct ap_conn *c)
{
	json_t *doc = json_object(), *arr = json_array();
	char *txt;
	size_t i;
	int rc;

	for (i = 0; i < c->actions.count; i++)
		json_array_append_new(arr, json_string(c->actions.items[i]));
	if (c->actions.count)
		json_object_set(doc, "actionFilters", arr);
	txt = json_dumps(doc, JSON_COMPACT);
	rc = txt != NULL ? ap_buf_adds(b, txt) : AP_ENOMEM;
	free(txt);
	json_decref(arr);
	json_decref(doc);
	return rc;
}

static void list_step(struct ap_list *l)
{
	ap_publish *p = l->pub;
	struct ap_http_req req = {0};
	int rc = AP_OK;

	ap_buf_reset(&l->url);
	ap_buf_reset(&l->body);
	/* skip the steps with nothing to do */
	if (l->step == LS_INFO && !l->info_changed)
		l->step = LS_ADD, l->cursor = 0;
	if (l->step == LS_ADD && l->cursor >= l->add.count)
		l->step = LS_REMOVE, l->cursor = 0;
	if (l->step == LS_REMOVE && l->cursor >= l->remove.count)
		l->step = l->resume_conns || p->round_two ? LS_CONN_PUT : LS_WAIT_CONNS, l->cursor = 0;
	if (l->step == LS_WAIT_CONNS)
		return; /* round two starts it */
	if (l->step == LS_CONN_PUT && l->cursor >= l->conn_put.count)
		l->step = LS_CONN_DEL, l->cursor = 0;
	if (l->step == LS_CONN_DEL && l->cursor >= l->conn_del.count) {
		list_finished(l);
		return;
	}
	switch (l->step) {
	case LS_INFO: {
		json_t *doc = json_pack("{s:s, s:s}", "name", l->name, "description", l->description);
		char *txt = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;

		rc = txt != NULL ? ap_buf_adds(&l->body, txt) : AP_ENOMEM;
		free(txt);
		json_decref(doc);
		if (rc == AP_OK)
			rc = ap_pub_url(&l->url, p, "/resourceregistry/api/v1/access-lists/%s/%s", l->owner, l->id);
		req.method = "PUT";
		/* create only if absent, update only what we read */
		if (l->r_status == 404)
			req.if_none_match = "*";
		else
			req.if_match = l->etag;
		break;
	}
	case LS_ADD:
	case LS_REMOVE:
		rc = member_body(&l->body, l->step == LS_ADD ? &l->add : &l->remove, l->cursor);
		if (rc == AP_OK)
			rc = ap_pub_url(&l->url, p, "/resourceregistry/api/v1/access-lists/%s/%s/members", l->owner, l->id);
		req.method = l->step == LS_ADD ? "POST" : "DELETE";
		req.if_match = l->etag;
		break;
	case LS_CONN_PUT:
		rc = conn_body(&l->body, &l->conn_put.items[l->cursor]);
		if (rc == AP_OK)
			rc = ap_pub_url(&l->url, p, "/resourceregistry/api/v1/access-lists/%s/%s/resource-connections/%s",
					l->owner, l->id, l->conn_put.items[l->cursor].resource);
		req.method = "PUT";
		req.if_match = l->etag;
		break;
	case LS_CONN_DEL:
		rc = ap_pub_url(&l->url, p, "/resourceregistry/api/v1/access-lists/%s/%s/resource-connections/%s",
				l->owner, l->id, l->conn_del.items[l->cursor]);
		req.method = "DELETE";
		req.if_match = l->etag;
		break;
	default:
		return;
	}
	if (rc != AP_OK) {
		p->oom = 1;
		return;
	}
	if (l->step != LS_CONN_DEL) {
		req.content_type = "application/json";
		req.body = l->body.ptr;
		req.body_len = l->body.len;
	}
	if (req.if_match != NULL && req.if_match[0] == '\0')
		req.if_match = NULL; /* no ETag read: nothing to pin */
	req.url = l->url.ptr;
	submit(p, &req, list_done, l);
}

/* ---- the two rounds ------------------------------------------------------------ */

int ap_pub_apply(ap_publish *p, struct ap_error *err)
{
	size_t i;
	int rc;

	p->total = p->done = 0;
	for (i = 0; i < p->nres; i++)
		p->total += (p->res[i].res_out == OUT_PENDING) + (p->res[i].pol_out == OUT_PENDING);
	for (i = 0; i < p->nlists; i++)
		p->total += p->lists[i].out == OUT_PENDING;
	for (i = 0; i < p->nres; i++) {
		p->res[i].step = RS_RESOURCE;
		res_step(&p->res[i]);
	}
	for (i = 0; i < p->nlists; i++) {
		if (p->lists[i].out != OUT_PENDING)
			continue;
		p->lists[i].step = LS_INFO;
		list_step(&p->lists[i]);
	}
	rc = ap_http_run(p->http, NULL, NULL, err);
	if (rc != AP_OK)
		return rc;
	/* round two: resource connections, now that resources exist */
	p->round_two = 1;
	for (i = 0; i < p->nlists; i++) {
		struct ap_list *l = &p->lists[i];

		if (l->out != OUT_PENDING || l->step != LS_WAIT_CONNS)
			continue;
		l->step = LS_CONN_PUT;
		l->cursor = 0;
		list_step(l);
	}
	rc = ap_http_run(p->http, NULL, NULL, err);
	if (rc == AP_OK && p->oom)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	return rc;
}
