/*
 * GitHub Actions workflow commands: one annotation line per finding.
 *
 *	::error file=a.xml,line=3,col=5,title=AX-S003::message
 *
 * error, warning, and notice for info; line and col are left out when the
 * finding has none.  Escaping is escape.c's (message vs property values).
 */
#include "internal.h"
#include "report/escape.h"
#include "report/report_int.h"

static const char *command(enum ap_severity s)
{
	switch (s) {
	case AP_SEV_ERROR:
		return "error";
	case AP_SEV_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

static int annotation(const struct ap_diag *d, struct ap_buf *out)
{
	if (ap_buf_addf(out, "::%s file=", command(d->severity)) != AP_OK ||
	    ap_report__gh_property(out, d->file) != AP_OK)
		return AP_ENOMEM;
	if (d->line > 0 && ap_buf_addf(out, ",line=%u", (unsigned)d->line) != AP_OK)
		return AP_ENOMEM;
	if (d->line > 0 && d->col > 0 &&
	    ap_buf_addf(out, ",col=%u", (unsigned)d->col) != AP_OK)
		return AP_ENOMEM;
	if (ap_buf_adds(out, ",title=") != AP_OK ||
	    ap_report__gh_property(out, d->rule_id) != AP_OK ||
	    ap_buf_adds(out, "::") != AP_OK ||
	    ap_report__gh_data(out, d->message) != AP_OK ||
	    ap_buf_addch(out, '\n') != AP_OK)
		return AP_ENOMEM;
	return AP_OK;
}

static int github_file(ap_reporter *r, const char *file,
		       const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	(void)r;
	(void)file;
	for (i = 0; i < l->count; i++)
		if (annotation(&l->items[i], out) != AP_OK)
			return AP_ENOMEM;
	return AP_OK;
}

const struct ap_report_fmt ap_report_fmt_github = {
	"github", AP_REPORT_GITHUB, NULL, github_file, NULL,
};
