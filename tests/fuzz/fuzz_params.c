/*
 * Fuzz target: template parameter files.  Byte 0 picks a built-in
 * template; the rest is a parameter file (object, array or JSON Lines).
 * Every object is checked against the template's description; one that
 * passes is mapped to XML and back (the mapping must be reversible),
 * rendered in the sandbox and checked: a policy built from valid
 * parameters must lint without an error other than the correspondence
 * requirements (which parameters can leave unmet), and resource.json must
 * be JSON.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "altinn-policy/altinn-policy.h"
#include "fuzz.h"

#define NTEMPLATES 4

struct world {
	ap_gen_catalog *catalog;
	ap_gen_template *templates[NTEMPLATES];
	ap_linter *linters[NTEMPLATES];
};

static struct world *world(void)
{
	static const char *const names[NTEMPLATES] = {
		"correspondence", "resource", "broker", "resource-json",
	};
	static struct world w; /* built once per process, read-only after */
	static int ready;
	const char *dirs[] = {"templates"};
	struct ap_error err = AP_ERROR_INIT;
	size_t i;

	if (ready)
		return &w;
	if (ap_gen_catalog_new(&w.catalog, dirs, 1, &err) != AP_OK)
		fuzz_die("catalog (run from the repository root)", &err);
	for (i = 0; i < NTEMPLATES; i++) {
		struct ap_lint_options o = AP_LINT_OPTIONS_INIT;

		if (ap_gen_template_open(&w.templates[i], w.catalog, names[i], &err) != AP_OK)
			fuzz_die(names[i], &err);
		o.profile = ap_gen_template_profile(w.templates[i]);
		o.resource_json = 0;
		if (ap_linter_new(&w.linters[i], &o, &err) != AP_OK)
			fuzz_die("linter", &err);
	}
	ready = 1;
	return &w;
}

static void round_trip(const json_t *params)
{
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf xml = AP_BUF_INIT;
	json_t *back = NULL;

	if (ap_gen_params_xml(params, &xml, &err) != AP_OK)
		goto done; /* a value XML cannot carry: refused, fine */
	if (ap_gen_params_from_xml(&back, xml.ptr, xml.len, &err) != AP_OK)
		fuzz_fail("the XML parameter document does not map back");
	if (!json_equal((json_t *)params, back))
		fuzz_fail("JSON -> XML -> JSON changed the parameters");
done:
	json_decref(back);
	ap_buf_release(&xml);
}

static void render(struct world *w, size_t t, const json_t *params)
{
	struct ap_diag_list diags = AP_DIAG_LIST_INIT;
	struct ap_error err = AP_ERROR_INIT;
	struct ap_buf out = AP_BUF_INIT;
	size_t i;

	if (ap_gen_render(w->templates[t], params, &out, &err) != AP_OK) {
		if (err.code != AP_EINVALID)
			fuzz_die("render of checked parameters", &err);
		goto done; /* e.g. a value XML cannot carry */
	}
	if (ap_gen_check_output(w->templates[t], w->linters[t], "out", out.ptr,
				out.len, &diags, &err) != AP_OK)
		fuzz_die("check of the output", &err);
	/* Parameters may legitimately grant too little (no senders, say:
	 * the correspondence requirements AX-C001..C004 then fail, and
	 * generate refuses to write); any other error means the template
	 * wrote a broken policy from valid parameters. */
	for (i = 0; i < diags.count; i++)
		if (diags.items[i].severity == AP_SEV_ERROR &&
		    !(strncmp(diags.items[i].rule_id, "AX-C00", 6) == 0 &&
		      diags.items[i].rule_id[6] >= '1' && diags.items[i].rule_id[6] <= '4')) {
			fprintf(stderr, "%s: %s\n%.*s\n", diags.items[i].rule_id,
				diags.items[i].message, (int)out.len, out.ptr);
			fuzz_fail("valid parameters gave output with an error");
		}
done:
	ap_diag_list_release(&diags);
	ap_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world *w = world();
	struct ap_error err = AP_ERROR_INIT;
	ap_gen_params *p = NULL;
	size_t t, i;

	if (size == 0)
		return 0;
	t = data[0] % NTEMPLATES;
	if (ap_gen_params_parse(&p, "fuzz.json", (const char *)data + 1, size - 1, &err) != AP_OK)
		goto done;
	for (i = 0; i < ap_gen_params_count(p) && i < 8; i++) {
		struct ap_diag_list problems = AP_DIAG_LIST_INIT;

		if (ap_gen_params_check(p, i, w->templates[t], &problems, &err) != AP_OK)
			fuzz_die("check", &err);
		if (problems.count == 0) {
			round_trip(ap_gen_params_at(p, i));
			render(w, t, ap_gen_params_at(p, i));
		}
		ap_diag_list_release(&problems);
	}
done:
	ap_gen_params_free(p);
	return 0;
}
