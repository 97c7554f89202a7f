/* What eval, test and diff share: loading a policy into an engine. */
#ifndef AP_CLI_EVALCLI_H
#define AP_CLI_EVALCLI_H

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"

/* Parses --semantics (NULL: altinn) into *out; prints the usage error
 * and returns AP_EXIT_USAGE, else AP_EXIT_OK. */
int ap_cli_semantics(struct ap_cli *cli, const char *cmd, const char *name,
		     enum ap_semantics *out);

/* Parses --format when it must be one of "text" and "json" (NULL: text);
 * *json set.  AP_EXIT_USAGE (message printed) or AP_EXIT_OK. */
int ap_cli_text_or_json(struct ap_cli *cli, const char *cmd, const char *name,
			int *json);

/*
 * Loads the policy at path and prepares an engine for sem.  On
 * AP_EXIT_OK the caller owns *doc and *engine (free the engine first).
 * Otherwise prints why (file:line:col) and returns AP_EXIT_USAGE or
 * AP_EXIT_INTERNAL.
 */
int ap_cli_load_engine(struct ap_cli *cli, const char *cmd, const char *path,
		       enum ap_semantics sem, ap_doc **doc, ap_engine **engine);

/* Prints "altinn-policy <cmd>: file:line:col: message" for err; returns
 * the exit code err->code calls for. */
int ap_cli_error(struct ap_cli *cli, const char *cmd, const struct ap_error *err);

/* Writes buf to the command's output; AP_EXIT_OK. */
int ap_cli_write(struct ap_cli *cli, const struct ap_buf *buf);

#endif
