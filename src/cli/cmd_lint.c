/* altinn-policy lint [<options>] <file|dir|->... */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/config.h"
#include "altinn-policy/pool.h"
#include "cli/cmd.h"
#include "cli/paths.h"

struct lint_args {
	const char *profile;
	const char *resource_id;
	const char *stdin_filename;
	const char *fail_on;
	const char *format;
	const char *output;
	const char *color;
	const char *config;
	const char *jobs;
	int schema;
	int quiet;
	int no_inline_config;
	int require_reason;
	int fix;
	int fix_dry_run;
	int unsafe_fixes;
	const char *auth_level;
	struct ap_opt_args paths;
};

/* One linter per distinct set of settings (config file x override). */
struct linter_slot {
	const ap_config *config;
	int variant;
	ap_linter *linter;
};

/* Configuration files found, by the directory they were looked up for. */
struct config_slot {
	char *dir;
	const ap_config *config; /* NULL: none applies */
	ap_config *owned;        /* set in the slot that loaded it */
};

/* What to lint: one per file, small (the list can be long). */
struct job {
	const char *path;
	const ap_linter *linter;
};

/* What linting gave: one per slot of the pool's window, reused. */
struct result {
	struct ap_diag_list diags;
	struct ap_error err;
	int ok;
	struct ap_buf fix_notes; /* --fix: what was fixed (standard error) */
	struct ap_buf fix_diff;  /* --fix-dry-run: the diff (standard output) */
};

struct lint_run {
	struct ap_cli *cli;
	const struct lint_args *args;
	ap_reporter *reporter;
	struct ap_report_counts counts;
	struct ap_buf out;
	FILE *stream;            /* NULL: collect in out, write atomically */
	struct job *jobs;
	struct result *results; /* window slots: job i uses i % window */
	size_t window;
	struct linter_slot *linters;
	size_t nlinters;
	struct config_slot *configs;
	size_t nconfigs;
	ap_config *forced_config; /* --config */
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

static void flush_out(struct lint_run *run)
{
	if (run->stream != NULL && run->out.len) {
		fwrite(run->out.ptr, 1, run->out.len, run->stream);
		ap_buf_reset(&run->out);
	}
}

/* --fix: notes on what was (or would be) fixed. */
static int note_fixes(struct result *r, const struct ap_fix_result *res, int dry_run)
{
	size_t i;
	int ret = AP_OK;

	for (i = 0; ret == AP_OK && i < res->applied.count; i++) {
		const struct ap_diag *d = &res->applied.items[i];

		ret = ap_buf_addf(&r->fix_notes, "altinn-policy: %s:%u:%u: %s [%s]: %s\n",
				  d->file, (unsigned)d->line, (unsigned)d->col,
				  dry_run ? "would fix" : "fixed", d->rule_id, d->message);
	}
	return ret;
}

/* --fix: fixes the file, writes it back (or diffs it with --fix-dry-run),
 * and leaves the findings that remain in r->diags. */
static int fix_file(struct lint_run *run, const struct job *j, struct result *r,
		    const char *name)
{
	const struct lint_args *a = run->args;
	struct ap_fix_options fo = AP_FIX_OPTIONS_INIT;
	struct ap_fix_result res = AP_FIX_RESULT_INIT;
	const char *shown = name ? name : j->path;
	char *data = NULL;
	size_t len = 0;
	int ret;

	fo.unsafe = a->unsafe_fixes;
	fo.auth_level = a->auth_level ? (int)strtol(a->auth_level, NULL, 10) : 0;
	ret = ap_file_read(&data, &len, j->path, ap_linter_load_options(j->linter)->max_bytes,
			   &r->err);
	if (ret == AP_ETOOBIG) /* lint reports it as a finding */
		return ap_lint_file(j->linter, j->path, name, &r->diags, &r->err);
	if (ret == AP_OK)
		ret = ap_fix_memory(j->linter, shown, data, len, &fo, &res, &r->err);
	if (ret == AP_OK)
		ret = note_fixes(r, &res, a->fix_dry_run);
	if (ret == AP_OK && res.collisions)
		ret = ap_buf_addf(&r->fix_notes, "altinn-policy: %s: %zu fix(es) refused: their edits overlap others\n",
				  shown, res.collisions);
	if (ret != AP_OK)
		goto done;
	if (a->fix_dry_run) {
		char fixed_name[600];

		snprintf(fixed_name, sizeof(fixed_name), "%s (fixed)", shown);
		if (res.changed)
			ret = ap_diff_unified(data, len, res.fixed.ptr, res.fixed.len, shown,
					      fixed_name, &r->fix_diff, &r->err);
		if (ret == AP_OK)
			ret = ap_diag_list_move(&r->diags, &res.remaining);
		goto done;
	}
	if (res.changed)
		ret = ap_file_write_atomic(j->path, res.fixed.ptr, res.fixed.len, &r->err);
	/* the file as it is now, linted the way lint always does */
	if (ret == AP_OK)
		ret = ap_lint_file(j->linter, j->path, name, &r->diags, &r->err);
done:
	if (ret == AP_ENOMEM && r->err.code == 0)
		ap_error_set(&r->err, ret, "out of memory");
	free(data);
	ap_fix_result_release(&res);
	return ret;
}

/* Runs on a worker thread. */
static void work(void *ctx, size_t i)
{
	struct lint_run *run = ctx;
	const struct job *j = &run->jobs[i];
	struct result *r = &run->results[i % run->window];
	const char *name = strcmp(j->path, "-") == 0 ? run->args->stdin_filename : NULL;

	ap_error_clear(&r->err);
	if (run->args->fix)
		r->ok = fix_file(run, j, r, name) == AP_OK;
	else
		r->ok = ap_lint_file(j->linter, j->path, name, &r->diags, &r->err) == AP_OK;
}

/* Runs on the main thread, in file order. */
static void done(void *ctx, size_t i)
{
	struct lint_run *run = ctx;
	const struct job *j = &run->jobs[i];
	struct result *r = &run->results[i % run->window];
	const char *name;

	if (r->fix_notes.len)
		fwrite(r->fix_notes.ptr, 1, r->fix_notes.len, run->cli->err);
	if (r->fix_diff.len)
		fwrite(r->fix_diff.ptr, 1, r->fix_diff.len, run->cli->out);
	ap_buf_reset(&r->fix_notes);
	ap_buf_reset(&r->fix_diff);
	if (!r->ok) {
		report_error(run, &r->err);
		goto out;
	}
	run->counts.files_checked++;
	ap_report_count(&run->counts, &r->diags);
	if (ap_diag_list_worst(&r->diags) > run->worst)
		run->worst = ap_diag_list_worst(&r->diags);
	name = strcmp(j->path, "-") == 0
		       ? (run->args->stdin_filename ? run->args->stdin_filename : "<stdin>")
		       : j->path;
	if (ap_reporter_file(run->reporter, name, &r->diags, &run->out) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: out of memory\n");
		run->internal_error = 1;
	}
	flush_out(run);
out:
	ap_diag_list_reset(&r->diags);
}

/* Expands directories to their *.xml files; "-" stays as is. */
static int collect(struct lint_run *run, const struct ap_opt_args *args,
		   struct ap_path_list *files)
{
	int io_errors = 0;

	if (ap_cli_collect_paths(run->cli, args, files, &io_errors) != 0)
		return -1;
	if (io_errors)
		run->io_error = 1;
	return 0;
}

/* The configuration that applies to path (cached per directory). */
static int config_for(struct lint_run *run, const char *path, const ap_config **out)
{
	struct ap_error e = AP_ERROR_INIT;
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0, i;
	struct config_slot *s;
	char *found = NULL;

	if (run->forced_config) {
		*out = run->forced_config;
		return 0;
	}
	for (i = 0; i < run->nconfigs; i++)
		if (strlen(run->configs[i].dir) == dlen &&
		    strncmp(run->configs[i].dir, path, dlen) == 0) {
			*out = run->configs[i].config;
			return 0;
		}
	s = realloc(run->configs, (run->nconfigs + 1) * sizeof(*s));
	if (s == NULL)
		return -1;
	run->configs = s;
	s = &run->configs[run->nconfigs];
	s->config = NULL;
	s->owned = NULL;
	s->dir = strndup(path, dlen);
	if (s->dir == NULL || ap_config_find(&found, path) != AP_OK)
		return -1;
	run->nconfigs++;
	if (found != NULL) {
		/* the same file may be found from several directories */
		for (i = 0; i + 1 < run->nconfigs; i++)
			if (run->configs[i].config &&
			    strcmp(ap_config_path(run->configs[i].config), found) == 0)
				break;
		if (i + 1 < run->nconfigs) {
			/* shared: only the slot that loaded it owns it */
			s->config = run->configs[i].config;
		} else if (ap_config_load(&s->owned, found, &e) != AP_OK) {
			fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
			free(found);
			return -2;
		} else {
			s->config = s->owned;
		}
		free(found);
	}
	*out = s->config;
	return 0;
}

/* The linter for path; *ignored when the configuration ignores it. */
static int linter_for(struct lint_run *run, const char *path,
		      const ap_linter **out, int *ignored)
{
	const struct lint_args *a = run->args;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_error e = AP_ERROR_INIT;
	const ap_config *c = NULL;
	struct linter_slot *s;
	int variant = -1, ret;
	size_t i;

	*ignored = 0;
	ret = config_for(run, path, &c);
	if (ret != 0)
		return ret;
	if (c != NULL && ap_config_apply(c, path, &variant, &o)) {
		*ignored = 1;
		return 0;
	}
	for (i = 0; i < run->nlinters; i++)
		if (run->linters[i].config == c && run->linters[i].variant == variant) {
			*out = run->linters[i].linter;
			return 0;
		}
	/* the command line wins over the configuration */
	if (a->profile && ap_profile_parse(&o.profile, a->profile) != AP_OK)
		return -1;
	o.resource_id = a->resource_id;
	o.validate_schema = a->schema;
	o.no_inline_config = a->no_inline_config;
	o.require_reason = a->require_reason;
	s = realloc(run->linters, (run->nlinters + 1) * sizeof(*s));
	if (s == NULL)
		return -1;
	run->linters = s;
	s = &run->linters[run->nlinters];
	if (ap_linter_new(&s->linter, &o, &e) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
		return -1;
	}
	s->config = c;
	s->variant = variant;
	run->nlinters++;
	*out = s->linter;
	return 0;
}

static int check_args(struct ap_cli *cli, const struct lint_args *a,
		      enum ap_severity *fail_on, struct ap_report_options *ro,
		      size_t *jobs)
{
	const char *no_color = getenv("NO_COLOR");
	enum ap_profile p;

	if (a->paths.count == 0) {
		fprintf(cli->err, "altinn-policy lint: no policy given\n");
		return -1;
	}
	if (a->profile && ap_profile_parse(&p, a->profile) != AP_OK) {
		fprintf(cli->err, "altinn-policy lint: unknown profile '%s' (correspondence, resource, app, delegation)\n", a->profile);
		return -1;
	}
	if ((a->fix_dry_run || a->unsafe_fixes || a->auth_level) && !a->fix) {
		fprintf(cli->err, "altinn-policy lint: --fix-dry-run, --unsafe-fixes and --auth-level go with --fix\n");
		return -1;
	}
	if (a->auth_level && (strlen(a->auth_level) != 1 || a->auth_level[0] < '0' ||
			      a->auth_level[0] > '4')) {
		fprintf(cli->err, "altinn-policy lint: --auth-level takes 0 to 4, not '%s'\n", a->auth_level);
		return -1;
	}
	if (a->fix && !a->fix_dry_run) {
		size_t k;

		for (k = 0; k < a->paths.count; k++)
			if (strcmp(a->paths.items[k], "-") == 0) {
				fprintf(cli->err, "altinn-policy lint: --fix cannot rewrite standard input; use --fix-dry-run\n");
				return -1;
			}
	}
	if (a->fail_on && (ap_severity_parse(fail_on, a->fail_on) != AP_OK ||
			   *fail_on == AP_SEV_OFF)) {
		fprintf(cli->err, "altinn-policy lint: --fail-on takes error, warning or info, not '%s'\n", a->fail_on);
		return -1;
	}
	if (a->format && ap_report_format_parse(&ro->format, a->format) != AP_OK) {
		fprintf(cli->err, "altinn-policy lint: unknown format '%s' (text, gcc, json, sarif, github, junit, checkstyle)\n", a->format);
		return -1;
	}
	if (a->color && strcmp(a->color, "auto") != 0 && strcmp(a->color, "always") != 0 &&
	    strcmp(a->color, "never") != 0) {
		fprintf(cli->err, "altinn-policy lint: --color takes auto, always or never, not '%s'\n", a->color);
		return -1;
	}
	if (a->jobs) {
		char *end;
		long n = strtol(a->jobs, &end, 10);

		if (*end != '\0' || n < 1 || n > 256) {
			fprintf(cli->err, "altinn-policy lint: -j takes a number from 1 to 256, not '%s'\n", a->jobs);
			return -1;
		}
		*jobs = (size_t)n;
	}
	/* colour: only for the text format, on a terminal, without NO_COLOR */
	if (a->color && strcmp(a->color, "always") == 0)
		ro->color = 1;
	else if (a->color && strcmp(a->color, "never") == 0)
		ro->color = 0;
	else
		ro->color = a->output == NULL && isatty(fileno(cli->out)) &&
			    (no_color == NULL || no_color[0] == '\0');
	return 0;
}

static void release(struct lint_run *run)
{
	size_t i;

	for (i = 0; i < run->nlinters; i++)
		ap_linter_free(run->linters[i].linter);
	free(run->linters);
	for (i = 0; i < run->nconfigs; i++) {
		ap_config_free(run->configs[i].owned);
		free(run->configs[i].dir);
	}
	free(run->configs);
	ap_config_free(run->forced_config);
	ap_reporter_free(run->reporter);
	ap_buf_release(&run->out);
	for (i = 0; run->results && i < run->window; i++) {
		ap_diag_list_release(&run->results[i].diags);
		ap_buf_release(&run->results[i].fix_notes);
		ap_buf_release(&run->results[i].fix_diff);
	}
	free(run->results);
	free(run->jobs);
}

int cmd_lint(struct ap_cli *cli, int argc, char **argv)
{
	struct lint_args a;
	struct ap_report_options ro = AP_REPORT_OPTIONS_INIT;
	struct ap_path_list files = AP_PATH_LIST_INIT;
	struct lint_run run;
	struct ap_error e = AP_ERROR_INIT;
	enum ap_severity fail_on = AP_SEV_ERROR;
	size_t i, njobs = 0, threads = ap_pool_cpu_count();
	int help, ret = AP_EXIT_USAGE;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 'p', "profile", &a.profile, "<name>",
		 "rule profile: correspondence (default), resource, app, delegation"},
		{AP_OPT_VALUE, 0, "resource-id", &a.resource_id, "<id>",
		 "the resource the policy is published for (default: resource.json beside it, else inferred)"},
		{AP_OPT_VALUE, 'c', "config", &a.config, "<file>",
		 "configuration file (default: .altinn-policy.json found upwards)"},
		{AP_OPT_VALUE, 0, "fail-on", &a.fail_on, "<severity>",
		 "exit 1 on findings at or above: error (default), warning, info"},
		{AP_OPT_VALUE, 'f', "format", &a.format, "<format>",
		 "text (default), gcc, json, sarif, github, junit, checkstyle"},
		{AP_OPT_VALUE, 'o', "output", &a.output, "<file>",
		 "write the report to a file (atomically) instead of standard output"},
		{AP_OPT_VALUE, 0, "color", &a.color, "<when>",
		 "colour in the text format: auto (default: terminal, no NO_COLOR), always, never"},
		{AP_OPT_VALUE, 'j', "jobs", &a.jobs, "<n>",
		 "lint n files at a time (default: the number of processors)"},
		{AP_OPT_FLAG, 0, "schema", &a.schema, NULL,
		 "also validate against the embedded XACML 3.0 XSD"},
		{AP_OPT_FLAG, 0, "no-inline-config", &a.no_inline_config, NULL,
		 "ignore altinn-policy-disable comments in policies"},
		{AP_OPT_FLAG, 0, "require-reason", &a.require_reason, NULL,
		 "report suppression comments without a reason"},
		{AP_OPT_VALUE, 0, "stdin-filename", &a.stdin_filename, "<name>",
		 "the name to report for '-' (standard input)"},
		{AP_OPT_FLAG, 'q', "quiet", &a.quiet, NULL,
		 "no summary line on standard error"},
		{AP_OPT_FLAG, 0, "fix", &a.fix, NULL,
		 "apply the safe fixes of the findings, rewrite the files, report what remains"},
		{AP_OPT_FLAG, 0, "fix-dry-run", &a.fix_dry_run, NULL,
		 "with --fix: print the fixes as a unified diff instead of writing them"},
		{AP_OPT_FLAG, 0, "unsafe-fixes", &a.unsafe_fixes, NULL,
		 "with --fix: also apply unsafe fixes (behaviour changes to review)"},
		{AP_OPT_VALUE, 0, "auth-level", &a.auth_level, "<n>",
		 "with --fix: the level of an added authentication obligation (default: AX-C007's option, else 3)"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "<file|dir|->...", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	memset(&run, 0, sizeof(run));
	run.cli = cli;
	run.args = &a;
	if (ap_opt_parse(opts, argc, argv, "lint", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "lint",
			    "Check XACML policies against the rules of a profile. Directories\n"
			    "are searched for *.xml files. Findings are reported sorted by file and\n"
			    "position, in the same order whatever -j; a summary goes to standard\n"
			    "error. Exit 0 when nothing reaches --fail-on, 1 when something does,\n"
			    "2 on usage, configuration or I/O errors.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (check_args(cli, &a, &fail_on, &ro, &threads) != 0) {
		fprintf(cli->err, "try 'altinn-policy lint --help'\n");
		goto done;
	}
	if (a.config && ap_config_load(&run.forced_config, a.config, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		goto done;
	}
	if (ap_reporter_new(&run.reporter, &ro) != AP_OK ||
	    collect(&run, &a.paths, &files) != 0)
		goto oom;
	run.window = 4 * threads + 16;
	run.jobs = calloc(files.count ? files.count : 1, sizeof(*run.jobs));
	run.results = calloc(run.window, sizeof(*run.results));
	if (run.jobs == NULL || run.results == NULL)
		goto oom;
	for (i = 0; i < files.count; i++) {
		const ap_linter *l = NULL;
		int ignored, r = linter_for(&run, files.items[i], &l, &ignored);

		if (r == -2)
			goto done; /* a bad configuration file: exit 2 */
		if (r != 0)
			goto oom;
		if (ignored)
			continue;
		run.jobs[njobs].path = files.items[i];
		run.jobs[njobs].linter = l;
		njobs++;
	}
	run.stream = a.output ? NULL : cli->out;
	if (ap_reporter_begin(run.reporter, &run.out) != AP_OK)
		goto oom;
	flush_out(&run);
	if (ap_pool_run(threads, njobs, run.window, work, done, &run, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	if (ap_reporter_end(run.reporter, &run.counts, &run.out) != AP_OK)
		goto oom;
	flush_out(&run);
	if (a.output && ap_file_write_atomic(a.output, run.out.ptr ? run.out.ptr : "",
					     run.out.len, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		run.io_error = 1;
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
	goto done;
oom:
	fprintf(cli->err, "altinn-policy: out of memory\n");
	ret = AP_EXIT_INTERNAL;
done:
	free((void *)a.paths.items);
	ap_path_list_release(&files);
	release(&run);
	return ret;
}
