/*
 * Turning findings into text.  A reporter writes into a buffer; only the
 * caller decides where the bytes go.  Output is streamed: begin once, then
 * one call per linted file (in output order, with that file's findings
 * sorted), then end; memory does not grow with the number of files.
 */
#ifndef ALTINN_POLICY_REPORT_H
#define ALTINN_POLICY_REPORT_H

#include "altinn-policy/common.h"
#include "altinn-policy/lint.h"

enum ap_report_format {
	AP_REPORT_TEXT = 0, /* gcc line + source line + caret (default) */
	AP_REPORT_GCC,      /* file:line:col: severity: message [ID] */
	AP_REPORT_JSON,     /* documented in docs/formats.md */
	AP_REPORT_SARIF,    /* SARIF 2.1.0 */
	AP_REPORT_GITHUB,   /* GitHub Actions workflow commands */
	AP_REPORT_JUNIT,    /* JUnit XML: one testcase per file */
	AP_REPORT_CHECKSTYLE,
	AP_REPORT_FORMAT_COUNT
};

/* "text", "gcc", "json", "sarif", "github", "junit", "checkstyle". */
AP_NODISCARD int ap_report_format_parse(enum ap_report_format *out,
					const char *name);
const char *ap_report_format_name(enum ap_report_format f);

struct ap_report_options {
	enum ap_report_format format;
	int color;               /* ANSI colour in the text format */
	const char *tool_version; /* for SARIF and JSON; NULL: ap_version() */
};
#define AP_REPORT_OPTIONS_INIT {AP_REPORT_TEXT, 0, NULL}

/* Counts per severity, for summaries. */
struct ap_report_counts {
	size_t errors, warnings, infos;
	size_t files_checked, files_with_findings;
};
void ap_report_count(struct ap_report_counts *c, const struct ap_diag_list *l);

/* "2 errors, 1 warning in 1 of 3 files" (no newline).  AP_OK/AP_ENOMEM. */
AP_NODISCARD int ap_report_summary(const struct ap_report_counts *c,
				   struct ap_buf *out);

typedef struct ap_reporter ap_reporter;

/* Creates a reporter (caller owns it, ap_reporter_free).  opts copied.
 * Errors: AP_ENOMEM, AP_EINVALID (unknown format). */
AP_NODISCARD int ap_reporter_new(ap_reporter **out,
				 const struct ap_report_options *opts);
void ap_reporter_free(ap_reporter *r);

/* Each appends to out and returns AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_reporter_begin(ap_reporter *r, struct ap_buf *out);
/* file: the name findings are reported against; l: its findings, sorted
 * (may be empty: junit and checkstyle list clean files too). */
AP_NODISCARD int ap_reporter_file(ap_reporter *r, const char *file,
				  const struct ap_diag_list *l,
				  struct ap_buf *out);
AP_NODISCARD int ap_reporter_end(ap_reporter *r,
				 const struct ap_report_counts *c,
				 struct ap_buf *out);

/* Convenience for a single list: begin, one file per run of equal
 * file names, end.  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_report_write(enum ap_report_format fmt,
				 const struct ap_diag_list *l,
				 struct ap_buf *out);

#endif
