/* Helpers of eval, test and diff. */
#include <stdio.h>
#include <string.h>

#include "cli/evalcli.h"

int ap_cli_error(struct ap_cli *cli, const char *cmd, const struct ap_error *err)
{
	fprintf(cli->err, "altinn-policy %s: ", cmd);
	if (err->file[0] && err->line && err->col)
		fprintf(cli->err, "%s:%u:%u: ", err->file, err->line, err->col);
	else if (err->file[0] && err->line)
		fprintf(cli->err, "%s:%u: ", err->file, err->line);
	else if (err->file[0])
		fprintf(cli->err, "%s: ", err->file);
	fprintf(cli->err, "%s\n", err->message);
	return err->code == AP_ENOMEM || err->code == AP_EINTERNAL ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
}

int ap_cli_semantics(struct ap_cli *cli, const char *cmd, const char *name,
		     enum ap_semantics *out)
{
	*out = AP_SEMANTICS_ALTINN;
	if (name == NULL || ap_semantics_parse(out, name) == AP_OK)
		return AP_EXIT_OK;
	fprintf(cli->err, "altinn-policy %s: unknown semantics '%s' (altinn, altinn-legacy, xacml)\n",
		cmd, name);
	return AP_EXIT_USAGE;
}

int ap_cli_text_or_json(struct ap_cli *cli, const char *cmd, const char *name,
			int *json)
{
	*json = name != NULL && strcmp(name, "json") == 0;
	if (name == NULL || *json || strcmp(name, "text") == 0)
		return AP_EXIT_OK;
	fprintf(cli->err, "altinn-policy %s: unknown format '%s' (text, json)\n", cmd, name);
	return AP_EXIT_USAGE;
}

int ap_cli_load_engine(struct ap_cli *cli, const char *cmd, const char *path,
		       enum ap_semantics sem, ap_doc **doc, ap_engine **engine)
{
	struct ap_error err = AP_ERROR_INIT;

	*engine = NULL;
	if (ap_doc_load_file(doc, path, NULL, NULL, &err) != AP_OK)
		return ap_cli_error(cli, cmd, &err);
	if (ap_engine_new(engine, *doc, sem, &err) != AP_OK) {
		ap_doc_free(*doc);
		*doc = NULL;
		return ap_cli_error(cli, cmd, &err);
	}
	return AP_EXIT_OK;
}

int ap_cli_write(struct ap_cli *cli, const struct ap_buf *buf)
{
	if (buf->len)
		fwrite(buf->ptr, 1, buf->len, cli->out);
	return AP_EXIT_OK;
}
