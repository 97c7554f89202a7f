/*
 * The engine-semantics identifier tables and parsers (src/policy/
 * ids_engine.c): effects read as .NET Enum.TryParse does, the XACML
 * function table, near misses of supported ids, category guesses.
 */
#include "harness.h"

#include "policy/ids.h"
#include "policy/ids_engine.h"

#include <string.h>

static void expect_effect(const char *s, enum ap_effect_form form,
			  enum ap_effect_value value)
{
	struct ap_effect e = ap_ids_effect(s);

	if (e.form != form)
		fail_msg("'%s': form %d, want %d", s ? s : "(null)",
			 (int)e.form, (int)form);
	if (form != AP_EFFECT_INVALID && e.value != value)
		fail_msg("'%s': value %d, want %d", s, (int)e.value,
			 (int)value);
}

static void test_ids_engine_effect(void **state)
{
	(void)state;
	expect_effect("Permit", AP_EFFECT_EXACT, AP_EFFECT_PERMIT);
	expect_effect("Deny", AP_EFFECT_EXACT, AP_EFFECT_DENY);
	expect_effect("permit", AP_EFFECT_CASE, AP_EFFECT_PERMIT);
	expect_effect("DENY", AP_EFFECT_CASE, AP_EFFECT_DENY);
	expect_effect(" Permit ", AP_EFFECT_CASE, AP_EFFECT_PERMIT);
	expect_effect("0", AP_EFFECT_NUMERIC, AP_EFFECT_PERMIT);
	expect_effect("1", AP_EFFECT_NUMERIC, AP_EFFECT_DENY);
	expect_effect(" +1 ", AP_EFFECT_NUMERIC, AP_EFFECT_DENY);
	expect_effect("2", AP_EFFECT_NUMERIC, AP_EFFECT_NEITHER);
	expect_effect("-1", AP_EFFECT_NUMERIC, AP_EFFECT_NEITHER);
	expect_effect("Permit, Deny", AP_EFFECT_LIST, AP_EFFECT_DENY);
	expect_effect("permit,permit", AP_EFFECT_LIST, AP_EFFECT_PERMIT);
	expect_effect(NULL, AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("   ", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("Allow", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("Permit,", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("1,2", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("+", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("0x1", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
	expect_effect("99999999999", AP_EFFECT_INVALID, AP_EFFECT_PERMIT);
}

static void test_ids_engine_function_table(void **state)
{
	size_t i, n, supported = 0;
	const char *const *t = ap_ids_xacml_function_table(&n);

	(void)state;
	assert_true(n > 200);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(t[i - 1], t[i]) >= 0)
			fail_msg("not sorted: '%s' then '%s'", t[i - 1], t[i]);
		assert_true(ap_ids_xacml_function(t[i]));
		if (ap_ids_match_fn(t[i]) != AP_MATCH_FN_UNSUPPORTED)
			supported++;
	}
	/* every function Altinn implements is a standard one */
	assert_int_equal(supported, 10);
	assert_false(ap_ids_xacml_function(NULL));
	assert_false(ap_ids_xacml_function(
		"urn:oasis:names:tc:xacml:1.0:function:string-equal-ignore-case"));
	assert_true(ap_ids_bag_size_fn(
		"urn:oasis:names:tc:xacml:1.0:function:dateTime-bag-size"));
	assert_false(ap_ids_bag_size_fn(
		"urn:oasis:names:tc:xacml:1.0:function:string-bag-size"));
	assert_true(ap_ids_logic_fn("urn:oasis:names:tc:xacml:1.0:function:and"));
	assert_false(ap_ids_logic_fn(NULL));
}

static void test_ids_engine_near_misses(void **state)
{
	(void)state;
	assert_string_equal(ap_ids_match_fn_near(
		"urn:oasis:names:tc:xacml:1.0:function:string-equal-ignore-case"),
		AP_FN_STRING_EQUAL_IC);
	assert_string_equal(ap_ids_match_fn_near(
		"urn:oasis:names:tc:xacml:3.0:function:String-Equal"),
		AP_FN_STRING_EQUAL);
	assert_null(ap_ids_match_fn_near(AP_FN_STRING_EQUAL));
	assert_null(ap_ids_match_fn_near(
		"urn:oasis:names:tc:xacml:1.0:function:boolean-equal"));
	assert_string_equal(ap_ids_combining_near(
		"urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides"),
		"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides");
	assert_string_equal(ap_ids_combining_near(
		"urn:oasis:names:tc:xacml:1.1:rule-combining-algorithm:ordered-permit-overrides"),
		"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:ordered-permit-overrides");
	assert_null(ap_ids_combining_near(
		"urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:only-one-applicable"));
}

static void test_ids_engine_categories(void **state)
{
	(void)state;
	assert_int_equal(ap_ids_category_guess(
		"urn:oasis:names:tc:xacml:3.0:subject-category:access-subject"),
		AP_CAT_SUBJECT);
	assert_int_equal(ap_ids_category_guess(
		"urn:oasis:names:tc:xacml:1.0:attribute-category:Resource"),
		AP_CAT_RESOURCE);
	assert_int_equal(ap_ids_category_guess("urn:x:action"), AP_CAT_ACTION);
	assert_int_equal(ap_ids_category_guess(AP_ID_CAT_ENVIRONMENT),
			 AP_CAT_NONE);
	assert_int_equal(ap_ids_category_guess(NULL), AP_CAT_NONE);
	assert_string_equal(ap_ids_category_id(AP_CAT_SUBJECT), AP_ID_CAT_SUBJECT);
	assert_null(ap_ids_category_id(AP_CAT_ENVIRONMENT));
	assert_true(ap_ids_category_evaluated(AP_CAT_ACTION));
	assert_false(ap_ids_category_evaluated(AP_CAT_OTHER));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_engine_effect),
		cmocka_unit_test(test_ids_engine_function_table),
		cmocka_unit_test(test_ids_engine_near_misses),
		cmocka_unit_test(test_ids_engine_categories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
