/*
 * Fuzz target: the decision engine.  Byte 0 picks the semantics (altinn,
 * altinn-legacy, xacml); the rest is a policy, optionally followed by a
 * NUL byte and a request (JSON or XML).  Without a request, a few
 * shortcut requests are asked (DAGL / a private person, read / write).
 * Oracles beyond the sanitizers: the trace (--explain) never changes the
 * decision; both output formats succeed and the JSON one parses; a
 * policy compared with itself has no changed decision.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "altinn-policy/altinn-policy.h"
#include "fuzz.h"

static void decide(const ap_engine *e, const ap_doc *doc,
		   const struct ap_request *req)
{
	struct ap_result plain = AP_RESULT_INIT, traced = AP_RESULT_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf text = AP_BUF_INIT, json = AP_BUF_INIT;
	json_t *parsed;

	if (ap_engine_decide(e, req, 0, &plain, &err) != AP_OK ||
	    ap_engine_decide(e, req, AP_EVAL_EXPLAIN, &traced, &err) != AP_OK)
		fuzz_die("decide", &err);
	if (plain.decision != traced.decision)
		fuzz_fail("--explain changed the decision");
	if (ap_result_format(&traced, doc, 0, &text) != AP_OK ||
	    ap_result_format(&traced, doc, 1, &json) != AP_OK)
		fuzz_fail("result format");
	parsed = json_loadb(json.ptr, json.len, 0, NULL);
	if (parsed == NULL)
		fuzz_fail("the JSON result does not parse");
	json_decref(parsed);
	ap_buf_release(&text);
	ap_buf_release(&json);
	ap_result_release(&plain);
	ap_result_release(&traced);
}

static void shortcut_requests(const ap_engine *e, const ap_doc *doc)
{
	static const char *const subjects[] = {"urn:altinn:rolecode=DAGL", "urn:altinn:rolecode=PRIV"};
	static const char *const actions[] = {"read", "write"};
	size_t s, a;

	for (s = 0; s < 2; s++)
		for (a = 0; a < 2; a++) {
			struct ap_error err = AP_ERROR_INIT;
			ap_req *r = NULL;

			if (ap_req_new(&r, &err) != AP_OK ||
			    ap_req_add_shortcut(r, AP_CAT_SUBJECT, subjects[s], &err) != AP_OK ||
			    ap_req_add_shortcut(r, AP_CAT_ACTION, actions[a], &err) != AP_OK ||
			    ap_req_add_shortcut(r, AP_CAT_RESOURCE, "urn:altinn:resource=example-correspondence", &err) != AP_OK)
				fuzz_die("shortcut request", &err);
			decide(e, doc, ap_req_view(r));
			ap_req_free(r);
		}
}

static void same_as_itself(const ap_engine *e)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_matrix *m = NULL;

	if (ap_matrix_build(&m, e, e, &err) == AP_OK && ap_matrix_changes(m) != 0)
		fuzz_fail("a policy differs from itself");
	ap_matrix_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ap_error err = AP_ERROR_INIT;
	const uint8_t *nul;
	size_t plen;
	ap_doc *doc = NULL;
	ap_engine *e = NULL;
	ap_req *req = NULL;

	if (size == 0)
		return 0;
	nul = memchr(data + 1, '\0', size - 1);
	plen = nul ? (size_t)(nul - (data + 1)) : size - 1;
	if (ap_doc_parse(&doc, "fuzz.xml", (const char *)data + 1, plen, NULL, &err) != AP_OK)
		fuzz_die("parse", &err);
	if (ap_engine_new(&e, doc, (enum ap_semantics)(data[0] % 3), &err) != AP_OK)
		goto done; /* no usable root: refused */
	if (nul) {
		size_t rlen = size - 1 - plen - 1;

		if (ap_req_parse(&req, "request", (const char *)nul + 1, rlen, &err) != AP_OK)
			goto done;
		decide(e, doc, ap_req_view(req));
	} else {
		shortcut_requests(e, doc);
	}
	same_as_itself(e);
done:
	ap_req_free(req);
	ap_engine_free(e);
	ap_doc_free(doc);
	return 0;
}
