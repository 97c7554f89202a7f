/* What every fuzz target shares: failing loudly so libFuzzer keeps the input. */
#ifndef AP_FUZZ_H
#define AP_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#include "altinn-policy/common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static inline void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz oracle: %s\n", what);
	abort();
}

/* An error that valid or invalid input must never cause (AP_ENOMEM aside,
 * which a fuzz run does not inject). */
static inline void fuzz_die(const char *what, const struct ap_error *err)
{
	fprintf(stderr, "fuzz: %s failed: %s\n", what,
		err->message[0] ? err->message : "(no message)");
	abort();
}

#endif
