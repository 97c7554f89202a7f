/* "file:line:col: severity: message [ID]", one finding per line. */
#include "internal.h"
#include "report/report_int.h"

int ap_report__gcc(const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];
		int ret;

		if (d->line > 0)
			ret = ap_buf_addf(out, "%s:%u:%u: %s: %s [%s]\n", d->file,
					  (unsigned)d->line, (unsigned)d->col,
					  ap_severity_name(d->severity), d->message,
					  d->rule_id);
		else
			ret = ap_buf_addf(out, "%s: %s: %s [%s]\n", d->file,
					  ap_severity_name(d->severity), d->message,
					  d->rule_id);
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}
