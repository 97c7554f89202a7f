/* altinn-policy templates [<options>] [<name>] */
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/generate.h"
#include "cli/cmd.h"
#include "cli/net/gen_catalog.h"

static int list(struct ap_cli *cli, const ap_gen_catalog *cat)
{
	size_t i;

	for (i = 0; i < ap_gen_catalog_count(cat); i++) {
		const struct ap_gen_template_info *t = ap_gen_catalog_at(cat, i);

		fprintf(cli->out, "%-16s %s\n", t->name, t->title);
	}
	fprintf(cli->out, "\n'altinn-policy templates <name>' describes a template's parameters.\n");
	return AP_EXIT_OK;
}

static int describe(struct ap_cli *cli, const ap_gen_catalog *cat, const char *name)
{
	ap_gen_template *t = NULL;
	struct ap_error e = AP_ERROR_INIT;
	struct ap_buf b = AP_BUF_INIT;
	int ret = AP_EXIT_USAGE;

	if (ap_gen_template_open(&t, cat, name, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		ret = e.code == AP_ENOMEM ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
		goto done;
	}
	if (ap_gen_template_describe(t, &b) != AP_OK) {
		fprintf(cli->err, "altinn-policy: out of memory\n");
		ret = AP_EXIT_INTERNAL;
		goto done;
	}
	fputs(b.ptr, cli->out);
	ret = AP_EXIT_OK;
done:
	ap_buf_release(&b);
	ap_gen_template_free(t);
	return ret;
}

int cmd_templates(struct ap_cli *cli, int argc, char **argv)
{
	struct ap_opt_args names = {NULL, 0}, dirs = {NULL, 0};
	const char *config = NULL;
	ap_gen_catalog *cat = NULL;
	int help, ret = AP_EXIT_USAGE;
	const struct ap_opt opts[] = {
		{AP_OPT_LIST, 'T', "template-dir", &dirs, "<dir>",
		 "also look for templates in dir (before the built-in ones; repeatable)"},
		{AP_OPT_VALUE, 'c', "config", &config, "<file>",
		 "configuration file (default: .altinn-policy.json found upwards)"},
		{AP_OPT_ARGS, 0, NULL, &names, "[<name>]", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	if (ap_opt_parse(opts, argc, argv, "templates", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "templates",
			    "List the templates of 'generate' with their titles, or describe one:\n"
			    "its output, lint profile and every parameter (type, required or default,\n"
			    "allowed values). Team directories come first and hide built-in templates\n"
			    "of the same name.",
			    cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (names.count > 1) {
		fprintf(cli->err, "altinn-policy templates: one template at a time\n"
				  "try 'altinn-policy templates --help'\n");
		goto done;
	}
	ret = ap_cli_gen_catalog(cli, &dirs, config, &cat);
	if (ret != AP_EXIT_OK)
		goto done;
	ret = names.count ? describe(cli, cat, names.items[0]) : list(cli, cat);
done:
	ap_gen_catalog_free(cat);
	free((void *)names.items);
	free((void *)dirs.items);
	return ret;
}
