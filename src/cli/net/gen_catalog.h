/*
 * What generate and templates share: the template directories in search
 * order (--template-dir, the configuration's "templates", the built-in
 * directory) and the catalog made of them.
 */
#ifndef AP_CLI_GEN_CATALOG_H
#define AP_CLI_GEN_CATALOG_H

#include "altinn-policy/generate.h"
#include "cli/cmd.h"

/*
 * Opens the catalog: dirs are the --template-dir values, config the
 * --config file or NULL (then .altinn-policy.json is looked up from the
 * working directory).  Prints what goes wrong; returns an AP_EXIT_* code.
 */
int ap_cli_gen_catalog(struct ap_cli *cli, const struct ap_opt_args *dirs,
		       const char *config, ap_gen_catalog **out);

/* The built-in template directory: $ALTINN_POLICY_TEMPLATES, else
 * templates/ beside the binary's directory (the build tree), else
 * ../share/altinn-policy/templates from it (an installation).  Static
 * buffer of the caller: returns buf, or NULL when none exists. */
const char *ap_cli_builtin_templates(char *buf, size_t size);

#endif
