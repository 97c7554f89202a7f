#ifndef ALTINN_POLICY_VERSION_H
#define ALTINN_POLICY_VERSION_H

#include "altinn-policy/common.h"

#define AP_VERSION "0.1.0"
#define AP_VERSION_MAJOR 0
#define AP_VERSION_MINOR 1
#define AP_VERSION_PATCH 0

/* Returns AP_VERSION of the library actually linked.  Cannot fail. */
const char *ap_version(void);

/*
 * Appends one line per library the toolkit is built on ("libxml2 2.9.14")
 * to out.  Returns AP_OK or AP_ENOMEM.
 */
int ap_version_libraries(struct ap_buf *out);

#endif
