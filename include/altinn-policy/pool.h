/*
 * Running independent jobs on a few threads while consuming their results
 * in order: results are handed to `done` on the calling thread in index
 * order, so output does not depend on the number of threads; at most
 * `window` results wait to be consumed, so memory does not depend on the
 * number of jobs.
 */
#ifndef ALTINN_POLICY_POOL_H
#define ALTINN_POLICY_POOL_H

#include "altinn-policy/common.h"

/* Does job i (on a worker thread; jobs run concurrently). */
typedef void (*ap_pool_work_fn)(void *ctx, size_t i);
/* Consumes job i (on the calling thread, i = 0, 1, 2, ... in order). */
typedef void (*ap_pool_done_fn)(void *ctx, size_t i);

/*
 * Runs count jobs on threads workers (1: all on the calling thread, no
 * thread started).  Errors: AP_ENOMEM or AP_EINTERNAL when threads cannot
 * be started (nothing has run then).
 */
AP_NODISCARD int ap_pool_run(size_t threads, size_t count, size_t window,
			     ap_pool_work_fn work, ap_pool_done_fn done,
			     void *ctx, struct ap_error *err);

/* Number of online processors (at least 1). */
size_t ap_pool_cpu_count(void);

#endif
