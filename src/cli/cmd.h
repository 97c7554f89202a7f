/*
 * Commands.  HOW TO ADD ONE: write src/cli/cmd_<name>.c with
 * `int cmd_<name>(struct ap_cli *cli, int argc, char **argv)` that declares
 * its options as a local ap_opt table (see cmd_lint.c), then add a line to
 * the table in cli.c.  argv[0] is the command name.  Return an AP_EXIT_*.
 */
#ifndef AP_CLI_CMD_H
#define AP_CLI_CMD_H

#include <stdio.h>

#include "cli/exitcode.h"
#include "cli/opt.h"

/* Everything a command may touch: no globals. */
struct ap_cli {
	FILE *out;
	FILE *err;
	FILE *in;
};

struct ap_cmd {
	const char *name;
	int (*fn)(struct ap_cli *cli, int argc, char **argv);
	const char *summary;
};

int cmd_diff(struct ap_cli *cli, int argc, char **argv);
int cmd_eval(struct ap_cli *cli, int argc, char **argv);
int cmd_test(struct ap_cli *cli, int argc, char **argv);
int cmd_lint(struct ap_cli *cli, int argc, char **argv);
int cmd_fmt(struct ap_cli *cli, int argc, char **argv);
int cmd_fix(struct ap_cli *cli, int argc, char **argv);
int cmd_version(struct ap_cli *cli, int argc, char **argv);
int cmd_rules(struct ap_cli *cli, int argc, char **argv);
int cmd_help(struct ap_cli *cli, int argc, char **argv);
int cmd_generate(struct ap_cli *cli, int argc, char **argv);
int cmd_templates(struct ap_cli *cli, int argc, char **argv);
int cmd_publish(struct ap_cli *cli, int argc, char **argv);
int cmd_auth(struct ap_cli *cli, int argc, char **argv);

/* Runs argv[0] (auth, generate, publish, templates) from
 * altinn-policy-net.so (netload.c; the commands are in src/cli/net/). */
int cmd_net(struct ap_cli *cli, int argc, char **argv);

/* The command table (cli.c), for help. */
const struct ap_cmd *ap_cli_commands(size_t *count);

/* Runs the command line; returns the exit code.  The CLI's entry point. */
int ap_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
