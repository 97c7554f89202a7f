/* The plan: per object, what apply will do. */
#include "internal.h"

#include <strings.h>

#include "publish/pub.h"

int ap_pub_plan_res(struct ap_res *r)
{
	int readable = (r->r_status == 200 || r->r_status == 404) &&
		       (r->policy == NULL || r->rp_status == 200 || r->rp_status == 404);
	int n;

	r->res_act = r->pol_act = ACT_NONE;
	ap_buf_reset(&r->res_diff);
	ap_buf_reset(&r->pol_diff);
	if (!readable) {
		r->res_out = r->pol_out = OUT_FAILED;
		r->res_fail = r->pol_fail = r->read_fail;
		return AP_OK;
	}
	r->res_out = r->pol_out = OUT_UNCHANGED;
	if (r->desired != NULL) {
		if (r->r_status == 404) {
			r->res_act = ACT_CREATE;
		} else {
			n = ap_resource_diff(r->desired, r->remote, &r->res_diff);
			if (n < 0)
				return AP_ENOMEM; /* a plan missing lines is a wrong plan */
			if (n != 0)
				r->res_act = ACT_UPDATE;
		}
		if (r->res_act != ACT_NONE)
			r->res_out = OUT_PENDING;
	}
	if (r->policy != NULL) {
		if (r->rp_status == 404 || r->r_status == 404) {
			r->pol_act = ACT_CREATE;
		} else {
			n = ap_policy_change_summary(r->r_policy, r->r_policy_len, r->policy, r->policy_len,
						     &r->pol_diff);
			if (n < 0)
				return AP_ENOMEM;
			if (n != 0)
				r->pol_act = ACT_UPDATE;
		}
		if (r->pol_act != ACT_NONE)
			r->pol_out = OUT_PENDING;
	}
	return AP_OK;
}

/* Does remote member m stand for the desired party URN d? */
static int member_matches(const struct ap_rmember *m, const char *d)
{
	static const char org[] = "urn:altinn:organization:identifier-no:";

	if (strncmp(d, org, sizeof(org) - 1) == 0)
		return ap_streq(m->orgno, d + sizeof(org) - 1);
	if (strncmp(d, "urn:altinn:party:id:", 20) == 0)
		return ap_streq(m->partyid, d + 20);
	if (strncmp(d, "urn:altinn:party:uuid:", 22) == 0)
		return (m->uuid != NULL && strcasecmp(m->uuid, d + 22) == 0) ||
		       (m->id != NULL && strcasecmp(m->id, d) == 0);
	return 0;
}

static void clear_plan(struct ap_list *l)
{
	ap_path_list_release(&l->add);
	ap_path_list_release(&l->remove);
	ap_conns_release(&l->conn_put);
	ap_path_list_release(&l->conn_del);
	l->info_changed = 0;
	l->act = ACT_NONE;
}

static int plan_members(struct ap_list *l)
{
	size_t i, k, nr = l->nrmembers;
	unsigned char *used = NULL;

	if (nr > 0 && (used = ap_calloc(nr, 1)) == NULL)
		return AP_ENOMEM;
	for (i = 0; i < l->members.count; i++) {
		int found = 0;

		for (k = 0; k < nr; k++) {
			if (member_matches(&l->rmembers[k], l->members.items[i])) {
				used[k] = 1;
				found = 1;
			}
		}
		if (!found && ap_path_list_add(&l->add, l->members.items[i]) != AP_OK)
			goto oom;
	}
	for (k = 0; k < nr; k++)
		if (!used[k] && ap_path_list_add(&l->remove, l->rmembers[k].id) != AP_OK)
			goto oom;
	ap_free(used);
	return AP_OK;
oom:
	ap_free(used);
	return AP_ENOMEM;
}

static int plan_conns(struct ap_list *l)
{
	size_t i;

	for (i = 0; i < l->conns.count; i++) {
		const struct ap_conn *want = &l->conns.items[i];
		const struct ap_conn *have = ap_conns_find(&l->rconns, want->resource);

		if ((have == NULL || !ap_path_list_equal(&have->actions, &want->actions)) &&
		    ap_conns_add(&l->conn_put, want->resource, &want->actions) != AP_OK)
			return AP_ENOMEM;
	}
	for (i = 0; i < l->rconns.count; i++)
		if (ap_conns_find(&l->conns, l->rconns.items[i].resource) == NULL &&
		    ap_path_list_add(&l->conn_del, l->rconns.items[i].resource) != AP_OK)
			return AP_ENOMEM;
	return AP_OK;
}

int ap_pub_plan_list(struct ap_list *l)
{
	int rc;

	clear_plan(l);
	if (l->read_failed) {
		l->out = OUT_FAILED;
		l->fail = l->read_fail;
		l->failed_step = "read";
		return AP_OK;
	}
	if (l->r_status == 404) {
		l->act = ACT_CREATE;
		l->info_changed = 1;
	} else {
		l->info_changed = !ap_streq(l->r_name, l->name) || !ap_streq(l->r_description, l->description);
	}
	rc = plan_members(l);
	if (rc == AP_OK)
		rc = plan_conns(l);
	if (rc != AP_OK)
		return rc;
	if (l->act == ACT_NONE && (l->info_changed || l->add.count || l->remove.count || l->conn_put.count ||
				   l->conn_del.count))
		l->act = ACT_UPDATE;
	l->out = l->act == ACT_NONE ? OUT_UNCHANGED : OUT_PENDING;
	return AP_OK;
}
