/* altinn-policy fmt [--check|--diff|--write] [--ns <style>] <file|dir|->... */
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"
#include "cli/paths.h"

struct fmt_args {
	int check;
	int diff;
	int write;
	const char *ns;
	const char *stdin_filename;
	struct ap_opt_args paths;
};

struct fmt_run {
	struct ap_cli *cli;
	const struct fmt_args *args;
	struct ap_fmt_options opt;
	int changed;  /* files that are not canonical */
	int errors;   /* files that could not be read, parsed or written */
	int internal; /* out of memory */
	struct ap_buf out;  /* reused from file to file */
	struct ap_buf diff;
};

static void fail(struct fmt_run *run, const struct ap_error *e)
{
	ap_cli_print_error(run->cli, e);
	if (e->code == AP_ENOMEM || e->code == AP_EINTERNAL)
		run->internal = 1;
	else
		run->errors++;
}

/* Formats one file (or standard input) and does what the mode says. */
static void format_one(struct fmt_run *run, const char *path)
{
	const struct fmt_args *a = run->args;
	struct ap_error e = AP_ERROR_INIT;
	struct ap_buf *out = &run->out;
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (a->stdin_filename ? a->stdin_filename : "<stdin>") : path;
	const char *data;
	char *buf = NULL;
	size_t len = 0;
	ap_doc *doc = NULL;
	int same;

	ap_buf_reset(out);
	ap_buf_reset(&run->diff);
	/* the document takes the bytes read: no copy */
	if (ap_file_read(&buf, &len, path, run->opt.load.max_bytes, &e) != AP_OK ||
	    ap_doc_parse_take(&doc, name, buf, len, &run->opt.load, &e) != AP_OK ||
	    ap_fmt_doc(doc, &run->opt, out, &e) != AP_OK) {
		fail(run, &e);
		goto done;
	}
	data = ap_doc_source(doc, &len);
	same = out->len == len && memcmp(out->ptr, data, len) == 0;
	if (!same)
		run->changed++;
	if (!a->check && !a->diff && !a->write) {
		fwrite(out->ptr, 1, out->len, run->cli->out);
		goto done;
	}
	if (same)
		goto done;
	if (a->check)
		fprintf(run->cli->out, "%s\n", name);
	if (a->diff) {
		char b_name[600];

		snprintf(b_name, sizeof(b_name), "%s (formatted)", name);
		if (ap_diff_unified(data, len, out->ptr, out->len, name, b_name, &run->diff,
				    &e) != AP_OK) {
			fail(run, &e);
			goto done;
		}
		fwrite(run->diff.ptr, 1, run->diff.len, run->cli->out);
	}
	if (a->write && !is_stdin &&
	    ap_file_write_atomic(path, out->ptr, out->len, &e) != AP_OK)
		fail(run, &e);
	else if (a->write && is_stdin)
		fwrite(out->ptr, 1, out->len, run->cli->out);
done:
	ap_doc_free(doc);
}

static int parse_ns(const char *s, enum ap_fmt_ns_style *out)
{
	if (s == NULL || strcmp(s, "keep") == 0)
		*out = AP_FMT_NS_KEEP;
	else if (strcmp(s, "default") == 0)
		*out = AP_FMT_NS_DEFAULT;
	else if (strcmp(s, "prefix") == 0 || strcmp(s, "xacml") == 0)
		*out = AP_FMT_NS_PREFIX;
	else
		return -1;
	return 0;
}

int cmd_fmt(struct ap_cli *cli, int argc, char **argv)
{
	static const struct ap_fmt_options defaults = AP_FMT_OPTIONS_INIT;
	struct fmt_args a;
	struct fmt_run run;
	struct ap_path_list files = AP_PATH_LIST_INIT;
	size_t i;
	int help, ret = AP_EXIT_USAGE;
	const struct ap_opt opts[] = {
		{AP_OPT_FLAG, 0, "check", &a.check, NULL,
		 "write nothing; list the files that are not canonical and exit 1 if any"},
		{AP_OPT_FLAG, 0, "diff", &a.diff, NULL,
		 "print a unified diff of what formatting would change (exit 1 if any)"},
		{AP_OPT_FLAG, 'w', "write", &a.write, NULL,
		 "rewrite files that are not canonical, atomically, keeping their mode"},
		{AP_OPT_VALUE, 0, "ns", &a.ns, "<style>",
		 "XACML namespace: keep (default: what the file uses), default (xmlns=), prefix (xacml:)"},
		{AP_OPT_VALUE, 0, "stdin-filename", &a.stdin_filename, "<name>",
		 "the name to report for '-' (standard input)"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "<file|dir|->...", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	memset(&run, 0, sizeof(run));
	run.cli = cli;
	run.args = &a;
	run.opt = defaults;
	if (ap_opt_parse(opts, argc, argv, "fmt", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "fmt",
			    "Write policies in the one canonical form (docs/altinn-policy-fmt.md):\n"
			    "comments, Descriptions and every value kept, layout and attribute\n"
			    "order fixed. Without a mode the result goes to standard output.\n"
			    "Directories are searched for *.xml files; '-' reads standard input\n"
			    "and writes standard output. Exit 0 when everything is canonical (or\n"
			    "was written), 1 when --check or --diff found files to change, 2 on\n"
			    "usage, parse or I/O errors.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (a.paths.count == 0 || parse_ns(a.ns, &run.opt.ns_style) != 0) {
		fprintf(cli->err, a.paths.count == 0
					  ? "altinn-policy fmt: no policy given\n"
					  : "altinn-policy fmt: --ns takes keep, default or prefix\n");
		fprintf(cli->err, "try 'altinn-policy fmt --help'\n");
		goto done;
	}
	if (ap_cli_collect_paths(cli, &a.paths, &files, &run.errors) != 0) {
		run.internal = 1;
		goto out;
	}
	for (i = 0; i < files.count && !run.internal; i++)
		format_one(&run, files.items[i]);
out:
	if (run.internal)
		ret = AP_EXIT_INTERNAL;
	else if (run.errors)
		ret = AP_EXIT_USAGE;
	else if ((a.check || a.diff) && run.changed)
		ret = AP_EXIT_FINDINGS;
	else
		ret = AP_EXIT_OK;
done:
	ap_buf_release(&run.out);
	ap_buf_release(&run.diff);
	free((void *)a.paths.items);
	ap_path_list_release(&files);
	return ret;
}
