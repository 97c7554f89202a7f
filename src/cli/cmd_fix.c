/* altinn-policy fix [--dry-run] [--unsafe] <file|dir>...: `lint --fix`
 * under its own name, with the options that matter for fixing. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"

struct fix_args {
	int dry_run;
	int unsafe;
	const char *auth_level;
	const char *profile;
	const char *resource_id;
	const char *config;
	const char *format;
	const char *fail_on;
	int quiet;
	struct ap_opt_args paths;
};

/* Appends "--name value" (value NULL: nothing) to argv. */
static void pass(char **argv, int *argc, const char *name, const char *value)
{
	if (value == NULL)
		return;
	argv[(*argc)++] = (char *)name;
	argv[(*argc)++] = (char *)value;
}

int cmd_fix(struct ap_cli *cli, int argc, char **argv)
{
	struct fix_args a;
	char **largv = NULL;
	int help, n = 0, ret = AP_EXIT_USAGE;
	size_t i;
	const struct ap_opt opts[] = {
		{AP_OPT_FLAG, 'n', "dry-run", &a.dry_run, NULL,
		 "print the fixes as a unified diff; write nothing"},
		{AP_OPT_FLAG, 0, "unsafe", &a.unsafe, NULL,
		 "also apply unsafe fixes (renumbering RuleIds, splitting AllOfs): review them"},
		{AP_OPT_VALUE, 0, "auth-level", &a.auth_level, "<n>",
		 "level of an added authentication obligation (default: AX-C007's option, else 3)"},
		{AP_OPT_VALUE, 'p', "profile", &a.profile, "<name>",
		 "rule profile: correspondence (default), resource, app, delegation"},
		{AP_OPT_VALUE, 0, "resource-id", &a.resource_id, "<id>",
		 "the resource the policy is published for"},
		{AP_OPT_VALUE, 'c', "config", &a.config, "<file>",
		 "configuration file (default: .altinn-policy.json found upwards)"},
		{AP_OPT_VALUE, 'f', "format", &a.format, "<format>",
		 "format of the remaining findings: text (default), gcc, json, sarif, ..."},
		{AP_OPT_VALUE, 0, "fail-on", &a.fail_on, "<severity>",
		 "exit 1 when remaining findings reach: error (default), warning, info"},
		{AP_OPT_FLAG, 'q', "quiet", &a.quiet, NULL,
		 "no summary line on standard error"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "<file|dir>...", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	if (ap_opt_parse(opts, argc, argv, "fix", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "fix",
			    "Apply the automatic fixes of lint findings (docs/altinn-policy-fix.md):\n"
			    "minimal edits of the file, the rest kept byte for byte. Safe fixes\n"
			    "always; unsafe ones with --unsafe. The fixed file is linted again and\n"
			    "the findings that remain are reported; what was fixed goes to standard\n"
			    "error. Same as 'lint --fix'. Exit 0 when nothing at or above --fail-on\n"
			    "remains, 1 when something does, 2 on usage or I/O errors.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (a.paths.count == 0) {
		fprintf(cli->err, "altinn-policy fix: no policy given\ntry 'altinn-policy fix --help'\n");
		goto done;
	}
	largv = calloc(a.paths.count + 24, sizeof(*largv));
	if (largv == NULL) {
		fprintf(cli->err, "altinn-policy: out of memory\n");
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	largv[n++] = (char *)"fix";
	largv[n++] = (char *)"--fix";
	if (a.dry_run)
		largv[n++] = (char *)"--fix-dry-run";
	if (a.unsafe)
		largv[n++] = (char *)"--unsafe-fixes";
	if (a.quiet)
		largv[n++] = (char *)"--quiet";
	pass(largv, &n, "--auth-level", a.auth_level);
	pass(largv, &n, "--profile", a.profile);
	pass(largv, &n, "--resource-id", a.resource_id);
	pass(largv, &n, "--config", a.config);
	pass(largv, &n, "--format", a.format);
	pass(largv, &n, "--fail-on", a.fail_on);
	largv[n++] = (char *)"--";
	for (i = 0; i < a.paths.count; i++)
		largv[n++] = (char *)a.paths.items[i];
	ret = cmd_lint(cli, n, largv);
done:
	free(largv);
	free((void *)a.paths.items);
	return ret;
}
