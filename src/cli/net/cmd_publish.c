/* altinn-policy publish plan|apply [<options>] [<path>...] */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/config.h"
#include "altinn-policy/publish.h"
#include "cli/cmd.h"
#include "cli/net/remote.h"

#define MAX_LINTERS 32

struct publish_args {
	struct ap_remote_args remote;
	const char *folder;
	const char *format;
	int detailed_exitcode;
	int quiet;
	struct ap_opt_args paths;
};

/* One linter per distinct set of settings: the configuration's variant
 * and the profile. */
struct lint_slot {
	int variant;
	enum ap_profile profile;
	ap_linter *linter;
};

struct lint_ctx {
	const ap_config *config;
	struct lint_slot slots[MAX_LINTERS];
	size_t nslots;
};

/* The profile a resource's type calls for, unless the configuration
 * names one: correspondence for CorrespondenceService (and when there is
 * no resource.json), app for Altinn apps, resource for the rest. */
static enum ap_profile profile_for(const char *resource_type)
{
	if (resource_type == NULL || strcasecmp(resource_type, "CorrespondenceService") == 0)
		return AP_PROFILE_CORRESPONDENCE;
	if (strcasecmp(resource_type, "AltinnApp") == 0 || strcasecmp(resource_type, "MigratedApp") == 0)
		return AP_PROFILE_APP;
	return AP_PROFILE_RESOURCE;
}

static int linter_for(struct lint_ctx *c, const char *path, const char *resource_type,
		      const ap_linter **out, struct ap_error *err)
{
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	int variant = 0, rc;
	size_t i;

	*out = NULL;
	o.profile = profile_for(resource_type);
	if (c->config != NULL && ap_config_apply(c->config, path, &variant, &o))
		return AP_OK; /* the configuration says: do not lint this one */
	for (i = 0; i < c->nslots; i++)
		if (c->slots[i].variant == variant && c->slots[i].profile == o.profile) {
			*out = c->slots[i].linter;
			return AP_OK;
		}
	if (c->nslots == MAX_LINTERS)
		return ap_error_set(err, AP_EINVALID, "too many different lint settings in the configuration");
	rc = ap_linter_new(&c->slots[c->nslots].linter, &o, err);
	if (rc != AP_OK)
		return rc;
	c->slots[c->nslots].variant = variant;
	c->slots[c->nslots].profile = o.profile;
	*out = c->slots[c->nslots++].linter;
	return AP_OK;
}

static int lint_one(void *ctx, const char *path, const char *resource_type,
		    const char *buf, size_t len, struct ap_diag_list *out,
		    struct ap_error *err)
{
	const ap_linter *l = NULL;
	int rc = linter_for(ctx, path, resource_type, &l, err);

	if (rc != AP_OK || l == NULL)
		return rc;
	return ap_lint_memory(l, path, buf, len, out, err);
}

/* Error-level findings stop everything; they and a count of the rest are
 * printed.  Returns the number of errors. */
static size_t show_findings(struct ap_cli *cli, struct ap_diag_list *d)
{
	size_t i, errors = 0, others = 0;

	ap_diag_list_sort(d);
	for (i = 0; i < d->count; i++) {
		const struct ap_diag *x = &d->items[i];

		if (x->severity != AP_SEV_ERROR) {
			others++;
			continue;
		}
		errors++;
		fprintf(cli->err, "%s:%u:%u: error: %s [%s]\n", x->file, x->line, x->col, x->message, x->rule_id);
	}
	if (errors)
		fprintf(cli->err, "altinn-policy publish: %zu policy error%s: nothing was sent to the registry\n", errors,
			errors == 1 ? "" : "s");
	if (others && !errors)
		fprintf(cli->err, "altinn-policy publish: %zu lint warning%s (see altinn-policy lint)\n", others,
			others == 1 ? "" : "s");
	return errors;
}

static void progress(void *ctx, unsigned done, unsigned total)
{
	struct ap_cli *cli = ctx;

	fprintf(cli->err, "\rapply: %u/%u objects", done, total);
	if (done == total)
		fputc('\n', cli->err);
	fflush(cli->err);
}

static int print_buf(struct ap_cli *cli, struct ap_buf *b)
{
	if (b->len)
		fwrite(b->ptr, 1, b->len, cli->out);
	ap_buf_reset(b);
	return AP_OK;
}

static int run(struct ap_cli *cli, struct publish_args *a, int apply)
{
	const char *cmd = apply ? "publish apply" : "publish plan";
	struct ap_remote remote;
	struct ap_publish_options po = {0};
	struct ap_diag_list findings = AP_DIAG_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	struct ap_publish_counts c;
	struct lint_ctx lint = {0};
	struct ap_buf out = AP_BUF_INIT;
	ap_publish *pub = NULL;
	int json = 0, code, rc;
	long parallel = 8;
	size_t i;

	if (a->format != NULL && strcmp(a->format, "json") == 0)
		json = 1;
	else if (a->format != NULL && strcmp(a->format, "text") != 0) {
		fprintf(cli->err, "altinn-policy %s: --format is text or json\n", cmd);
		return AP_EXIT_USAGE;
	}
	if (a->remote.parallel != NULL) {
		char *end;

		parallel = strtol(a->remote.parallel, &end, 10);
		if (*end != '\0' || parallel < 1 || parallel > 64) {
			fprintf(cli->err, "altinn-policy %s: --parallel takes 1..64\n", cmd);
			return AP_EXIT_USAGE;
		}
	}
	code = ap_remote_open(&remote, &a->remote, a->folder, (unsigned)parallel, cli, cmd);
	if (code != AP_EXIT_OK)
		goto done;
	lint.config = remote.config;
	po.folder = a->folder;
	po.paths = a->paths.items;
	po.npaths = a->paths.count;
	po.base_url = remote.base_url;
	po.lint = lint_one;
	po.lint_ctx = &lint;
	rc = ap_publish_new(&pub, &po, &e);
	if (rc == AP_OK)
		rc = ap_publish_load(pub, &findings, &e);
	if (rc != AP_OK) {
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		code = rc == AP_ENOMEM ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
		goto done;
	}
	/* lint first: an error-level finding stops everything before the
	 * first request */
	if (show_findings(cli, &findings) > 0) {
		code = AP_EXIT_FINDINGS;
		goto done;
	}
	rc = ap_publish_plan(pub, remote.http, &e);
	if (rc != AP_OK) {
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	ap_publish_get_counts(pub, &c);
	if (!apply) {
		if (ap_publish_render_plan(pub, json, &out) != AP_OK) {
			code = AP_EXIT_INTERNAL;
			goto done;
		}
		print_buf(cli, &out);
		code = c.unreadable ? AP_EXIT_FINDINGS
		       : a->detailed_exitcode && c.create + c.update > 0 ? 2 : AP_EXIT_OK;
		goto done;
	}
	rc = ap_publish_apply(pub, remote.http, !a->quiet && isatty(fileno(cli->err)) ? progress : NULL, cli, &e);
	if (rc != AP_OK) {
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	if (ap_publish_render_result(pub, json, &out) != AP_OK) {
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	print_buf(cli, &out);
	ap_publish_get_counts(pub, &c);
	code = c.failed + c.skipped > 0 ? AP_EXIT_PUBLISH : AP_EXIT_OK;
done:
	/* Terraform's convention: with --detailed-exitcode every error is 1 */
	if (a->detailed_exitcode && !apply && code != AP_EXIT_OK && code != 2)
		code = 1;
	ap_buf_release(&out);
	ap_publish_free(pub);
	ap_diag_list_release(&findings);
	for (i = 0; i < lint.nslots; i++)
		ap_linter_free(lint.slots[i].linter);
	ap_remote_close(&remote);
	return code;
}

int cmd_publish(struct ap_cli *cli, int argc, char **argv)
{
	struct publish_args a;
	int help = 0, apply, code;
	const struct ap_opt opts[] = {
		AP_REMOTE_OPTIONS(a.remote),
		{AP_OPT_VALUE, 'C', "folder", &a.folder, "<dir>", "the folder to publish (default: .)"},
		{AP_OPT_VALUE, 'p', "parallel", &a.remote.parallel, "<n>", "requests in flight at once (default 8)"},
		{AP_OPT_VALUE, 'f', "format", &a.format, "<fmt>", "text (default) or json"},
		{AP_OPT_FLAG, 0, "detailed-exitcode", &a.detailed_exitcode, NULL,
		 "plan: 0 nothing to do, 2 changes pending, 1 error"},
		{AP_OPT_FLAG, 'q', "quiet", &a.quiet, NULL, "no progress line"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "[<path>...]", "publish only the objects under these paths"},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};
	static const char summary[] =
		"Make the Resource Registry match a folder: resources/<id>/resource.json and policy.xml,\n"
		"access-lists/<owner>/<id>.json.  'plan' shows what would change; 'apply' changes it.\n"
		"Every policy is linted first; an error stops everything before the first request.\n"
		"Exit codes: 0 done, 1 lint errors or unreadable remote state, 2 usage/config/IO,\n"
		"4 apply incomplete (run it again).  See docs/publish.md.";

	memset(&a, 0, sizeof(a));
	a.folder = ".";
	if (argc < 2 || (strcmp(argv[1], "plan") != 0 && strcmp(argv[1], "apply") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			ap_opt_help(opts, "publish plan|apply", summary, cli->out);
			return AP_EXIT_OK;
		}
		fprintf(cli->err, "usage: altinn-policy publish plan|apply [<options>] [<path>...]\n"
				  "try 'altinn-policy publish --help'\n");
		return AP_EXIT_USAGE;
	}
	apply = strcmp(argv[1], "apply") == 0;
	if (ap_opt_parse(opts, argc - 1, argv + 1, apply ? "publish apply" : "publish plan", &help, cli->err) != 0)
		return AP_EXIT_USAGE;
	if (help) {
		ap_opt_help(opts, apply ? "publish apply" : "publish plan", summary, cli->out);
		free((void *)a.paths.items);
		return AP_EXIT_OK;
	}
	code = run(cli, &a, apply);
	free((void *)a.paths.items);
	return code;
}
