/* altinn-policy-net.so: the entry point the binary calls (see net.h). */
#include <string.h>

#include "altinn-policy/version.h"
#include "cli/net/net.h"

int ap_net_main(const char *version, int abi, struct ap_cli *cli, int argc,
		char **argv)
{
	static const struct ap_cmd commands[] = {
		{"auth", cmd_auth, NULL},
		{"generate", cmd_generate, NULL},
		{"publish", cmd_publish, NULL},
		{"templates", cmd_templates, NULL},
	};
	size_t i;

	if (version == NULL || strcmp(version, AP_VERSION) != 0 || abi != AP_NET_ABI) {
		fprintf(cli->err, "altinn-policy: %s is from another build (%s, interface %d; "
			"the binary is %s, interface %d): install both from one build\n",
			AP_NET_PLUGIN, AP_VERSION, AP_NET_ABI, version ? version : "?", abi);
		return AP_EXIT_USAGE;
	}
	if (argc < 1)
		return AP_EXIT_INTERNAL;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[0]) == 0)
			return commands[i].fn(cli, argc, argv);
	fprintf(cli->err, "altinn-policy: %s has no command '%s'\n", AP_NET_PLUGIN, argv[0]);
	return AP_EXIT_INTERNAL;
}
