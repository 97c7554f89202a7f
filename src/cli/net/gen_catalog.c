/* Template directories and the catalog, for generate and templates. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altinn-policy/config.h"
#include "cli/net/gen_catalog.h"

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *ap_cli_builtin_templates(char *buf, size_t size)
{
	static const char *const rel[] = {"/../templates", "/../share/altinn-policy/templates"};
	const char *env = getenv("ALTINN_POLICY_TEMPLATES");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	size_t i;

	if (env && env[0]) {
		snprintf(buf, size, "%s", env);
		return is_dir(buf) ? buf : NULL;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char joined[PATH_MAX + 64];

		snprintf(joined, sizeof(joined), "%s%s", exe, rel[i]);
		if (is_dir(joined) && realpath(joined, buf) != NULL && strlen(buf) < size)
			return buf;
	}
	return NULL;
}

int ap_cli_gen_catalog(struct ap_cli *cli, const struct ap_opt_args *dirs,
		       const char *config, ap_gen_catalog **out)
{
	const char **all = NULL;
	const char *const *from_config = NULL;
	char builtin[PATH_MAX];
	char *found = NULL;
	ap_config *cfg = NULL;
	struct ap_error e = AP_ERROR_INIT;
	size_t n = 0, nconfig = 0, i;
	int ret = AP_EXIT_USAGE;

	*out = NULL;
	if (config == NULL && ap_config_find(&found, "-") != AP_OK)
		goto oom;
	if ((config || found) && ap_config_load(&cfg, config ? config : found, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		goto done;
	}
	if (cfg)
		from_config = ap_config_template_dirs(cfg, &nconfig);
	all = calloc(dirs->count + nconfig + 1, sizeof(*all));
	if (all == NULL)
		goto oom;
	for (i = 0; i < dirs->count; i++)
		all[n++] = dirs->items[i];
	for (i = 0; i < nconfig; i++)
		all[n++] = from_config[i];
	if (ap_cli_builtin_templates(builtin, sizeof(builtin)) != NULL)
		all[n++] = builtin;
	if (ap_gen_catalog_new(out, all, n, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy: %s\n", e.message);
		ret = e.code == AP_ENOMEM ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
		goto done;
	}
	ret = AP_EXIT_OK;
	goto done;
oom:
	fprintf(cli->err, "altinn-policy: out of memory\n");
	ret = AP_EXIT_INTERNAL;
done:
	free(all);
	free(found);
	ap_config_free(cfg);
	return ret;
}
