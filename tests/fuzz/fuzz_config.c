/*
 * Fuzz target: the configuration file (.altinn-policy.json).  Input goes
 * through a real file because that is the only way the library reads a
 * config; a loaded config is then applied to a few paths and used to
 * build a linter, so every accepted setting is exercised.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/config.h"
#include "fuzz.h"

static const char *config_path(void)
{
	static char path[64]; /* per process: the fuzzer runs one input at a time */

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/ap-fuzz-config-%ld.json",
			 (long)getpid());
	return path;
}

static void use(const ap_config *c)
{
	static const char *const files[] = {
		"policy.xml", "resources/a/policy.xml", "apps/x/App/config/authorization/policy.xml",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
		struct ap_error err = AP_ERROR_INIT;
		ap_linter *l = NULL;
		int variant = 0;

		if (ap_config_apply(c, files[i], &variant, &o) == 1)
			continue;
		if (ap_linter_new(&l, &o, &err) == AP_OK)
			ap_linter_free(l);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_config *c = NULL;
	FILE *f = fopen(config_path(), "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fuzz_fail("cannot write the temporary config");
	if (ap_config_load(&c, config_path(), &err) == AP_OK) {
		use(c);
		ap_config_free(c);
	} else if (!err.message[0]) {
		fuzz_fail("config refused without a message");
	}
	return 0;
}
