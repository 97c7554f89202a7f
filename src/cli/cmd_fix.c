#include "cli/cmd.h"
int cmd_fix(struct ap_cli *cli, int argc, char **argv)
{
	(void)cli; (void)argc; (void)argv;
	return AP_EXIT_USAGE;
}
