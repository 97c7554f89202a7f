/*
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure): one testsuite
 * "altinn-policy", one testcase per linted file (clean files pass), one
 * <failure> per finding with the gcc line as its text.
 *
 * The counts are attributes of the opening tags, so this format cannot
 * stream: the testcases are held in the reporter until end.
 */
#include "internal.h"
#include "report/escape.h"
#include "report/report_int.h"

static int failure(const struct ap_diag *d, struct ap_buf *out)
{
	struct ap_buf line = AP_BUF_INIT;
	int ret = AP_ENOMEM;

	if (ap_report__gcc_line(d, &line) != AP_OK)
		goto done;
	if (ap_buf_adds(out, "      <failure") == AP_OK &&
	    ap_report__xml_attr(out, "message", d->message) == AP_OK &&
	    ap_report__xml_attr(out, "type", d->rule_id) == AP_OK &&
	    ap_buf_addch(out, '>') == AP_OK &&
	    ap_report__xml_escape(out, line.ptr) == AP_OK &&
	    ap_buf_adds(out, "</failure>\n") == AP_OK)
		ret = AP_OK;
done:
	ap_buf_release(&line);
	return ret;
}

static int junit_file(ap_reporter *r, const char *file,
		      const struct ap_diag_list *l, struct ap_buf *out)
{
	struct ap_buf *h = &r->held;
	size_t i;

	(void)out;
	if (ap_buf_adds(h, "    <testcase") != AP_OK ||
	    ap_report__xml_attr(h, "name", file) != AP_OK ||
	    ap_report__xml_attr(h, "classname", "altinn-policy") != AP_OK ||
	    ap_buf_adds(h, l->count ? ">\n" : "/>\n") != AP_OK)
		return AP_ENOMEM;
	if (l->count == 0)
		return AP_OK;
	for (i = 0; i < l->count; i++)
		if (failure(&l->items[i], h) != AP_OK)
			return AP_ENOMEM;
	return ap_buf_adds(h, "    </testcase>\n");
}

static int junit_end(ap_reporter *r, const struct ap_report_counts *c,
		     struct ap_buf *out)
{
	/* tests: testcases written; failures: those with a finding */
	size_t tests = r->files, failed = r->files_with_findings;

	(void)c;
	if (ap_buf_addf(out,
			"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuites name=\"altinn-policy\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
			"  <testsuite name=\"altinn-policy\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
			tests, failed, tests, failed) != AP_OK ||
	    (r->held.len && ap_buf_add(out, r->held.ptr, r->held.len) != AP_OK) ||
	    ap_buf_adds(out, "  </testsuite>\n</testsuites>\n") != AP_OK)
		return AP_ENOMEM;
	ap_buf_release(&r->held);
	return AP_OK;
}

const struct ap_report_fmt ap_report_fmt_junit = {
	"junit", AP_REPORT_JUNIT, NULL, junit_file, junit_end,
};
