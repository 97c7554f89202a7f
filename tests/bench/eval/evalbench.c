/*
 * evalbench: the decision engine's speed targets (issue 6), in process.
 *
 *   evalbench OLD.xml NEW.xml
 *
 * 1. One request (a DAGL read on the policy's resource) against OLD with
 *    the altinn semantics after parsing: the median of 7 runs of a batch
 *    sized to take about 0.2 s, as requests per second and microseconds.
 * 2. The access matrix of OLD and NEW (what `diff` computes after parsing
 *    both files): the median of 7 runs, in milliseconds.
 * Prints "name value" lines for eval.sh; exits 2 when something breaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "altinn-policy/altinn-policy.h"

#define RUNS 7

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static ap_engine *load(const char *path, ap_doc **doc)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_engine *e = NULL;

	if (ap_doc_load_file(doc, path, NULL, NULL, &err) != AP_OK ||
	    ap_engine_new(&e, *doc, AP_SEMANTICS_ALTINN, &err) != AP_OK) {
		fprintf(stderr, "evalbench: %s: %s\n", path, err.message);
		exit(2);
	}
	return e;
}

/* Seconds for n decisions. */
static double batch(const ap_engine *e, const struct ap_request *req, long n, int *permits)
{
	struct ap_error err = AP_ERROR_INIT;
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		struct ap_result res;

		if (ap_engine_decide(e, req, 0, &res, &err) != AP_OK)
			exit(2);
		*permits += res.decision == AP_DECISION_PERMIT;
		ap_result_release(&res);
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *da = NULL, *db = NULL;
	ap_engine *a, *b;
	ap_req *req = NULL;
	double t[RUNS];
	long n = 1000;
	int permits = 0, i;

	if (argc != 3) {
		fprintf(stderr, "usage: evalbench OLD.xml NEW.xml\n");
		return 2;
	}
	a = load(argv[1], &da);
	b = load(argv[2], &db);
	if (ap_req_new(&req, &err) != AP_OK ||
	    ap_req_add_shortcut(req, AP_CAT_SUBJECT, "urn:altinn:rolecode=DAGL", &err) != AP_OK ||
	    ap_req_add_shortcut(req, AP_CAT_ACTION, "read", &err) != AP_OK ||
	    ap_req_add_shortcut(req, AP_CAT_RESOURCE, "urn:altinn:resource=bench-resource", &err) != AP_OK)
		return 2;
	/* size the batch to about 0.2 s */
	while (batch(a, ap_req_view(req), n, &permits) < 0.05 && n < 100000000L)
		n *= 4;
	for (i = 0; i < RUNS; i++)
		t[i] = batch(a, ap_req_view(req), n, &permits);
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	if (permits == 0) {
		fprintf(stderr, "evalbench: the request was never permitted (wrong policy?)\n");
		return 2;
	}
	printf("requests_per_s %.0f\n", n / t[RUNS / 2]);
	printf("us_per_request %.3f\n", t[RUNS / 2] / n * 1e6);
	printf("rules %zu\n", ap_engine_rule_count(a));
	for (i = 0; i < RUNS; i++) {
		ap_matrix *m = NULL;
		double t0 = now();

		if (ap_matrix_build(&m, a, b, &err) != AP_OK)
			return 2;
		t[i] = now() - t0;
		ap_matrix_free(m);
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	printf("matrix_ms %.3f\n", t[RUNS / 2] * 1000);
	ap_req_free(req);
	ap_engine_free(a);
	ap_engine_free(b);
	ap_doc_free(da);
	ap_doc_free(db);
	return 0;
}
