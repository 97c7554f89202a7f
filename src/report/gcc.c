/* "file:line:col: severity: message [ID]", one finding per line. */
#include "internal.h"
#include "report/report_int.h"

int ap_report__gcc_line(const struct ap_diag *d, struct ap_buf *out)
{
	if (d->line > 0)
		return ap_buf_addf(out, "%s:%u:%u: %s: %s [%s]", d->file,
				   (unsigned)d->line, (unsigned)d->col,
				   ap_severity_name(d->severity), d->message,
				   d->rule_id);
	return ap_buf_addf(out, "%s: %s: %s [%s]", d->file,
			   ap_severity_name(d->severity), d->message, d->rule_id);
}

static int gcc_file(ap_reporter *r, const char *file,
		    const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	(void)r;
	(void)file;
	for (i = 0; i < l->count; i++)
		if (ap_report__gcc_line(&l->items[i], out) != AP_OK ||
		    ap_buf_addch(out, '\n') != AP_OK)
			return AP_ENOMEM;
	return AP_OK;
}

const struct ap_report_fmt ap_report_fmt_gcc = {
	"gcc", AP_REPORT_GCC, NULL, gcc_file, NULL,
};
