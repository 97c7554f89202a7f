/* Expanding command-line paths (shared by lint, fmt and fix). */
#include <string.h>

#include "cli/paths.h"

int ap_cli_collect_paths(struct ap_cli *cli, const struct ap_opt_args *args,
			 struct ap_path_list *files, int *io_errors)
{
	size_t i;

	for (i = 0; i < args->count; i++) {
		const char *p = args->items[i];
		struct ap_error e = AP_ERROR_INIT;
		int is_dir = strcmp(p, "-") == 0 ? 0 : ap_path_is_dir(p, &e);

		if (is_dir < 0) {
			ap_cli_print_error(cli, &e);
			(*io_errors)++;
			continue;
		}
		if (is_dir) {
			if (ap_walk_dir(files, p, ".xml", &e) != AP_OK) {
				ap_cli_print_error(cli, &e);
				(*io_errors)++;
			}
			continue;
		}
		if (ap_path_list_add(files, p) != AP_OK)
			return -1;
	}
	ap_path_list_sort_unique(files);
	return 0;
}

void ap_cli_print_error(struct ap_cli *cli, const struct ap_error *e)
{
	if (e->file[0] != '\0' && e->line > 0 && strstr(e->message, e->file) == NULL)
		fprintf(cli->err, "altinn-policy: %s:%u:%u: %s\n", e->file,
			(unsigned)e->line, (unsigned)e->col, e->message);
	else
		fprintf(cli->err, "altinn-policy: %s\n", e->message);
}
