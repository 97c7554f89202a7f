/* Global options, the command table, "did you mean", closing stdout. */
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"

static const struct ap_cmd commands[] = {
	{"auth", cmd_net, "check the credentials publish would use"},
	{"diff", cmd_diff, "compare who may do what under two policies"},
	{"eval", cmd_eval, "evaluate a request against a policy"},
	{"fix", cmd_fix, "apply the automatic fixes of lint findings"},
	{"fmt", cmd_fmt, "write policies in the canonical form"},
	{"generate", cmd_net, "render a policy or resource.json from a template and parameters"},
	{"help", cmd_help, "show help for a command"},
	{"lint", cmd_lint, "check policies against the rule catalogue"},
	{"publish", cmd_net, "plan and apply a folder to the Resource Registry"},
	{"rules", cmd_rules, "list the rules, or show the page of one"},
	{"templates", cmd_net, "list the generate templates, or describe one"},
	{"test", cmd_test, "run decision tests beside policies"},
	{"version", cmd_version, "print the version and the library versions"},
};

const struct ap_cmd *ap_cli_commands(size_t *count)
{
	*count = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (lb >= 64 || la >= 64)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static void top_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: altinn-policy [--version] [--help] <command> [<args>]\n\n"
		   "Lint, evaluate and publish Altinn XACML 3.0 resource policies.\n\n"
		   "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nexit codes: 0 clean, 1 findings at or above --fail-on, 2 usage,\n"
		   "configuration or I/O error, 4 publish incomplete, 70 internal error.\n"
		   "'altinn-policy help <command>' shows a command's options.\n");
}

int cmd_help(struct ap_cli *cli, int argc, char **argv)
{
	char *sub[2];
	size_t i;

	if (argc < 2) {
		top_usage(cli->out);
		return AP_EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, argv[1]) == 0 && commands[i].fn != cmd_help) {
			sub[0] = argv[1];
			sub[1] = (char *)"--help";
			return commands[i].fn(cli, 2, sub);
		}
	}
	if (argc >= 2 && strcmp(argv[1], "help") == 0) {
		top_usage(cli->out);
		return AP_EXIT_OK;
	}
	fprintf(cli->err, "altinn-policy: no such command '%s'\ntry 'altinn-policy --help'\n", argv[1]);
	return AP_EXIT_USAGE;
}

static int finish(struct ap_cli *cli, int code)
{
	if (fflush(cli->out) != 0 || ferror(cli->out)) {
		fprintf(cli->err, "altinn-policy: cannot write output\n");
		return code == AP_EXIT_OK || code == AP_EXIT_FINDINGS ? AP_EXIT_USAGE : code;
	}
	return code;
}

int ap_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	struct ap_cli cli;
	size_t i, best = 0, best_d = 99;

	cli.out = out;
	cli.err = err;
	cli.in = stdin;
	if (argc < 2) {
		top_usage(err);
		return AP_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return finish(&cli, cmd_version(&cli, argc - 1, argv + 1));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		top_usage(out);
		return finish(&cli, AP_EXIT_OK);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		size_t d;

		if (strcmp(commands[i].name, argv[1]) == 0)
			return finish(&cli, commands[i].fn(&cli, argc - 1, argv + 1));
		d = edit_distance(commands[i].name, argv[1]);
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	fprintf(err, "altinn-policy: '%s' is not a command", argv[1]);
	if (best_d <= 2)
		fprintf(err, "; did you mean '%s'?", commands[best].name);
	fprintf(err, "\ntry 'altinn-policy --help'\n");
	return AP_EXIT_USAGE;
}
