/* Private to src/publish: the session's objects, desired and remote. */
#ifndef AP_PUBLISH_PUB_H
#define AP_PUBLISH_PUB_H

#include <jansson.h>

#include "altinn-policy/fsutil.h"
#include "altinn-policy/publish.h"

#define AP_MEMBER_BATCH 100  /* registry limit per member request */
#define AP_MAX_REPLANS 3     /* re-reads of one list after 412s */
#define AP_MAX_PAGES 2000    /* pages of one member or connection read
				(200,000 members at 100 a page) */

enum ap_action { ACT_NONE = 0, ACT_CREATE, ACT_UPDATE };

enum ap_outcome {
	OUT_PENDING = 0, /* planned, not (yet) done */
	OUT_UNCHANGED,   /* nothing to do */
	OUT_APPLIED,
	OUT_FAILED,
	OUT_SKIPPED      /* not attempted: what it depends on failed */
};

/* What went wrong with one object: HTTP status and the registry's error
 * (or a transport error, status 0). */
struct ap_failure {
	long status;
	char code[64];    /* registry code (RR-00001, AX-R004, ...) or "" */
	char message[512];
};

struct ap_conn {
	char *resource;
	struct ap_path_list actions; /* sorted; empty: all actions */
};

struct ap_conns {
	struct ap_conn *items;
	size_t count, alloc;
};

/* A member as the registry returns it. */
struct ap_rmember {
	char *id;    /* urn:altinn:party:uuid:... (what DELETE takes) */
	char *orgno; /* organization number or NULL */
	char *partyid;
	char *uuid;
};

struct ap_res {
	struct ap_publish *owner;
	char *id;
	char *json_path, *policy_path; /* NULL when absent */
	json_t *desired;               /* resource.json, or NULL */
	char *policy;                  /* policy bytes, or NULL */
	size_t policy_len;

	/* remote */
	long r_status, rp_status;      /* 200, 404, other: unreadable */
	struct ap_failure read_fail;
	json_t *remote;
	char *r_policy;
	size_t r_policy_len;

	/* plan */
	enum ap_action res_act, pol_act;
	struct ap_buf res_diff;        /* rendered field diff lines */
	struct ap_buf pol_diff;        /* change summary */

	/* apply */
	enum ap_outcome res_out, pol_out;
	struct ap_failure res_fail, pol_fail;
	int step;                      /* apply.c */
	int switched_to_put;           /* 409 on POST, GET said 200 */
	struct ap_buf body;            /* the request body being sent */
	struct ap_buf url;
};

struct ap_list {
	struct ap_publish *pub;
	char *owner, *id, *path;
	char *name, *description;
	struct ap_path_list members;        /* normalised party URNs */
	struct ap_conns conns;

	/* remote */
	long r_status;                 /* of the list GET */
	struct ap_failure read_fail;
	char etag[256];
	char *r_name, *r_description;
	struct ap_rmember *rmembers;
	size_t nrmembers, armembers;
	struct ap_conns rconns;
	int reading;                   /* GETs in flight */
	int read_failed;

	/* plan */
	enum ap_action act;            /* of the list as a whole */
	int info_changed;              /* name or description */
	struct ap_path_list add;            /* member URNs to add */
	struct ap_path_list remove;         /* member ids to remove */
	struct ap_conns conn_put;      /* connections to create or change */
	struct ap_path_list conn_del;       /* resources to disconnect */

	/* apply */
	enum ap_outcome out;
	struct ap_failure fail;
	const char *failed_step;       /* "list", "members", "connection x" */
	int step;
	size_t cursor;                 /* within the step's items */
	unsigned replans;
	int resume_conns;              /* re-planned in round two */
	unsigned changed;              /* writes that changed something */
	struct ap_buf body;
	struct ap_buf url;
};

struct ap_publish {
	struct ap_publish_options o;
	char *folder;
	char **paths;                  /* canonical subset filters */
	size_t npaths;
	char *base_url;
	struct ap_res *res;
	size_t nres, ares;
	struct ap_list *lists;
	size_t nlists, alists;
	ap_http *http;                 /* during plan and apply */
	int oom;                       /* an allocation failed in a callback */
	int applied;                   /* ap_publish_apply ran */
	int round_two;                 /* resource connections may go */
	void (*progress)(void *ctx, unsigned done, unsigned total);
	void *progress_ctx;
	unsigned done, total;
};

/* strs.c; string lists are struct ap_path_list (fsutil.h) */
int ap_conns_add(struct ap_conns *c, const char *resource,
		 const struct ap_path_list *actions);
void ap_conns_release(struct ap_conns *c);
const struct ap_conn *ap_conns_find(const struct ap_conns *c,
				    const char *resource);

/* folder.c */
int ap_pub_read_folder(ap_publish *p, struct ap_diag_list *out,
		       struct ap_error *err);
/* Party URN for a member written in a list file ("991825827" or a URN)
 * into *out (caller frees).  AP_OK, AP_EINVALID when it is neither, or
 * AP_ENOMEM. */
int ap_pub_member_urn(char **out, const char *s);

/* remote.c */
int ap_pub_read_all(ap_publish *p, struct ap_error *err);
/* Re-reads one list (after a 412); calls back into apply when done. */
int ap_pub_read_list(ap_publish *p, struct ap_list *l,
		     void (*then)(ap_publish *p, struct ap_list *l));
int ap_pub_url(struct ap_buf *b, const ap_publish *p, const char *fmt, ...);
void ap_pub_fail_from(struct ap_failure *f, const struct ap_http_resp *r);
void ap_pub_fail_set(struct ap_failure *f, long status, const char *code,
		     const char *fmt, ...) AP_PRINTF(4, 5);

/* parse.c: the registry's answers, without I/O.  The resource body as a
 * JSON object (caller decrefs), or NULL when it is not one. */
json_t *ap_pub_parse_object(const char *body, size_t len);
/* An access list's details into l->r_name and l->r_description (replaced).
 * AP_OK, AP_EPARSE when the body is not a JSON object, AP_ENOMEM. */
int ap_pub_parse_list_info(struct ap_list *l, const char *body, size_t len);
/* One page {"links":{"next":...},"data":[...]} of members (members != 0,
 * into l->rmembers) or resource connections (into l->rconns).  *next gets
 * the next page's URL (caller frees) or NULL.  AP_OK, AP_EPARSE when the
 * body is not such a page, AP_EINVALID when next leads away from
 * base_url, AP_ENOMEM.  What was added stays in l on error (released by
 * ap_pub_list_clear_remote). */
int ap_pub_parse_page(struct ap_list *l, int members, const char *body,
		      size_t len, const char *base_url, char **next);

/* plan.c */
/* AP_OK or AP_ENOMEM. */
int ap_pub_plan_res(struct ap_res *r);
int ap_pub_plan_list(struct ap_list *l);
void ap_pub_list_clear_remote(struct ap_list *l);

/* resource_diff.c: lines "    ~ path: old -> new" into out; returns the
 * number of differences (0: equal), -1 on AP_ENOMEM. */
int ap_resource_diff(const json_t *desired, const json_t *remote,
		     struct ap_buf *out);

/* policy_diff.c: the policy change summary: lines added and removed,
 * then who gains or loses which action (the decision engine's access
 * matrix), or "access unchanged".  Returns 1 when the policies differ,
 * 0 when equal, -1 on AP_ENOMEM. */
int ap_policy_change_summary(const char *old, size_t old_len,
			     const char *new_, size_t new_len,
			     struct ap_buf *out);

/* errors.c */
void ap_registry_error(const struct ap_http_resp *r, char *code,
		       size_t code_cap, char *msg, size_t msg_cap);

/* apply.c */
int ap_pub_apply(ap_publish *p, struct ap_error *err);
void ap_pub_list_replanned(ap_publish *p, struct ap_list *l);

#endif
