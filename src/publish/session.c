/* The publish session: its life cycle and the public entry points. */
#include "internal.h"

#include <stdlib.h>
#include <strings.h>

#include "publish/pub.h"

static const struct ap_publish_env envs[] = {
	{"at22", "https://platform.at22.altinn.cloud", "https://test.maskinporten.no/"},
	{"at23", "https://platform.at23.altinn.cloud", "https://test.maskinporten.no/"},
	{"at24", "https://platform.at24.altinn.cloud", "https://test.maskinporten.no/"},
	{"yt01", "https://platform.yt01.altinn.cloud", "https://test.maskinporten.no/"},
	{"tt02", "https://platform.tt02.altinn.no", "https://test.maskinporten.no/"},
	{"prod", "https://platform.altinn.no", "https://maskinporten.no/"},
};

const struct ap_publish_env *ap_publish_env_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < ARRAY_SIZE(envs); i++)
		if (strcasecmp(envs[i].name, name) == 0)
			return &envs[i];
	return NULL;
}

const struct ap_publish_env *ap_publish_envs(size_t *count)
{
	*count = ARRAY_SIZE(envs);
	return envs;
}

int ap_publish_new(ap_publish **out, const struct ap_publish_options *o,
		   struct ap_error *err)
{
	ap_publish *p = ap_calloc(1, sizeof(*p));
	size_t n;

	*out = NULL;
	if (p == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	p->o = *o;
	p->folder = ap_strdup(o->folder != NULL ? o->folder : ".");
	p->base_url = ap_strdup(o->base_url != NULL ? o->base_url : "");
	p->paths = ap_calloc(o->npaths + 1, sizeof(*p->paths));
	if (p->folder == NULL || p->base_url == NULL || p->paths == NULL) {
		ap_publish_free(p);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	n = strlen(p->base_url);
	while (n > 0 && p->base_url[n - 1] == '/')
		p->base_url[--n] = '\0';
	p->o.paths = NULL;
	p->o.npaths = o->npaths;
	p->o.paths = o->paths; /* borrowed until ap_publish_load */
	*out = p;
	return AP_OK;
}

static void free_res(struct ap_res *r)
{
	ap_free(r->id);
	ap_free(r->json_path);
	ap_free(r->policy_path);
	json_decref(r->desired);
	ap_free(r->policy); /* from ap_file_read (the hook allocator) */
	json_decref(r->remote);
	ap_free(r->r_policy);
	ap_buf_release(&r->res_diff);
	ap_buf_release(&r->pol_diff);
	ap_buf_release(&r->body);
	ap_buf_release(&r->url);
}

static void free_list(struct ap_list *l)
{
	ap_pub_list_clear_remote(l);
	ap_free(l->owner);
	ap_free(l->id);
	ap_free(l->path);
	ap_free(l->name);
	ap_free(l->description);
	ap_path_list_release(&l->members);
	ap_conns_release(&l->conns);
	ap_path_list_release(&l->add);
	ap_path_list_release(&l->remove);
	ap_conns_release(&l->conn_put);
	ap_path_list_release(&l->conn_del);
	ap_buf_release(&l->body);
	ap_buf_release(&l->url);
}

void ap_publish_free(ap_publish *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nres; i++)
		free_res(&p->res[i]);
	for (i = 0; i < p->nlists; i++)
		free_list(&p->lists[i]);
	for (i = 0; p->paths != NULL && i < p->npaths; i++)
		ap_free(p->paths[i]);
	ap_free(p->paths);
	ap_free(p->res);
	ap_free(p->lists);
	ap_free(p->folder);
	ap_free(p->base_url);
	ap_free(p);
}

int ap_publish_load(ap_publish *p, struct ap_diag_list *out,
		    struct ap_error *err)
{
	int rc = ap_pub_read_folder(p, out, err);

	p->o.paths = NULL;
	return rc;
}

int ap_publish_plan(ap_publish *p, ap_http *h, struct ap_error *err)
{
	int rc;

	p->http = h;
	rc = ap_pub_read_all(p, err);
	p->http = NULL;
	return rc;
}

int ap_publish_apply(ap_publish *p, ap_http *h,
		     void (*progress)(void *ctx, unsigned done, unsigned total),
		     void *progress_ctx, struct ap_error *err)
{
	int rc;

	p->http = h;
	p->progress = progress;
	p->progress_ctx = progress_ctx;
	rc = ap_pub_apply(p, err);
	p->applied = 1;
	p->http = NULL;
	return rc;
}

static void count_out(struct ap_publish_counts *c, enum ap_action act,
		      enum ap_outcome out, int planned_failed)
{
	if (planned_failed) {
		c->unreadable++;
		c->failed++;
		return;
	}
	if (act == ACT_CREATE)
		c->create++;
	else if (act == ACT_UPDATE)
		c->update++;
	else
		c->unchanged++;
	if (out == OUT_APPLIED)
		c->applied++;
	else if (out == OUT_FAILED)
		c->failed++;
	else if (out == OUT_SKIPPED)
		c->skipped++;
}

void ap_publish_get_counts(const ap_publish *p, struct ap_publish_counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < p->nres; i++) {
		const struct ap_res *r = &p->res[i];
		int unreadable = r->res_act == ACT_NONE && r->res_out == OUT_FAILED && r->read_fail.message[0];

		if (r->desired != NULL)
			count_out(c, r->res_act, r->res_out, unreadable);
		if (r->policy != NULL)
			count_out(c, r->pol_act, r->pol_out, unreadable);
	}
	for (i = 0; i < p->nlists; i++) {
		const struct ap_list *l = &p->lists[i];

		count_out(c, l->act, l->out, l->read_failed && l->act == ACT_NONE);
	}
}
