/* Turning findings into text.  Formatters write into a buffer; only the
 * caller decides where the bytes go. */
#ifndef ALTINN_POLICY_REPORT_H
#define ALTINN_POLICY_REPORT_H

#include "altinn-policy/common.h"
#include "altinn-policy/lint.h"

enum ap_report_format {
	AP_REPORT_GCC = 0, /* file:line:col: severity: message [ID] */
	AP_REPORT_FORMAT_COUNT
};

AP_NODISCARD int ap_report_format_parse(enum ap_report_format *out,
					const char *name);

/*
 * Appends the findings of l, in list order, to out.  AP_OK or AP_ENOMEM.
 */
AP_NODISCARD int ap_report_write(enum ap_report_format fmt,
				 const struct ap_diag_list *l,
				 struct ap_buf *out);

/* Counts per severity, for summaries. */
struct ap_report_counts {
	size_t errors, warnings, infos;
	size_t files_checked, files_with_findings;
};
void ap_report_count(struct ap_report_counts *c, const struct ap_diag_list *l);

/* "2 errors, 1 warning in 1 of 3 files" (no newline).  AP_OK/AP_ENOMEM. */
AP_NODISCARD int ap_report_summary(const struct ap_report_counts *c,
				   struct ap_buf *out);

#endif
