/* Loads altinn-policy-net.so and runs one of its commands (see net/net.h). */
#include <dlfcn.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "altinn-policy/version.h"
#include "cli/net/net.h"

/* dir_of_exe + "/" + rel into out; 0 when it does not fit or the binary's
 * own path is unknown. */
static int beside_binary(const char *rel, char *out, size_t cap)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	int len;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	len = snprintf(out, cap, "%s/%s", exe, rel);
	return len > 0 && (size_t)len < cap;
}

int cmd_net(struct ap_cli *cli, int argc, char **argv)
{
	static const char *const places[] = {AP_NET_PLUGIN, AP_NET_PLUGIN_INSTALLED};
	char path[PATH_MAX + sizeof(AP_NET_PLUGIN_INSTALLED)];
	ap_net_main_fn *entry;
	void *handle = NULL, *sym;
	size_t i;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		if (!beside_binary(places[i], path, sizeof(path)) || access(path, F_OK) != 0)
			continue;
		/* never closed: the command's memory may point into it until
		 * exit, and sanitizers symbolize through it */
		handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (handle == NULL) {
			fprintf(cli->err, "altinn-policy: %s: cannot load: %s\n", path, dlerror());
			return AP_EXIT_USAGE;
		}
		break;
	}
	if (handle == NULL) {
		fprintf(cli->err, "altinn-policy: '%s' needs %s, which is neither beside "
			"the binary nor in ../lib/altinn-policy/ (run 'make install' again)\n",
			argv[0], AP_NET_PLUGIN);
		return AP_EXIT_USAGE;
	}
	sym = dlsym(handle, "ap_net_main");
	if (sym == NULL) {
		fprintf(cli->err, "altinn-policy: %s: no entry point ap_net_main\n", path);
		return AP_EXIT_USAGE;
	}
	memcpy(&entry, &sym, sizeof(entry)); /* POSIX: dlsym returns code too */
	return entry(AP_VERSION, AP_NET_ABI, cli, argc, argv);
}
