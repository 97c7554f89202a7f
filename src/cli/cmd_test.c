/* altinn-policy test [<options>] [<file|dir>...] */
#include <stdlib.h>
#include <string.h>

#include "cli/evalcli.h"

#define SUFFIX ".tests.json"

/* The test files: files as given, directories searched for *.tests.json. */
static int find_files(struct ap_cli *cli, const struct ap_opt_args *paths,
		      struct ap_path_list *files)
{
	static const char *const here[] = {"."};
	const char *const *items = paths->count ? paths->items : here;
	size_t i, n = paths->count ? paths->count : 1;

	for (i = 0; i < n; i++) {
		struct ap_error err = AP_ERROR_INIT;
		int dir = ap_path_is_dir(items[i], &err);

		if (dir < 0)
			return ap_cli_error(cli, "test", &err);
		if (dir ? ap_walk_dir(files, items[i], SUFFIX, &err) != AP_OK
			: ap_path_list_add(files, items[i]) != AP_OK) {
			if (!dir)
				ap_error_set(&err, AP_ENOMEM, "out of memory");
			return ap_cli_error(cli, "test", &err);
		}
	}
	ap_path_list_sort_unique(files);
	return AP_EXIT_OK;
}

int cmd_test(struct ap_cli *cli, int argc, char **argv)
{
	const char *semantics = NULL, *format = NULL;
	struct ap_opt_args paths = {NULL, 0};
	int coverage = 0, help, code, junit = 0, worst = AP_EXIT_OK;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 0, "semantics", &semantics, "<name>",
		 "altinn (default), altinn-legacy, xacml; a test file may name its own"},
		{AP_OPT_VALUE, 'f', "format", &format, "<format>", "text (default) or junit"},
		{AP_OPT_FLAG, 0, "coverage", &coverage, NULL,
		 "list the rules no case made applicable"},
		{AP_OPT_ARGS, 0, NULL, &paths, "[<file|dir>...]", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};
	struct ap_path_list files;
	struct ap_buf out = AP_BUF_INIT;
	size_t i, passed = 0, failed = 0;
	enum ap_semantics sem;

	memset(&files, 0, sizeof(files));
	if (ap_opt_parse(opts, argc, argv, "test", &help, cli->err) != 0) {
		code = AP_EXIT_USAGE;
		goto done;
	}
	if (help) {
		ap_opt_help(opts, "test",
			    "Run the decision tests in *" SUFFIX " files (directories are searched;\n"
			    "default: the current directory). One line per failed case, then\n"
			    "'N passed, M failed'. Exit 0 when all pass, 1 when a case fails, 2 when\n"
			    "a test file or its policy cannot be used.",
			    cli->out);
		code = AP_EXIT_OK;
		goto done;
	}
	if ((code = ap_cli_semantics(cli, "test", semantics, &sem)) != AP_EXIT_OK)
		goto done;
	if (format && strcmp(format, "junit") == 0)
		junit = 1;
	else if (format && strcmp(format, "text") != 0) {
		fprintf(cli->err, "altinn-policy test: unknown format '%s' (text, junit)\n", format);
		code = AP_EXIT_USAGE;
		goto done;
	}
	if ((code = find_files(cli, &paths, &files)) != AP_EXIT_OK)
		goto done;
	if (files.count == 0) {
		fprintf(cli->err, "altinn-policy test: no *" SUFFIX " files found\n");
		code = AP_EXIT_USAGE;
		goto done;
	}
	if (junit && ap_buf_adds(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n") != AP_OK)
		goto oom;
	for (i = 0; i < files.count; i++) {
		struct ap_error err = AP_ERROR_INIT;
		struct ap_suite_counts c;
		ap_suite *s = NULL;
		const char *path = files.items[i];

		/* "./x.tests.json" found below "." is reported as "x.tests.json" */
		if (path[0] == '.' && path[1] == '/')
			path += 2;
		if (ap_suite_run(&s, path, sem, &err) != AP_OK) {
			int e = ap_cli_error(cli, "test", &err);

			if (e > worst)
				worst = e;
			continue;
		}
		ap_suite_counts(s, &c);
		passed += c.passed;
		failed += c.failed;
		if (ap_suite_format(s, junit ? AP_SUITE_JUNIT : AP_SUITE_TEXT, coverage, &out) != AP_OK) {
			ap_suite_free(s);
			goto oom;
		}
		ap_suite_free(s);
	}
	if (junit ? ap_buf_adds(&out, "</testsuites>\n") != AP_OK
		  : ap_buf_addf(&out, "%zu passed, %zu failed\n", passed, failed) != AP_OK)
		goto oom;
	ap_cli_write(cli, &out);
	code = worst != AP_EXIT_OK ? worst : failed ? AP_EXIT_FINDINGS : AP_EXIT_OK;
	goto done;
oom:
	fprintf(cli->err, "altinn-policy test: out of memory\n");
	code = AP_EXIT_INTERNAL;
done:
	ap_buf_release(&out);
	ap_path_list_release(&files);
	free((void *)paths.items);
	return code;
}
