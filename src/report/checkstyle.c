/*
 * Checkstyle XML (as ShellCheck and hadolint write it), for reviewdog,
 * Jenkins warnings-ng and friends: every linted file is listed, clean or
 * not, with one <error> per finding.
 *
 *	<checkstyle version="4.3">
 *	  <file name="a.xml">
 *	    <error line="3" column="5" severity="error" message="..."
 *	           source="altinn-policy.AX-S003"/>
 *	  </file>
 *	</checkstyle>
 *
 * A finding about the whole file has line="0" and no column; column is
 * also left out when unknown.
 */
#include "internal.h"
#include "report/escape.h"
#include "report/report_int.h"

static int cs_begin(ap_reporter *r, struct ap_buf *out)
{
	(void)r;
	return ap_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				"<checkstyle version=\"4.3\">\n");
}

static int error_elem(const struct ap_diag *d, struct ap_buf *out)
{
	if (ap_buf_addf(out, "    <error line=\"%u\"", (unsigned)d->line) != AP_OK)
		return AP_ENOMEM;
	if (d->line > 0 && d->col > 0 &&
	    ap_buf_addf(out, " column=\"%u\"", (unsigned)d->col) != AP_OK)
		return AP_ENOMEM;
	if (ap_report__xml_attr(out, "severity", ap_severity_name(d->severity)) != AP_OK ||
	    ap_report__xml_attr(out, "message", d->message) != AP_OK ||
	    ap_buf_adds(out, " source=\"altinn-policy.") != AP_OK ||
	    ap_report__xml_escape(out, d->rule_id) != AP_OK ||
	    ap_buf_adds(out, "\"/>\n") != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

static int cs_file(ap_reporter *r, const char *file,
		   const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	(void)r;
	if (ap_buf_adds(out, "  <file") != AP_OK ||
	    ap_report__xml_attr(out, "name", file) != AP_OK ||
	    ap_buf_adds(out, l->count ? ">\n" : "/>\n") != AP_OK)
		return AP_ENOMEM;
	if (l->count == 0)
		return AP_OK;
	for (i = 0; i < l->count; i++)
		if (error_elem(&l->items[i], out) != AP_OK)
			return AP_ENOMEM;
	return ap_buf_adds(out, "  </file>\n");
}

static int cs_end(ap_reporter *r, const struct ap_report_counts *c,
		  struct ap_buf *out)
{
	(void)r;
	(void)c;
	return ap_buf_adds(out, "</checkstyle>\n");
}

const struct ap_report_fmt ap_report_fmt_checkstyle = {
	"checkstyle", AP_REPORT_CHECKSTYLE, cs_begin, cs_file, cs_end,
};
