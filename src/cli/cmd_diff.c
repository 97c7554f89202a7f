/* altinn-policy diff [<options>] <old.xml> <new.xml> */
#include <stdlib.h>
#include <string.h>

#include "cli/evalcli.h"

int cmd_diff(struct ap_cli *cli, int argc, char **argv)
{
	const char *semantics = NULL, *format = NULL;
	int exit_code = 0, matrix = 0, help, json, code;
	struct ap_opt_args paths = {NULL, 0};
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 0, "semantics", &semantics, "<name>",
		 "altinn (default: Altinn's current PDP), altinn-legacy, xacml"},
		{AP_OPT_FLAG, 0, "exit-code", &exit_code, NULL,
		 "exit 1 when any decision changed"},
		{AP_OPT_FLAG, 'm', "matrix", &matrix, NULL,
		 "also print who may do what under each policy"},
		{AP_OPT_VALUE, 'f', "format", &format, "<format>", "text (default) or json"},
		{AP_OPT_ARGS, 0, NULL, &paths, "<old.xml> <new.xml>", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf out = AP_BUF_INIT;
	enum ap_semantics sem;
	ap_engine *eng[2] = {NULL, NULL};
	ap_doc *doc[2] = {NULL, NULL};
	ap_matrix *m = NULL;
	size_t i;

	if (ap_opt_parse(opts, argc, argv, "diff", &help, cli->err) != 0) {
		code = AP_EXIT_USAGE;
		goto done;
	}
	if (help) {
		ap_opt_help(opts, "diff",
			    "Evaluate both policies for every subject, action and resource either\n"
			    "mentions and print who gained (+) and who lost (-) which action;\n"
			    "other decision changes are marked ~. Exit 0, or with --exit-code 1\n"
			    "when anything changed; 2 on usage or input errors.",
			    cli->out);
		code = AP_EXIT_OK;
		goto done;
	}
	if (paths.count != 2) {
		fprintf(cli->err, "altinn-policy diff: give two policy files, old and new\n"
				  "try 'altinn-policy diff --help'\n");
		code = AP_EXIT_USAGE;
		goto done;
	}
	if ((code = ap_cli_semantics(cli, "diff", semantics, &sem)) != AP_EXIT_OK ||
	    (code = ap_cli_text_or_json(cli, "diff", format, &json)) != AP_EXIT_OK)
		goto done;
	for (i = 0; i < 2; i++)
		if ((code = ap_cli_load_engine(cli, "diff", paths.items[i], sem, &doc[i], &eng[i])) != AP_EXIT_OK)
			goto done;
	if (ap_matrix_build(&m, eng[0], eng[1], &err) != AP_OK) {
		code = ap_cli_error(cli, "diff", &err);
		goto done;
	}
	if (ap_matrix_format(m, json, matrix, &out) != AP_OK) {
		fprintf(cli->err, "altinn-policy diff: out of memory\n");
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	ap_cli_write(cli, &out);
	code = exit_code && ap_matrix_changes(m) ? AP_EXIT_FINDINGS : AP_EXIT_OK;
done:
	ap_matrix_free(m);
	ap_buf_release(&out);
	for (i = 0; i < 2; i++) {
		ap_engine_free(eng[i]);
		ap_doc_free(doc[i]);
	}
	free((void *)paths.items);
	return code;
}
