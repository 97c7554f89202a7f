/*
 * Publishing a folder to the Altinn Resource Registry (docs/publish.md):
 *
 *   resources/<identifier>/resource.json   the ServiceResource
 *   resources/<identifier>/policy.xml      its XACML policy
 *   access-lists/<owner>/<identifier>.json name, description, members,
 *                                          resourceConnections
 *
 * A session reads the folder (linting every policy first), reads the
 * remote state of the same objects (in parallel, ETags kept), computes a
 * plan (create / update / unchanged per object, with a field-level diff),
 * and applies it: resources then their policies, access lists then their
 * member changes in batches of at most 100 chained by ETag, then resource
 * connections.  A 412 re-reads the list and re-plans it.
 */
#ifndef ALTINN_POLICY_PUBLISH_H
#define ALTINN_POLICY_PUBLISH_H

#include "altinn-policy/common.h"
#include "altinn-policy/http.h"
#include "altinn-policy/lint.h"

/* Environments (registry-api.md §1.4). */
struct ap_publish_env {
	const char *name;          /* "at22", ..., "prod" */
	const char *base_url;      /* platform base, no trailing slash */
	const char *maskinporten;  /* Maskinporten issuer (the audience) */
};
/* The environment of that name (case-insensitive), or NULL. */
const struct ap_publish_env *ap_publish_env_find(const char *name);
/* All of them, for help texts; *count is set. */
const struct ap_publish_env *ap_publish_envs(size_t *count);

/*
 * Lints one policy before anything is sent: append findings to out.  path
 * is the policy file, buf its bytes, resource_type the "resourceType" of
 * the resource.json beside it (NULL when there is none).  Returns AP_OK or
 * an error code.
 */
typedef int (*ap_publish_lint_fn)(void *ctx, const char *path,
				  const char *resource_type,
				  const char *buf, size_t len,
				  struct ap_diag_list *out,
				  struct ap_error *err);

struct ap_publish_options {
	const char *folder;            /* the root holding resources/ etc. */
	const char *const *paths;      /* only objects under these (NULL) */
	size_t npaths;
	const char *base_url;          /* registry base, no trailing slash */
	ap_publish_lint_fn lint;       /* NULL: no linting */
	void *lint_ctx;
};

typedef struct ap_publish ap_publish;

/* Creates a session (caller owns, ap_publish_free); options are copied.
 * Errors: AP_ENOMEM. */
AP_NODISCARD int ap_publish_new(ap_publish **out,
				const struct ap_publish_options *o,
				struct ap_error *err);
void ap_publish_free(ap_publish *p);

/*
 * Reads the folder and lints every policy; findings go to out.  Errors:
 * AP_EIO (unreadable), AP_EPARSE (a JSON file that does not parse or lacks
 * what the registry needs: err has file:line:col), AP_EINVALID (a path
 * argument outside the folder's layout), AP_ENOMEM.
 */
AP_NODISCARD int ap_publish_load(ap_publish *p, struct ap_diag_list *out,
				 struct ap_error *err);

/*
 * Reads the remote state of every loaded object through h and computes
 * the plan.  Objects whose state could not be read are marked failed (see
 * the rendering); the call itself fails only on AP_ENOMEM/AP_EINTERNAL.
 */
AP_NODISCARD int ap_publish_plan(ap_publish *p, ap_http *h,
				 struct ap_error *err);

/* Counts of objects (resources, policies, access lists). */
struct ap_publish_counts {
	unsigned create, update, unchanged; /* from the plan */
	unsigned unreadable;                /* remote state unknown */
	unsigned applied, failed, skipped;  /* after apply */
};
void ap_publish_get_counts(const ap_publish *p, struct ap_publish_counts *c);

/* Appends the plan as text (json: 0) or JSON (json: 1) to out.  AP_OK or
 * AP_ENOMEM. */
AP_NODISCARD int ap_publish_render_plan(const ap_publish *p, int json,
					struct ap_buf *out);

/*
 * Applies the plan through h.  progress (may be NULL) is told how many of
 * the planned objects are finished.  Failures of objects are recorded,
 * not returned: the call fails only on AP_ENOMEM/AP_EINTERNAL.
 */
AP_NODISCARD int ap_publish_apply(ap_publish *p, ap_http *h,
				  void (*progress)(void *ctx, unsigned done,
						   unsigned total),
				  void *progress_ctx, struct ap_error *err);

/* Appends what apply did: one line per applied or failed object, with
 * each failure's HTTP status and the registry's error code and message,
 * and a summary line (or JSON).  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_publish_render_result(const ap_publish *p, int json,
					  struct ap_buf *out);

#endif
