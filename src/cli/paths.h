/* Command-line paths -> the files a command works on. */
#ifndef AP_CLI_PATHS_H
#define AP_CLI_PATHS_H

#include "altinn-policy/fsutil.h"
#include "cli/cmd.h"

/*
 * Appends each argument to files, a directory as its *.xml files (walked
 * like lint does), "-" as itself; sorts and drops duplicates.  Paths that
 * cannot be read are reported on cli->err and counted in *io_errors.
 * Returns 0, or -1 when out of memory.
 */
int ap_cli_collect_paths(struct ap_cli *cli, const struct ap_opt_args *args,
			 struct ap_path_list *files, int *io_errors);

/* Prints "altinn-policy: [file:line:col: ]message" for e. */
void ap_cli_print_error(struct ap_cli *cli, const struct ap_error *e);

#endif
