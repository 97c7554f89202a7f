/*
 * The configuration file, .altinn-policy.json (docs/config.md, JSON Schema
 * in schemas/config.schema.json).  Found by walking up from each linted
 * file, or given with --config.
 */
#ifndef ALTINN_POLICY_CONFIG_H
#define ALTINN_POLICY_CONFIG_H

#include "altinn-policy/common.h"
#include "altinn-policy/lint.h"

#define AP_CONFIG_NAME ".altinn-policy.json"

typedef struct ap_config ap_config;

/*
 * Reads and checks a configuration file.  On AP_OK *out is the config
 * (caller owns it, ap_config_free).  Errors: AP_EIO (unreadable),
 * AP_EPARSE (not JSON, or a key or value that is not allowed: err has
 * file, line and column and says what is wrong), AP_ENOMEM.
 */
AP_NODISCARD int ap_config_load(ap_config **out, const char *path,
				struct ap_error *err);
void ap_config_free(ap_config *c);

/*
 * Looks for .altinn-policy.json in the directory of file and its parents.
 * *out is the path found (caller owns it, free()) or NULL.  Cannot fail
 * except AP_ENOMEM.
 */
AP_NODISCARD int ap_config_find(char **out, const char *file);

/* The generate template directories of "templates", each resolved
 * against the configuration file's directory (borrowed; *n of them). */
const char *const *ap_config_template_dirs(const ap_config *c, size_t *n);

/* The file the config was read from (borrowed). */
const char *ap_config_path(const ap_config *c);

/*
 * The settings that apply to file (a path as given on the command line):
 * *variant identifies them (two files with the same variant share all
 * settings, so one linter can serve both); opts is filled from the config
 * (profile, rule settings, requirements), leaving fields the config does
 * not set as they were.  Returns 1 when file matches an "ignore" glob
 * (then nothing else is filled), 0 otherwise.
 */
int ap_config_apply(const ap_config *c, const char *file, int *variant,
		    struct ap_lint_options *opts);

#endif
