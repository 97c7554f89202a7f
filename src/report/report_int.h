/* One function per output format; report.c dispatches. */
#ifndef AP_REPORT_INT_H
#define AP_REPORT_INT_H

#include "altinn-policy/report.h"

int ap_report__gcc(const struct ap_diag_list *l, struct ap_buf *out);

#endif
