/*
 * Fuzz target: the policy loader and the whole lint catalogue, in every
 * profile, with and without the XSD.  The oracle is the sanitizers plus
 * the library's own invariants: every finding has a known rule id, a
 * severity and a message, and positions stay inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "fuzz.h"

struct linters {
	ap_linter *by_profile[AP_PROFILE_COUNT];
	ap_linter *schema;
};

static struct linters *linters(void)
{
	static struct linters l; /* built once per process, read-only after */
	static int ready;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	unsigned p;

	if (ready)
		return &l;
	for (p = 0; p < AP_PROFILE_COUNT; p++) {
		o.profile = (enum ap_profile)p;
		o.resource_json = 0;
		if (ap_linter_new(&l.by_profile[p], &o, &err) != AP_OK)
			fuzz_die("linter", &err);
	}
	o.profile = AP_PROFILE_RESOURCE;
	o.validate_schema = 1;
	if (ap_linter_new(&l.schema, &o, &err) != AP_OK)
		fuzz_die("linter", &err);
	ready = 1;
	return &l;
}

static void check(const struct ap_diag_list *list, size_t size)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct ap_diag *d = &list->items[i];
		struct ap_rule_info r;

		if (!d->message || !d->message[0])
			fuzz_fail("finding without a message");
		if (strncmp(d->rule_id, "AX-", 3) == 0 &&
		    ap_rule_find(d->rule_id, &r) != AP_OK)
			fuzz_fail("finding with an unknown rule id");
		if (d->line > size + 1)
			fuzz_fail("finding past the end of the input");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linters *l = linters();
	struct ap_diag_list list = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_linter *pick;

	if (size == 0)
		return 0;
	/* The first byte picks the linter, so one corpus covers all of them. */
	pick = data[0] % (AP_PROFILE_COUNT + 1) == AP_PROFILE_COUNT
		? l->schema : l->by_profile[data[0] % (AP_PROFILE_COUNT + 1)];
	if (ap_lint_memory(pick, "fuzz.xml", (const char *)data + 1, size - 1,
			   &list, &err) != AP_OK)
		fuzz_die("lint", &err);
	check(&list, size);
	ap_diag_list_release(&list);
	return 0;
}
