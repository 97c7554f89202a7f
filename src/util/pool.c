/* Ordered work pool on POSIX threads. */
#include "internal.h"
#include "altinn-policy/pool.h"

#include <pthread.h>
#include <unistd.h>

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t count, window;
	size_t next;        /* next job to hand out */
	size_t consumed;    /* jobs consumed by done */
	unsigned char *ready;
	ap_pool_work_fn work;
	void *ctx;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->lock);
		while (p->next < p->count && p->next >= p->consumed + p->window)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->next >= p->count) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->lock);

		p->work(p->ctx, i);

		pthread_mutex_lock(&p->lock);
		p->ready[i] = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
}

int ap_pool_run(size_t threads, size_t count, size_t window,
		ap_pool_work_fn work, ap_pool_done_fn done, void *ctx,
		struct ap_error *err)
{
	struct pool p;
	pthread_t *tids = NULL;
	size_t i, started = 0;
	int ret = AP_OK;

	if (threads <= 1 || count <= 1) {
		for (i = 0; i < count; i++) {
			work(ctx, i);
			done(ctx, i);
		}
		return AP_OK;
	}
	if (threads > count)
		threads = count;
	memset(&p, 0, sizeof(p));
	p.count = count;
	p.window = window < threads ? threads : window;
	p.work = work;
	p.ctx = ctx;
	p.ready = ap_calloc(count, 1);
	tids = ap_calloc(threads, sizeof(*tids));
	if (p.ready == NULL || tids == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	for (started = 0; started < threads; started++)
		if (pthread_create(&tids[started], NULL, worker, &p) != 0)
			break;
	if (started == 0) {
		ret = ap_error_set(err, AP_EINTERNAL, "cannot start worker threads");
		goto cleanup;
	}
	for (i = 0; i < count; i++) {
		pthread_mutex_lock(&p.lock);
		while (!p.ready[i])
			pthread_cond_wait(&p.changed, &p.lock);
		pthread_mutex_unlock(&p.lock);
		done(ctx, i);
		pthread_mutex_lock(&p.lock);
		p.consumed = i + 1;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
	}
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
cleanup:
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
done:
	ap_free(tids);
	ap_free(p.ready);
	return ret;
}

size_t ap_pool_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}
