/*
 * One file per output format, each exporting a struct ap_report_fmt;
 * report.c lists them.  Callbacks append to out and return AP_OK or
 * AP_ENOMEM; any of them may be NULL (nothing to write).
 */
#ifndef AP_REPORT_INT_H
#define AP_REPORT_INT_H

#include "altinn-policy/report.h"

struct ap_reporter {
	struct ap_report_options opts;
	const struct ap_report_fmt *fmt;
	size_t files;    /* files reported so far */
	size_t findings; /* findings reported so far */
	size_t files_with_findings; /* of those files, how many had any */
	/* Output a format holds back until end because it cannot stream
	 * (junit: the counts are attributes of the opening tag).  Released
	 * by ap_reporter_free. */
	struct ap_buf held;
};

struct ap_report_fmt {
	const char *name;
	enum ap_report_format format;
	int (*begin)(ap_reporter *r, struct ap_buf *out);
	int (*file)(ap_reporter *r, const char *file,
		    const struct ap_diag_list *l, struct ap_buf *out);
	int (*end)(ap_reporter *r, const struct ap_report_counts *c,
		   struct ap_buf *out);
};

extern const struct ap_report_fmt ap_report_fmt_text;
extern const struct ap_report_fmt ap_report_fmt_gcc;
extern const struct ap_report_fmt ap_report_fmt_json;
extern const struct ap_report_fmt ap_report_fmt_sarif;
extern const struct ap_report_fmt ap_report_fmt_github;
extern const struct ap_report_fmt ap_report_fmt_junit;
extern const struct ap_report_fmt ap_report_fmt_checkstyle;

/* The gcc line of one finding, without newline. */
int ap_report__gcc_line(const struct ap_diag *d, struct ap_buf *out);

#endif
