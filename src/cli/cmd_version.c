/* altinn-policy version */
#include <stdlib.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"

int cmd_version(struct ap_cli *cli, int argc, char **argv)
{
	struct ap_buf libs = AP_BUF_INIT;
	const struct ap_opt opts[] = {{AP_OPT_END, 0, NULL, NULL, NULL, NULL}};
	int help;

	if (ap_opt_parse(opts, argc, argv, "version", &help, cli->err) != 0)
		return AP_EXIT_USAGE;
	if (help) {
		ap_opt_help(opts, "version", "Print the version of altinn-policy and of the libraries it uses.", cli->out);
		return AP_EXIT_OK;
	}
	if (ap_version_libraries(&libs) != AP_OK) {
		fprintf(cli->err, "altinn-policy: out of memory\n");
		return AP_EXIT_INTERNAL;
	}
	fprintf(cli->out, "altinn-policy %s\n%s", ap_version(), libs.ptr);
	ap_buf_release(&libs);
	return AP_EXIT_OK;
}
