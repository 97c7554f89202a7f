/* Exit codes of altinn-policy (documented in docs/altinn-policy.1.md). */
#ifndef AP_CLI_EXITCODE_H
#define AP_CLI_EXITCODE_H

enum ap_exit {
	AP_EXIT_OK = 0,        /* nothing at or above --fail-on */
	AP_EXIT_FINDINGS = 1,  /* findings at or above --fail-on */
	AP_EXIT_USAGE = 2,     /* usage, configuration or I/O error */
	AP_EXIT_PUBLISH = 4,   /* publish incomplete */
	AP_EXIT_INTERNAL = 70  /* internal error (out of memory, a bug) */
};

#endif
