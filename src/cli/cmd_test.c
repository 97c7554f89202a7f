#include "cli/evalcli.h"
int cmd_test(struct ap_cli *cli, int argc, char **argv){(void)cli;(void)argc;(void)argv;return 2;}
