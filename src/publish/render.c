/* The plan and the result, as text for people and JSON for machines. */
#include "internal.h"

#include <stdlib.h>

#include "publish/pub.h"

static const char *act_name(enum ap_action a)
{
	return a == ACT_CREATE ? "create" : a == ACT_UPDATE ? "update" : "unchanged";
}

static const char *out_name(enum ap_outcome o)
{
	switch (o) {
	case OUT_APPLIED: return "applied";
	case OUT_FAILED: return "failed";
	case OUT_SKIPPED: return "skipped";
	case OUT_UNCHANGED: return "unchanged";
	default: return "pending";
	}
}

static int text_failure(struct ap_buf *b, const struct ap_failure *f)
{
	if (f->status == 0)
		return ap_buf_addf(b, "%s", f->message);
	return ap_buf_addf(b, "HTTP %ld%s%s: %s", f->status, f->code[0] ? " " : "", f->code, f->message);
}

/* ---- plan, text ------------------------------------------------------------- */

static int text_plan_res(struct ap_buf *b, const struct ap_res *r)
{
	int rc = AP_OK;

	if (r->res_out == OUT_FAILED && r->res_act == ACT_NONE && r->read_fail.message[0]) {
		rc = ap_buf_addf(b, "resource %s: cannot read the registry's state: ", r->id);
		if (rc == AP_OK)
			rc = text_failure(b, &r->read_fail);
		return rc == AP_OK ? ap_buf_addch(b, '\n') : rc;
	}
	if (r->desired != NULL && r->res_act != ACT_NONE) {
		rc = ap_buf_addf(b, "resource %s: %s\n", r->id, act_name(r->res_act));
		if (rc == AP_OK && r->res_diff.len)
			rc = ap_buf_add(b, r->res_diff.ptr, r->res_diff.len);
	}
	if (rc == AP_OK && r->policy != NULL && r->pol_act != ACT_NONE) {
		rc = ap_buf_addf(b, "policy %s: %s", r->id, act_name(r->pol_act));
		if (rc == AP_OK && r->pol_diff.len)
			rc = ap_buf_addf(b, " (%s)", r->pol_diff.ptr);
		if (rc == AP_OK && r->desired == NULL && r->r_status == 404)
			rc = ap_buf_adds(b, " [AX-R004: the resource does not exist in the registry]");
		if (rc == AP_OK)
			rc = ap_buf_addch(b, '\n');
	}
	return rc;
}

static int text_strs(struct ap_buf *b, const struct ap_path_list *s)
{
	size_t i;
	int rc = ap_buf_addch(b, '[');

	for (i = 0; rc == AP_OK && i < s->count; i++)
		rc = ap_buf_addf(b, "%s%s", i ? ", " : "", s->items[i]);
	return rc == AP_OK ? ap_buf_addch(b, ']') : rc;
}

static int text_plan_list(struct ap_buf *b, const struct ap_list *l)
{
	size_t i;
	int rc;

	if (l->read_failed && l->act == ACT_NONE) {
		rc = ap_buf_addf(b, "access-list %s/%s: cannot read the registry's state: ", l->owner, l->id);
		if (rc == AP_OK)
			rc = text_failure(b, &l->read_fail);
		return rc == AP_OK ? ap_buf_addch(b, '\n') : rc;
	}
	if (l->act == ACT_NONE)
		return AP_OK;
	rc = ap_buf_addf(b, "access-list %s/%s: %s\n", l->owner, l->id, act_name(l->act));
	if (rc == AP_OK && l->info_changed && l->act == ACT_UPDATE && !ap_streq(l->r_name, l->name))
		rc = ap_buf_addf(b, "    ~ name: \"%s\" -> \"%s\"\n", l->r_name ? l->r_name : "", l->name);
	if (rc == AP_OK && l->info_changed && l->act == ACT_UPDATE && !ap_streq(l->r_description, l->description))
		rc = ap_buf_addf(b, "    ~ description: \"%s\" -> \"%s\"\n", l->r_description ? l->r_description : "",
				 l->description);
	if (rc == AP_OK && l->act == ACT_CREATE)
		rc = ap_buf_addf(b, "    + name: \"%s\"\n", l->name);
	if (rc == AP_OK && (l->add.count || l->remove.count))
		rc = ap_buf_addf(b, "    members: +%zu -%zu\n", l->add.count, l->remove.count);
	for (i = 0; rc == AP_OK && i < l->add.count && i < 20; i++)
		rc = ap_buf_addf(b, "      + %s\n", l->add.items[i]);
	for (i = 0; rc == AP_OK && i < l->remove.count && i < 20; i++) {
		const char *orgno = NULL;
		size_t k;

		for (k = 0; k < l->nrmembers && orgno == NULL; k++)
			if (ap_streq(l->rmembers[k].id, l->remove.items[i]))
				orgno = l->rmembers[k].orgno;
		rc = ap_buf_addf(b, "      - %s%s%s%s\n", l->remove.items[i], orgno ? " (organization " : "",
				 orgno ? orgno : "", orgno ? ")" : "");
	}
	if (rc == AP_OK && (l->add.count > 20 || l->remove.count > 20))
		rc = ap_buf_adds(b, "      ... (--format json lists them all)\n");
	for (i = 0; rc == AP_OK && i < l->conn_put.count; i++) {
		const struct ap_conn *c = &l->conn_put.items[i];
		const struct ap_conn *had = ap_conns_find(&l->rconns, c->resource);

		rc = ap_buf_addf(b, "    connection %s: %s ", c->resource, had ? "update" : "create");
		if (rc == AP_OK && had != NULL) {
			rc = had->actions.count ? text_strs(b, &had->actions) : ap_buf_adds(b, "[all actions]");
			if (rc == AP_OK)
				rc = ap_buf_adds(b, " -> ");
		}
		if (rc == AP_OK)
			rc = c->actions.count ? text_strs(b, &c->actions) : ap_buf_adds(b, "[all actions]");
		if (rc == AP_OK)
			rc = ap_buf_addch(b, '\n');
	}
	for (i = 0; rc == AP_OK && i < l->conn_del.count; i++)
		rc = ap_buf_addf(b, "    connection %s: delete\n", l->conn_del.items[i]);
	return rc;
}

/* ---- JSON --------------------------------------------------------------------- */

static json_t *json_strs(const struct ap_path_list *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < s->count; i++)
		json_array_append_new(a, json_string(s->items[i]));
	return a;
}

static json_t *json_failure(const struct ap_failure *f)
{
	return json_pack("{s:I, s:s, s:s}", "status", (json_int_t)f->status, "code", f->code, "message", f->message);
}

static json_t *json_item(const char *type, const char *id, enum ap_action act,
			 enum ap_outcome out, const struct ap_failure *fail,
			 int applied)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "type", type, "id", id, "action", act_name(act));

	if (o != NULL && applied)
		json_object_set_new(o, "outcome", json_string(out_name(out)));
	if (o != NULL && out == OUT_FAILED && fail != NULL)
		json_object_set_new(o, "error", json_failure(fail));
	return o;
}

static json_t *json_diff_lines(const struct ap_buf *d)
{
	json_t *a = json_array();
	const char *s = d->ptr;

	while (a != NULL && s != NULL && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		while (n && *s == ' ')
			s++, n--;
		json_array_append_new(a, json_stringn(s, n));
		s = e ? e + 1 : s + n;
	}
	return a;
}

static int render_json(const ap_publish *p, int applied, struct ap_buf *out)
{
	json_t *items = json_array(), *doc;
	struct ap_publish_counts c;
	char *txt;
	size_t i;
	int rc;

	for (i = 0; items != NULL && i < p->nres; i++) {
		const struct ap_res *r = &p->res[i];
		json_t *o;

		if (r->desired != NULL) {
			o = json_item("resource", r->id, r->res_act, r->res_out,
				      r->res_out == OUT_FAILED ? &r->res_fail : NULL, applied);
			if (o != NULL)
				json_object_set_new(o, "changes", json_diff_lines(&r->res_diff));
			json_array_append_new(items, o);
		}
		if (r->policy != NULL) {
			o = json_item("policy", r->id, r->pol_act, r->pol_out,
				      r->pol_out == OUT_FAILED ? &r->pol_fail : NULL, applied);
			if (o != NULL && r->pol_diff.len)
				json_object_set_new(o, "summary", json_string(r->pol_diff.ptr));
			json_array_append_new(items, o);
		}
	}
	for (i = 0; items != NULL && i < p->nlists; i++) {
		const struct ap_list *l = &p->lists[i];
		struct ap_buf id = AP_BUF_INIT;
		json_t *o, *conns = json_array();
		size_t k;

		if (ap_buf_addf(&id, "%s/%s", l->owner, l->id) != AP_OK)
			break;
		o = json_item("access-list", id.ptr, l->act, l->out, l->out == OUT_FAILED ? &l->fail : NULL, applied);
		ap_buf_release(&id);
		for (k = 0; conns != NULL && k < l->conn_put.count; k++)
			json_array_append_new(conns, json_pack("{s:s, s:s, s:o}", "resource", l->conn_put.items[k].resource,
							       "action", "put", "actionFilters",
							       json_strs(&l->conn_put.items[k].actions)));
		for (k = 0; conns != NULL && k < l->conn_del.count; k++)
			json_array_append_new(conns, json_pack("{s:s, s:s}", "resource", l->conn_del.items[k],
							       "action", "delete"));
		if (o != NULL) {
			json_object_set_new(o, "nameOrDescriptionChanged", json_boolean(l->info_changed));
			json_object_set_new(o, "addMembers", json_strs(&l->add));
			json_object_set_new(o, "removeMembers", json_strs(&l->remove));
			json_object_set_new(o, "connections", conns);
			if (l->out == OUT_FAILED && l->failed_step != NULL)
				json_object_set_new(o, "failedStep", json_string(l->failed_step));
		} else {
			json_decref(conns);
		}
		json_array_append_new(items, o);
	}
	ap_publish_get_counts(p, &c);
	doc = json_pack("{s:o, s:{s:i, s:i, s:i, s:i}}", "objects", items, "summary", "create", (int)c.create,
			"update", (int)c.update, "unchanged", (int)c.unchanged, "unreadable", (int)c.unreadable);
	if (doc != NULL && applied) {
		json_t *s = json_object_get(doc, "summary");

		json_object_set_new(s, "applied", json_integer(c.applied));
		json_object_set_new(s, "failed", json_integer(c.failed));
		json_object_set_new(s, "skipped", json_integer(c.skipped));
	}
	txt = doc != NULL ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	rc = txt != NULL ? ap_buf_adds(out, txt) : AP_ENOMEM;
	if (rc == AP_OK)
		rc = ap_buf_addch(out, '\n');
	free(txt);
	json_decref(doc);
	return rc;
}

int ap_publish_render_plan(const ap_publish *p, int json, struct ap_buf *out)
{
	struct ap_publish_counts c;
	size_t i;
	int rc = AP_OK;

	if (json)
		return render_json(p, 0, out);
	for (i = 0; rc == AP_OK && i < p->nres; i++)
		rc = text_plan_res(out, &p->res[i]);
	for (i = 0; rc == AP_OK && i < p->nlists; i++)
		rc = text_plan_list(out, &p->lists[i]);
	ap_publish_get_counts(p, &c);
	if (rc == AP_OK && c.create + c.update == 0 && c.unreadable == 0)
		rc = ap_buf_addf(out, "plan: nothing to do, %u unchanged\n", c.unchanged);
	else if (rc == AP_OK)
		rc = ap_buf_addf(out, "plan: %u to create, %u to update, %u unchanged%s\n", c.create, c.update,
				 c.unchanged, c.unreadable ? ", some remote state unreadable" : "");
	return rc;
}

/* ---- result, text -------------------------------------------------------------- */

static int text_outcome(struct ap_buf *b, const char *type, const char *id,
			const char *step, enum ap_action act,
			enum ap_outcome out, const struct ap_failure *fail)
{
	int rc;

	if (out == OUT_UNCHANGED || out == OUT_PENDING)
		return AP_OK;
	rc = ap_buf_addf(b, "%-9s %s %s", out_name(out), type, id);
	if (rc == AP_OK && step != NULL)
		rc = ap_buf_addf(b, " (%s)", step);
	if (rc == AP_OK && out == OUT_APPLIED)
		rc = ap_buf_addf(b, ": %sd", act_name(act));
	if (rc == AP_OK && out == OUT_SKIPPED)
		rc = ap_buf_adds(b, ": not attempted, the resource failed");
	if (rc == AP_OK && out == OUT_FAILED) {
		rc = ap_buf_adds(b, ": ");
		if (rc == AP_OK)
			rc = text_failure(b, fail);
	}
	return rc == AP_OK ? ap_buf_addch(b, '\n') : rc;
}

int ap_publish_render_result(const ap_publish *p, int json, struct ap_buf *out)
{
	struct ap_publish_counts c;
	size_t i;
	int rc = AP_OK;

	if (json)
		return render_json(p, 1, out);
	for (i = 0; rc == AP_OK && i < p->nres; i++) {
		const struct ap_res *r = &p->res[i];

		if (r->desired != NULL)
			rc = text_outcome(out, "resource", r->id, NULL, r->res_act, r->res_out, &r->res_fail);
		if (rc == AP_OK && r->policy != NULL)
			rc = text_outcome(out, "policy", r->id, NULL, r->pol_act, r->pol_out, &r->pol_fail);
	}
	for (i = 0; rc == AP_OK && i < p->nlists; i++) {
		const struct ap_list *l = &p->lists[i];
		struct ap_buf id = AP_BUF_INIT;

		rc = ap_buf_addf(&id, "%s/%s", l->owner, l->id);
		if (rc == AP_OK)
			rc = text_outcome(out, "access-list", id.ptr, l->out == OUT_FAILED ? l->failed_step : NULL,
					  l->act, l->out, &l->fail);
		ap_buf_release(&id);
	}
	ap_publish_get_counts(p, &c);
	if (rc == AP_OK)
		rc = ap_buf_addf(out, "apply: %u applied, %u unchanged, %u failed%s\n", c.applied, c.unchanged,
				 c.failed + c.skipped,
				 c.failed + c.skipped ? " (run apply again to finish: it only does what is left)" : "");
	return rc;
}
