/*
 * The Altinn vocabulary tables (src/policy/vocab.c): sorted for bsearch,
 * lookups with and without letter case, near misses and option lists.
 */
#include "harness.h"

#include "policy/vocab.h"

#include <jansson.h>
#include <string.h>

static void test_vocab_tables_sorted(void **state)
{
	enum ap_vocab_list l;

	(void)state;
	for (l = 0; l < AP_VOCAB_LIST_COUNT; l++) {
		size_t i, n;
		const char *const *v = ap_vocab_entries(l, &n);

		assert_true(n > 0);
		for (i = 0; i < n; i++) {
			const char *c;

			assert_true(ap_vocab_known_str(l, v[i]));
			/* stored in lower case (ap_vocab_near_miss relies on it) */
			for (c = v[i]; *c; c++)
				if ((*c >= 'A' && *c <= 'Z') ||
				    ((unsigned char)c[0] == 0xC3 && (unsigned char)c[1] >= 0x80 &&
				     (unsigned char)c[1] <= 0x9E && (unsigned char)c[1] != 0x97))
					fail_msg("list %d entry '%s' is not lower case", (int)l, v[i]);
			if (i > 0 && strcmp(v[i - 1], v[i]) >= 0)
				fail_msg("list %d not sorted: '%s' then '%s'", (int)l,
					 v[i - 1], v[i]);
		}
	}
}

static void test_vocab_known(void **state)
{
	(void)state;
	/* ids: exact */
	assert_true(ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, "urn:altinn:rolecode"));
	assert_true(ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, "urn:scope"));
	assert_false(ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, "urn:altinn:RoleCode"));
	assert_false(ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, "urn:altinn:org:rolecode"));
	assert_false(ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, NULL));
	assert_true(ap_vocab_known_str(AP_VOCAB_RESOURCE_IDS, "urn:altinn:resource"));
	assert_false(ap_vocab_known_str(AP_VOCAB_RESOURCE_IDS, "urn:altinn:event"));
	assert_false(ap_vocab_known_str(AP_VOCAB_RESOURCE_IDS, "urn:altinn:serviceresource"));
	/* values: ignoring case, including Ø */
	assert_true(ap_vocab_known_str(AP_VOCAB_ACTIONS, "read"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ACTIONS, "ScopeAccess"));
	assert_false(ap_vocab_known_str(AP_VOCAB_ACTIONS, "send"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "DAGL"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "dagl"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "FF\xc3\x98R"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "ff\xc3\xb8r"));
	assert_true(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "RPKRT"));
	assert_false(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, "ttd"));
	assert_false(ap_vocab_known_str(AP_VOCAB_ROLE_CODES, ""));
	assert_true(ap_vocab_known_str(AP_VOCAB_ACCESS_PACKAGES, "regnskapsforer-lonn"));
	assert_false(ap_vocab_known_str(AP_VOCAB_ACCESS_PACKAGES, "karttjenester"));
	/* length-bounded: "dagl" inside a longer buffer */
	assert_true(ap_vocab_known(AP_VOCAB_ROLE_CODES, "daglx", 4));
	assert_false(ap_vocab_known(AP_VOCAB_ROLE_CODES, "daglx", 5));
}

static void test_vocab_near_miss(void **state)
{
	const char *s;

	(void)state;
	s = "urn:altinn:accesslist";
	assert_string_equal(ap_vocab_near_miss(AP_VOCAB_SUBJECT_IDS, s, strlen(s), 2),
			    "urn:altinn:access-list");
	s = "urn:altinn:RoleCode";
	assert_string_equal(ap_vocab_near_miss(AP_VOCAB_SUBJECT_IDS, s, strlen(s), 2),
			    "urn:altinn:rolecode");
	s = "urn:altinn:resuorce"; /* swapped neighbours: one edit */
	assert_string_equal(ap_vocab_near_miss(AP_VOCAB_RESOURCE_IDS, s, strlen(s), 1),
			    "urn:altinn:resource");
	s = "urn:nav:aa";
	assert_null(ap_vocab_near_miss(AP_VOCAB_SUBJECT_IDS, s, strlen(s), 2));
	s = "urn:altinn:rolecode"; /* known: not a near miss */
	assert_null(ap_vocab_near_miss(AP_VOCAB_SUBJECT_IDS, s, strlen(s), 2));
	s = "drive";
	assert_null(ap_vocab_near_miss(AP_VOCAB_ACTIONS, s, strlen(s), 1));
	s = "raed";
	assert_string_equal(ap_vocab_near_miss(AP_VOCAB_ACTIONS, s, strlen(s), 1), "read");
	s = "DAGLL";
	assert_string_equal(ap_vocab_near_miss(AP_VOCAB_ROLE_CODES, s, strlen(s), 1), "dagl");
}

static void test_vocab_pins_and_options(void **state)
{
	json_t *opts;

	(void)state;
	assert_true(ap_vocab_subject_pins_party("urn:altinn:partyid"));
	assert_true(ap_vocab_subject_pins_party("urn:altinn:systemuser:uuid"));
	assert_false(ap_vocab_subject_pins_party("urn:altinn:rolecode"));
	assert_false(ap_vocab_subject_pins_party(NULL));
	opts = json_pack("{s:[s,s], s:s}", "actions", "drive", "Park", "role_codes", "x");
	assert_non_null(opts);
	assert_true(ap_vocab_option_lists(opts, "actions", "drive", 5));
	assert_true(ap_vocab_option_lists(opts, "actions", "park", 4));
	assert_false(ap_vocab_option_lists(opts, "actions", "race", 4));
	assert_false(ap_vocab_option_lists(opts, "role_codes", "x", 1)); /* not an array */
	assert_false(ap_vocab_option_lists(NULL, "actions", "drive", 5));
	json_decref(opts);
}

/* ---- profile-dependent behaviour of the rules ------------------------- */

#define HEAD \
	"<xacml:Policy xmlns:xacml=\"urn:oasis:names:tc:xacml:3.0:core:schema:wd-17\" " \
	"PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"" \
	"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides\"><xacml:Target/>"
#define MATCH(fn, v, id, cat) \
	"<xacml:AllOf><xacml:Match MatchId=\"urn:oasis:names:tc:xacml:" fn "\">" \
	"<xacml:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" v \
	"</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"" id "\" " \
	"Category=\"" cat "\" DataType=\"http://www.w3.org/2001/XMLSchema#string\" " \
	"MustBePresent=\"false\"/></xacml:Match></xacml:AllOf>"
#define SUBJ "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define RES "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define ACT "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define IC "3.0:function:string-equal-ignore-case"
#define SE "1.0:function:string-equal"
/* An app policy: DAGL may read the app [ORG]/[APP] (or ttd/my-app). */
#define APP_POLICY(org, app) \
	HEAD "<xacml:Rule RuleId=\"r1\" Effect=\"Permit\"><xacml:Target>" \
	"<xacml:AnyOf>" MATCH(IC, "dagl", "urn:altinn:rolecode", SUBJ) "</xacml:AnyOf>" \
	"<xacml:AnyOf><xacml:AllOf><xacml:Match MatchId=\"urn:oasis:names:tc:xacml:" SE "\">" \
	"<xacml:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" org \
	"</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"urn:altinn:org\" " \
	"Category=\"" RES "\" DataType=\"http://www.w3.org/2001/XMLSchema#string\" " \
	"MustBePresent=\"false\"/></xacml:Match><xacml:Match MatchId=\"urn:oasis:names:tc:xacml:" SE "\">" \
	"<xacml:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">" app \
	"</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"urn:altinn:app\" " \
	"Category=\"" RES "\" DataType=\"http://www.w3.org/2001/XMLSchema#string\" " \
	"MustBePresent=\"false\"/></xacml:Match></xacml:AllOf></xacml:AnyOf>" \
	"<xacml:AnyOf>" MATCH(IC, "read", "urn:oasis:names:tc:xacml:1.0:action:action-id", ACT) \
	MATCH(IC, "drive", "urn:oasis:names:tc:xacml:1.0:action:action-id", ACT) "</xacml:AnyOf>" \
	"</xacml:Target></xacml:Rule></xacml:Policy>"

static enum ap_severity severity_of(const struct ap_diag_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (strcmp(l->items[i].rule_id, id) == 0)
			return l->items[i].severity;
	return AP_SEV_OFF;
}

/* Placeholders: one info per file in an app, an error per value in a
 * registry policy, nothing in a delegation policy. */
static void test_vocab_placeholders_by_profile(void **state)
{
	struct h_state *s = *state;
	const char *xml = APP_POLICY("[ORG]", "[app]");

	h_lint(&s->diags, xml, AP_PROFILE_APP, NULL);
	assert_int_equal(h_diag_count(&s->diags, "AX-V013"), 1);
	assert_int_equal(severity_of(&s->diags, "AX-V013"), AP_SEV_INFO);
	assert_diag(&s->diags, "AX-V013", 0, "2 values hold");
	/* custom app actions are not AX-V006's business in an app */
	assert_no_diag(&s->diags, "AX-V006");
	h_diags_reset(&s->diags);
	h_lint(&s->diags, xml, AP_PROFILE_RESOURCE, NULL);
	assert_int_equal(h_diag_count(&s->diags, "AX-V013"), 2);
	assert_int_equal(severity_of(&s->diags, "AX-V013"), AP_SEV_ERROR);
	assert_diag(&s->diags, "AX-V006", 0, "'drive'");
	h_diags_reset(&s->diags);
	h_lint(&s->diags, xml, AP_PROFILE_DELEGATION, NULL);
	assert_no_diag(&s->diags, "AX-V013");
	h_diags_reset(&s->diags);
}

/* app_<org>_<app>: org and app matches count, ignoring case, when the id
 * has exactly three parts (PolicyHelper.EnsureValidPolicy). */
static void test_vocab_registry_app_resource(void **state)
{
	struct h_state *s = *state;
	const char *xml = APP_POLICY("TTD", "my-app");

	h_lint(&s->diags, xml, AP_PROFILE_RESOURCE, "app_ttd_my-app");
	assert_no_diag(&s->diags, "AX-R001");
	h_diags_reset(&s->diags);
	h_lint(&s->diags, xml, AP_PROFILE_RESOURCE, "app_ttd_other-app");
	assert_diag(&s->diags, "AX-R001", 0, "'urn:altinn:org' = 'ttd' with 'urn:altinn:app' = 'other-app'");
	h_diags_reset(&s->diags);
	/* four parts: the registry does not split it, only urn:altinn:resource counts */
	h_lint(&s->diags, xml, AP_PROFILE_RESOURCE, "app_ttd_my_app");
	assert_diag(&s->diags, "AX-R001", 0, "'urn:altinn:resource' = 'app_ttd_my_app'");
	h_diags_reset(&s->diags);
	/* not known for certain: the registry rules stay quiet */
	h_lint(&s->diags, xml, AP_PROFILE_RESOURCE, NULL);
	assert_no_diag(&s->diags, "AX-R001");
	h_diags_reset(&s->diags);
	/* apps are not published through the registry's policy upload */
	h_lint(&s->diags, xml, AP_PROFILE_APP, "app_ttd_other-app");
	assert_no_diag(&s->diags, "AX-R001");
	h_diags_reset(&s->diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab_tables_sorted),
		cmocka_unit_test(test_vocab_known),
		cmocka_unit_test(test_vocab_near_miss),
		cmocka_unit_test(test_vocab_pins_and_options),
		cmocka_unit_test_setup_teardown(test_vocab_placeholders_by_profile, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_vocab_registry_app_resource, h_setup, h_teardown),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
