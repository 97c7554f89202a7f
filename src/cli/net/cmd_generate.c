/* altinn-policy generate <template> --params <file> [--set k=v]... [-o out] */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/generate.h"
#include "altinn-policy/pool.h"
#include "cli/cmd.h"
#include "cli/net/gen_catalog.h"

/* Threads that write the temporary files of a batch: fsync-bound, so more
 * threads than processors let the file system commit them together. */
#define WRITE_THREADS 16

struct gen_args {
	const char *params;
	const char *output;
	const char *config;
	const char *jobs;
	const char *pattern;
	const char *params_name;
	struct ap_opt_args sets;
	struct ap_opt_args dirs;
	struct ap_opt_args names;
	int no_lint;
	int emit_xml;
};

/* One parameter object's outcome. */
struct result {
	char *path; /* where it goes ("-": standard output) */
	struct ap_buf out;
	struct ap_diag_list diags;
	struct ap_error err;
	int ok;
};

struct gen_run {
	struct ap_cli *cli;
	const struct gen_args *args;
	const ap_gen_template *t;
	const ap_linter *linter;
	ap_gen_params *params;
	struct result *results;
	struct ap_staged_file *staged; /* a batch's temporary files */
	size_t count;
};

/* What findings in a generated file are reported against. */
static const char *shown_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdout>" : path;
}

static void work(void *ctx, size_t i)
{
	struct gen_run *run = ctx;
	struct result *r = &run->results[i];
	const struct json_t *p = ap_gen_params_at(run->params, i);

	if (run->args->emit_xml) {
		r->ok = ap_gen_params_xml(p, &r->out, &r->err) == AP_OK;
		return;
	}
	r->ok = ap_gen_render(run->t, p, &r->out, &r->err) == AP_OK;
	if (r->ok && run->linter)
		r->ok = ap_gen_check_output(run->t, run->linter, shown_name(r->path),
					    r->out.ptr, r->out.len, &r->diags, &r->err) == AP_OK;
}

static void done_fn(void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
}

static int exit_for(const struct ap_error *e)
{
	return e->code == AP_ENOMEM || e->code == AP_EINTERNAL ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
}

/* Parameter problems, one line each: file:line:col: error: message. */
static void print_param_problems(struct ap_cli *cli, const struct ap_diag_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		if (d->line)
			fprintf(cli->err, "%s:%u:%u: error: %s\n", d->file, (unsigned)d->line,
				(unsigned)d->col, d->message);
		else
			fprintf(cli->err, "%s: error: %s\n", d->file, d->message);
	}
}

/* Loads, overrides and checks the parameters; AP_EXIT_OK when all good. */
static int load_params(struct gen_run *run, const ap_gen_template *t)
{
	const struct gen_args *a = run->args;
	struct ap_diag_list problems = AP_DIAG_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	size_t i;
	int ret = AP_EXIT_USAGE;

	if (ap_gen_params_load(&run->params, a->params, a->params_name, &e) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
		return exit_for(&e);
	}
	for (i = 0; i < a->sets.count; i++)
		if (ap_gen_params_set(run->params, t, a->sets.items[i], &e) != AP_OK) {
			fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
			return exit_for(&e);
		}
	run->count = ap_gen_params_count(run->params);
	for (i = 0; i < run->count; i++)
		if (ap_gen_params_check(run->params, i, t, &problems, &e) != AP_OK) {
			fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
			ret = exit_for(&e);
			goto done;
		}
	if (problems.count) {
		print_param_problems(run->cli, &problems);
		fprintf(run->cli->err, "altinn-policy: %zu problem%s in the parameters; nothing written\n",
			problems.count, problems.count == 1 ? "" : "s");
		goto done;
	}
	ret = AP_EXIT_OK;
done:
	ap_diag_list_release(&problems);
	return ret;
}

static int by_path(const void *a, const void *b)
{
	return strcmp((*(const struct result *const *)a)->path,
		      (*(const struct result *const *)b)->path);
}

/* Output paths: -o FILE or '-' for one object, DIR/pattern for a batch. */
static int plan_paths(struct gen_run *run, int to_dir)
{
	const struct gen_args *a = run->args;
	const char *pattern = a->pattern ? a->pattern : ap_gen_template_pattern(run->t);
	struct result **sorted = NULL;
	struct ap_error e = AP_ERROR_INIT;
	size_t i;
	int ret = AP_EXIT_USAGE;

	for (i = 0; i < run->count; i++) {
		struct ap_buf b = AP_BUF_INIT;

		if (to_dir) {
			size_t n = strlen(a->output);

			while (n > 1 && a->output[n - 1] == '/')
				n--;
			if (ap_buf_addf(&b, "%.*s/", (int)n, a->output) != AP_OK)
				goto oom;
			if (ap_gen_expand_pattern(pattern, ap_gen_params_at(run->params, i), &b, &e) != AP_OK) {
				ap_buf_release(&b);
				fprintf(run->cli->err, "altinn-policy: %s: parameters %zu: %s\n",
					ap_gen_params_name(run->params), i + 1, e.message);
				ret = exit_for(&e);
				goto done;
			}
		} else if (ap_buf_adds(&b, a->output ? a->output : "-") != AP_OK) {
			goto oom;
		}
		run->results[i].path = ap_buf_detach(&b, NULL);
	}
	sorted = calloc(run->count, sizeof(*sorted));
	if (sorted == NULL)
		goto oom;
	for (i = 0; i < run->count; i++)
		sorted[i] = &run->results[i];
	qsort(sorted, run->count, sizeof(*sorted), by_path);
	for (i = 1; i < run->count; i++)
		if (strcmp(sorted[i - 1]->path, sorted[i]->path) == 0) {
			fprintf(run->cli->err, "altinn-policy: two parameter objects give the same "
				"output file '%s' (see --pattern); nothing written\n", sorted[i]->path);
			goto done;
		}
	ret = AP_EXIT_OK;
	goto done;
oom:
	fprintf(run->cli->err, "altinn-policy: out of memory\n");
	ret = AP_EXIT_INTERNAL;
done:
	free(sorted);
	return ret;
}

/* mkdir -p of dir (modified while it runs, restored): the deepest first,
 * so a batch with a folder per file makes one mkdir per file. */
static int make_dirs(char *dir, struct ap_error *e)
{
	char *slash = strrchr(dir, '/');
	int rc = AP_OK;

	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return AP_OK;
	if (errno == ENOENT && slash != NULL && slash != dir) {
		*slash = '\0';
		rc = make_dirs(dir, e);
		*slash = '/';
		if (rc == AP_OK && (mkdir(dir, 0777) == 0 || errno == EEXIST))
			return AP_OK;
	}
	return rc != AP_OK ? rc
	       : ap_error_set(e, AP_EIO, "cannot create directory '%s': %s", dir,
			      strerror(errno));
}

/* Makes the directories above path. */
static int make_parents(const char *path, struct ap_error *e)
{
	char buf[4096];
	char *slash;

	if (strlen(path) >= sizeof(buf))
		return ap_error_set(e, AP_EIO, "path too long: '%s'", path);
	memcpy(buf, path, strlen(path) + 1);
	slash = strrchr(buf, '/');
	if (slash == NULL || slash == buf)
		return AP_OK;
	*slash = '\0';
	return make_dirs(buf, e);
}

/* Failures and findings after rendering; AP_EXIT_OK when all can be
 * written. */
static int report(struct gen_run *run)
{
	struct ap_report_counts counts;
	ap_reporter *rep = NULL;
	struct ap_report_options ro = AP_REPORT_OPTIONS_INIT;
	struct ap_buf b = AP_BUF_INIT;
	enum ap_severity worst = AP_SEV_OFF;
	size_t i;
	int ret = AP_EXIT_OK;

	memset(&counts, 0, sizeof(counts));
	for (i = 0; i < run->count; i++)
		if (!run->results[i].ok) {
			fprintf(run->cli->err, "altinn-policy: %s: %s\n",
				strcmp(run->results[i].path, "-") == 0 ? ap_gen_params_name(run->params)
								      : run->results[i].path,
				run->results[i].err.message);
			if (exit_for(&run->results[i].err) > ret)
				ret = exit_for(&run->results[i].err);
		}
	if (ret != AP_EXIT_OK)
		return ret;
	if (ap_reporter_new(&rep, &ro) != AP_OK || ap_reporter_begin(rep, &b) != AP_OK)
		goto oom;
	for (i = 0; i < run->count; i++) {
		const struct ap_diag_list *l = &run->results[i].diags;

		if (l->count == 0)
			continue;
		ap_report_count(&counts, l);
		if (ap_diag_list_worst(l) > worst)
			worst = ap_diag_list_worst(l);
		if (ap_reporter_file(rep, shown_name(run->results[i].path), l, &b) != AP_OK)
			goto oom;
		fputs(b.ptr ? b.ptr : "", run->cli->err);
		ap_buf_reset(&b);
	}
	if (worst >= AP_SEV_ERROR) {
		fprintf(run->cli->err, "altinn-policy: the generated %s errors; nothing written "
			"(--no-lint writes anyway)\n",
			run->count == 1 ? "policy has lint" : "policies have lint");
		ret = AP_EXIT_FINDINGS;
	}
	goto done;
oom:
	fprintf(run->cli->err, "altinn-policy: out of memory\n");
	ret = AP_EXIT_INTERNAL;
done:
	ap_buf_release(&b);
	ap_reporter_free(rep);
	return ret;
}

/* Writes result i's temporary file (a worker of the first write phase). */
static void stage_one(void *ctx, size_t i)
{
	struct gen_run *run = ctx;
	struct result *r = &run->results[i];

	ap_error_clear(&r->err);
	r->ok = make_parents(r->path, &r->err) == AP_OK &&
		ap_file_stage(&run->staged[i], r->path, r->out.ptr, r->out.len,
			      &r->err) == AP_OK;
}

/* Puts result i's temporary file in place (the last write phase). */
static void commit_one(void *ctx, size_t i)
{
	struct gen_run *run = ctx;
	struct result *r = &run->results[i];

	r->ok = ap_file_commit(&run->staged[i], r->path, &r->err) == AP_OK;
}

/* Runs fn over every result; AP_EXIT_OK, or the errors printed and
 * AP_EXIT_USAGE (AP_EXIT_INTERNAL when the threads cannot run). */
static int write_phase(struct gen_run *run, ap_pool_work_fn fn)
{
	struct ap_error e = AP_ERROR_INIT;
	size_t i;
	int ret = AP_EXIT_OK;

	if (ap_pool_run(run->count < WRITE_THREADS ? run->count : WRITE_THREADS, run->count,
			(size_t)4 * WRITE_THREADS, fn, done_fn, run, &e) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
		return AP_EXIT_INTERNAL;
	}
	for (i = 0; i < run->count; i++)
		if (!run->results[i].ok) {
			fprintf(run->cli->err, "altinn-policy: %s\n", run->results[i].err.message);
			ret = exit_for(&run->results[i].err);
		}
	return ret;
}

/*
 * Every file staged (written and fsynced beside its destination, on up to
 * WRITE_THREADS threads), then every rename: for one file, what
 * ap_file_write_atomic does.  A file that cannot be written means none is put in place.  (One
 * syncfs instead of an fsync per file was tried: on this machine's ext4,
 * under load, it was about half as fast, as creations then queued behind
 * one large journal commit.)
 */
static int write_all(struct gen_run *run)
{
	struct result *r = &run->results[0];
	size_t i;
	int ret;

	if (run->count == 1 && strcmp(r->path, "-") == 0) {
		fwrite(r->out.ptr, 1, r->out.len, run->cli->out);
		return AP_EXIT_OK;
	}
	run->staged = calloc(run->count, sizeof(*run->staged));
	if (run->staged == NULL) {
		fprintf(run->cli->err, "altinn-policy: out of memory\n");
		return AP_EXIT_INTERNAL;
	}
	ret = write_phase(run, stage_one);
	if (ret == AP_EXIT_OK)
		ret = write_phase(run, commit_one);
	for (i = 0; i < run->count; i++)
		ap_file_discard(&run->staged[i]);
	free(run->staged);
	run->staged = NULL;
	return ret;
}

static int check_args(struct ap_cli *cli, const struct gen_args *a, size_t *threads)
{
	if (a->names.count != 1) {
		fprintf(cli->err, "altinn-policy generate: name one template (see 'altinn-policy templates')\n");
		return -1;
	}
	if (a->params == NULL) {
		fprintf(cli->err, "altinn-policy generate: --params <file> is required\n");
		return -1;
	}
	if (a->jobs) {
		char *end;
		long n = strtol(a->jobs, &end, 10);

		if (*end != '\0' || n < 1 || n > 256) {
			fprintf(cli->err, "altinn-policy generate: -j takes a number from 1 to 256, not '%s'\n",
				a->jobs);
			return -1;
		}
		*threads = (size_t)n;
	}
	return 0;
}

/* 1 when -o names a directory (existing, or ending in '/'). */
static int output_is_dir(const char *o)
{
	struct stat st;
	size_t n = o ? strlen(o) : 0;

	if (o == NULL || strcmp(o, "-") == 0)
		return 0;
	return (n > 0 && o[n - 1] == '/') || (stat(o, &st) == 0 && S_ISDIR(st.st_mode));
}

static int new_linter(struct gen_run *run, ap_linter **out)
{
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_error e = AP_ERROR_INIT;

	o.profile = ap_gen_template_profile(run->t);
	o.resource_json = 0; /* the policy is not on disk yet */
	if (ap_linter_new(out, &o, &e) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
		return exit_for(&e);
	}
	return AP_EXIT_OK;
}

static int generate(struct gen_run *run, size_t threads)
{
	const struct gen_args *a = run->args;
	ap_linter *linter = NULL;
	struct ap_error e = AP_ERROR_INIT;
	int to_dir = output_is_dir(a->output), ret;
	size_t i;

	ret = load_params(run, run->t);
	if (ret != AP_EXIT_OK)
		return ret;
	if (run->count > 1 && !to_dir) {
		fprintf(run->cli->err, "altinn-policy generate: %zu parameter objects need -o "
			"<directory> (with --pattern, default '%s')\n", run->count,
			ap_gen_template_pattern(run->t));
		return AP_EXIT_USAGE;
	}
	run->results = calloc(run->count, sizeof(*run->results));
	if (run->results == NULL) {
		fprintf(run->cli->err, "altinn-policy: out of memory\n");
		return AP_EXIT_INTERNAL;
	}
	ret = plan_paths(run, to_dir);
	if (ret != AP_EXIT_OK)
		return ret;
	if (!a->no_lint && !a->emit_xml) {
		ret = new_linter(run, &linter);
		if (ret != AP_EXIT_OK)
			return ret;
		run->linter = linter;
	}
	if (threads > run->count)
		threads = run->count;
	if (ap_pool_run(threads, run->count, 4 * threads + 16, work, done_fn, run, &e) != AP_OK) {
		fprintf(run->cli->err, "altinn-policy: %s\n", e.message);
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	ret = report(run);
	if (ret == AP_EXIT_OK)
		ret = write_all(run);
done:
	ap_linter_free(linter);
	for (i = 0; i < run->count; i++) {
		ap_buf_release(&run->results[i].out);
		ap_diag_list_release(&run->results[i].diags);
	}
	return ret;
}

int cmd_generate(struct ap_cli *cli, int argc, char **argv)
{
	struct gen_args a;
	struct gen_run run;
	ap_gen_catalog *cat = NULL;
	ap_gen_template *t = NULL;
	struct ap_error e = AP_ERROR_INIT;
	size_t threads = ap_pool_cpu_count(), i;
	int help, ret = AP_EXIT_USAGE;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 'p', "params", &a.params, "<file>",
		 "parameters: a JSON object, an array of objects or JSON Lines ('-': standard input)"},
		{AP_OPT_LIST, 's', "set", &a.sets, "<key=value>",
		 "override a parameter (dotted path, e.g. recipients.roles.0=DAGL; repeatable)"},
		{AP_OPT_VALUE, 'o', "output", &a.output, "<file|dir|->",
		 "where to write: a file, '-' (standard output, the default) or a directory (needed for a batch)"},
		{AP_OPT_VALUE, 0, "pattern", &a.pattern, "<pattern>",
		 "file names below the -o directory, e.g. '{identifier}/policy.xml' (default: the template's)"},
		{AP_OPT_LIST, 'T', "template-dir", &a.dirs, "<dir>",
		 "also look for templates in dir (before the built-in ones; repeatable)"},
		{AP_OPT_VALUE, 'c', "config", &a.config, "<file>",
		 "configuration file (default: .altinn-policy.json found upwards)"},
		{AP_OPT_FLAG, 0, "no-lint", &a.no_lint, NULL,
		 "write policies even when lint finds errors in them"},
		{AP_OPT_VALUE, 'j', "jobs", &a.jobs, "<n>",
		 "render n parameter objects at a time (default: the number of processors)"},
		{AP_OPT_FLAG, 0, "emit-params-xml", &a.emit_xml, NULL,
		 "write the XML parameter documents the stylesheet would read, not its output"},
		{AP_OPT_VALUE, 0, "stdin-filename", &a.params_name, "<name>",
		 "the name to report for '--params -'"},
		{AP_OPT_ARGS, 0, NULL, &a.names, "<template>", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	memset(&a, 0, sizeof(a));
	memset(&run, 0, sizeof(run));
	run.cli = cli;
	run.args = &a;
	if (ap_opt_parse(opts, argc, argv, "generate", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "generate",
			    "Render a policy (or resource.json) from a template and a JSON parameter\n"
			    "file. Parameters are checked against the template's description first\n"
			    "(problems: file:line:col, exit 2); each generated policy is linted with\n"
			    "the template's profile (errors: exit 1). Nothing is written unless every\n"
			    "parameter object succeeds; files are written atomically.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (check_args(cli, &a, &threads) != 0) {
		fprintf(cli->err, "try 'altinn-policy generate --help'\n");
		goto done;
	}
	ret = ap_cli_gen_catalog(cli, &a.dirs, a.config, &cat);
	if (ret != AP_EXIT_OK)
		goto done;
	if (ap_gen_template_open(&t, cat, a.names.items[0], &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		ret = exit_for(&e);
		goto done;
	}
	run.t = t;
	ret = generate(&run, threads);
done:
	for (i = 0; run.results && i < run.count; i++)
		free(run.results[i].path);
	free(run.results);
	ap_gen_params_free(run.params);
	ap_gen_template_free(t);
	ap_gen_catalog_free(cat);
	free((void *)a.sets.items);
	free((void *)a.dirs.items);
	free((void *)a.names.items);
	return ret;
}
