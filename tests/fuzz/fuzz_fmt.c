/*
 * Fuzz target: the formatter, with its own oracle.  Whatever fmt accepts
 * must come out as a document that parses without problems, says the same
 * thing (ap_fmt_same_model) and is a fixed point (fmt(fmt(x)) == fmt(x));
 * the unified diff between input and output must succeed too.
 */
#include <stdint.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/fmt.h"
#include "fuzz.h"

static ap_doc *parse(const char *buf, size_t len)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *doc = NULL;

	if (ap_doc_parse(&doc, "fuzz.xml", buf, len, NULL, &err) != AP_OK)
		fuzz_die("parse", &err);
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ap_fmt_options opt = AP_FMT_OPTIONS_INIT;
	struct ap_buf once = AP_BUF_INIT, twice = AP_BUF_INIT, diff = AP_BUF_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *before = NULL, *after = NULL;

	if (size == 0)
		return 0;
	/* the first byte picks the namespace style and the indent */
	opt.ns_style = (enum ap_fmt_ns_style)(data[0] % 3);
	opt.indent = 1u + (data[0] >> 2) % 8u;
	data++;
	size--;
	if (ap_fmt_memory((const char *)data, size, "fuzz.xml", &opt, &once, &err) != AP_OK)
		goto done; /* refused: not well-formed, DOCTYPE, limits */
	before = parse((const char *)data, size);
	after = parse(once.ptr, once.len);
	if (ap_doc_problem_count(after) != 0)
		fuzz_fail("fmt wrote a document that does not parse cleanly");
	if (!ap_fmt_same_model(before, after, &err))
		fuzz_fail(err.message);
	if (ap_fmt_memory(once.ptr, once.len, "fuzz.xml", &opt, &twice, &err) != AP_OK)
		fuzz_die("fmt of fmt's own output", &err);
	if (twice.len != once.len || memcmp(twice.ptr, once.ptr, once.len) != 0)
		fuzz_fail("fmt is not idempotent");
	if (ap_diff_unified((const char *)data, size, once.ptr, once.len, "a", "b",
			    &diff, &err) != AP_OK && err.code != AP_ETOOBIG)
		fuzz_die("diff", &err);
done:
	ap_doc_free(before);
	ap_doc_free(after);
	ap_buf_release(&once);
	ap_buf_release(&twice);
	ap_buf_release(&diff);
	return 0;
}
