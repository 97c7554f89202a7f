/* The binary: a trampoline into the command table. */
#include <stdio.h>

#include "cli/cmd.h"

int main(int argc, char **argv)
{
	return ap_cli_main(argc, argv, stdout, stderr);
}
