/* altinn-policy lint [<options>] <file|dir|->... */
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"

struct lint_args {
	const char *profile;
	const char *resource_id;
	const char *stdin_filename;
	const char *fail_on;
	const char *format;
	int schema;
	int quiet;
	struct ap_opt_args paths;
};

struct lint_run {
	struct ap_cli *cli;
	const ap_linter *linter;
	enum ap_report_format format;
	struct ap_report_counts counts;
	struct ap_diag_list diags;
	struct ap_buf out;
	enum ap_severity worst;
	int io_error;
	int internal_error;
};

static void report_error(struct lint_run *run, const struct ap_error *e)
{
	fprintf(run->cli->err, "altinn-policy: %s\n", e->message);
	if (e->code == AP_ENOMEM || e->code == AP_EINTERNAL)
		run->internal_error = 1;
	else
		run->io_error = 1;
}

/* Lints one file (or stdin) and prints its findings. */
static void lint_one(struct lint_run *run, const char *path, const char *name)
{
	struct ap_error e = AP_ERROR_INIT;

	ap_diag_list_reset(&run->diags);
	ap_buf_reset(&run->out);
	if (ap_lint_file(run->linter, path, name, &run->diags, &e) != AP_OK) {
		report_error(run, &e);
		return;
	}
	run->counts.files_checked++;
	ap_report_count(&run->counts, &run->diags);
	if (ap_diag_list_worst(&run->diags) > run->worst)
		run->worst = ap_diag_list_worst(&run->diags);
	if (ap_report_write(run->format, &run->diags, &run->out) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: out of memory\n");
		run->internal_error = 1;
		return;
	}
	if (run->out.len)
		fwrite(run->out.ptr, 1, run->out.len, run->cli->out);
}

/* Expands directories to their *.xml files; "-" stays as is. */
static int collect(struct lint_run *run, const struct ap_opt_args *args,
		   struct ap_path_list *files)
{
	size_t i;

	for (i = 0; i < args->count; i++) {
		const char *p = args->items[i];
		struct ap_error e = AP_ERROR_INIT;
		int is_dir = strcmp(p, "-") == 0 ? 0 : ap_path_is_dir(p, &e);

		if (is_dir < 0) {
			report_error(run, &e);
			continue;
		}
		if (is_dir) {
			if (ap_walk_dir(files, p, ".xml", &e) != AP_OK)
				report_error(run, &e);
			continue;
		}
		if (ap_path_list_add(files, p) != AP_OK)
			return -1;
	}
	ap_path_list_sort_unique(files);
	return 0;
}

static int parse_settings(struct ap_cli *cli, const struct lint_args *a,
			  struct ap_lint_options *o, enum ap_severity *fail_on,
			  enum ap_report_format *format)
{
	if (a->profile && ap_profile_parse(&o->profile, a->profile) != AP_OK) {
		fprintf(cli->err, "altinn-policy lint: unknown profile '%s' (correspondence, resource, app, delegation)\ntry 'altinn-policy lint --help'\n", a->profile);
		return -1;
	}
	if (a->fail_on && (ap_severity_parse(fail_on, a->fail_on) != AP_OK ||
			   *fail_on == AP_SEV_OFF)) {
		fprintf(cli->err, "altinn-policy lint: --fail-on takes error, warning or info, not '%s'\ntry 'altinn-policy lint --help'\n", a->fail_on);
		return -1;
	}
	if (a->format && ap_report_format_parse(format, a->format) != AP_OK) {
		fprintf(cli->err, "altinn-policy lint: unknown format '%s' (gcc)\ntry 'altinn-policy lint --help'\n", a->format);
		return -1;
	}
	o->resource_id = a->resource_id;
	o->validate_schema = a->schema;
	return 0;
}

int cmd_lint(struct ap_cli *cli, int argc, char **argv)
{
	struct lint_args a;
	struct ap_lint_options lo = AP_LINT_OPTIONS_INIT;
	struct ap_path_list files = AP_PATH_LIST_INIT;
	struct lint_run run;
	struct ap_error e = AP_ERROR_INIT;
	ap_linter *linter = NULL;
	enum ap_severity fail_on = AP_SEV_ERROR;
	int help, ret = AP_EXIT_USAGE;
	size_t i;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 'p', "profile", &a.profile, "<name>",
		 "rule profile: correspondence (default), resource, app, delegation"},
		{AP_OPT_VALUE, 0, "resource-id", &a.resource_id, "<id>",
		 "the resource the policy is published for (default: inferred)"},
		{AP_OPT_VALUE, 0, "fail-on", &a.fail_on, "<severity>",
		 "exit 1 on findings at or above: error (default), warning, info"},
		{AP_OPT_VALUE, 'f', "format", &a.format, "<format>",
		 "output format: gcc (file:line:col: severity: message [ID])"},
		{AP_OPT_FLAG, 0, "schema", &a.schema, NULL,
		 "also validate against the embedded XACML 3.0 XSD"},
		{AP_OPT_VALUE, 0, "stdin-filename", &a.stdin_filename, "<name>",
		 "the name to report for '-' (standard input)"},
		{AP_OPT_FLAG, 'q', "quiet", &a.quiet, NULL,
		 "no summary line on standard error"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "<file|dir|->...", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	memset(&run, 0, sizeof(run));
	run.cli = cli;
	run.format = AP_REPORT_GCC; /* text arrives with the report formats */
	if (ap_opt_parse(opts, argc, argv, "lint", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "lint",
			    "Check XACML policies against the rules of a profile. Directories\n"
			    "are searched for *.xml files. Findings go to standard output as\n"
			    "'file:line:col: severity: message [ID]', sorted by file and position;\n"
			    "a summary goes to standard error. Exit 0 when nothing reaches\n"
			    "--fail-on, 1 when something does, 2 on usage or I/O errors.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (a.paths.count == 0) {
		fprintf(cli->err, "altinn-policy lint: no policy given\ntry 'altinn-policy lint --help'\n");
		goto done;
	}
	if (parse_settings(cli, &a, &lo, &fail_on, &run.format) != 0)
		goto done;
	if (ap_linter_new(&linter, &lo, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	run.linter = linter;
	if (collect(&run, &a.paths, &files) != 0) {
		fprintf(cli->err, "altinn-policy: out of memory\n");
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	for (i = 0; i < files.count; i++) {
		const char *p = files.items[i];

		lint_one(&run, p, strcmp(p, "-") == 0 ? a.stdin_filename : NULL);
	}
	if (!a.quiet) {
		struct ap_buf s = AP_BUF_INIT;

		if (ap_report_summary(&run.counts, &s) == AP_OK)
			fprintf(cli->err, "altinn-policy: %s\n", s.ptr);
		ap_buf_release(&s);
	}
	if (run.internal_error)
		ret = AP_EXIT_INTERNAL;
	else if (run.io_error)
		ret = AP_EXIT_USAGE;
	else
		ret = run.worst >= fail_on ? AP_EXIT_FINDINGS : AP_EXIT_OK;
done:
	free((void *)a.paths.items);
	ap_path_list_release(&files);
	ap_diag_list_release(&run.diags);
	ap_buf_release(&run.out);
	ap_linter_free(linter);
	return ret;
}
