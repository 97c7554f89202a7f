/*
 * The linter: the rule registry (unique sorted ids, a page and fixtures
 * for every rule), profiles, the driver, and the correspondence rules on
 * small policies written here.
 */
#include "harness.h"

#include "eval/eval.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NS AP_XACML3_NS
#define XS "http://www.w3.org/2001/XMLSchema#string"
#define CAT_SUBJECT "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define CAT_SUBJECT_TYPO "urn:oasis:names:tc:xacml:3.0:subject-category:access-subject"
#define CAT_RESOURCE "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define CAT_ACTION "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define FN_EQ "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define FN_IC "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"
#define DENY_OVERRIDES "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"
#define PERMIT_OVERRIDES "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:permit-overrides"
#define RESOURCE "ap-test-resource"
/* The rules these tests are about (others speak of the same inputs too). */
#define CORE_C "AX-C001,AX-C002,AX-C003,AX-C004,AX-C005"
#define FIXTURE_OK "tests/fixtures/policies/correspondence-ok.xml"
#define FIXTURE_ORG "tests/fixtures/policies/org-rolecode.xml"

/* ---- building small policies ------------------------------------------ */

struct subject {
	const char *fn;       /* MatchId */
	const char *category; /* Category */
	const char *id;       /* AttributeId */
	const char *value;
};
static const struct subject DAGL_OK = {FN_IC, CAT_SUBJECT, "urn:altinn:rolecode", "DAGL"};

static void add_match(struct ap_buf *b, const char *fn, const char *cat,
		      const char *id, const char *value)
{
	assert_int_equal(ap_buf_addf(b,
		"        <Match MatchId=\"%s\">\n"
		"          <AttributeValue DataType=\"" XS "\">%s</AttributeValue>\n"
		"          <AttributeDesignator AttributeId=\"%s\" Category=\"%s\" DataType=\"" XS "\" MustBePresent=\"false\"/>\n"
		"        </Match>\n", fn, value, id, cat), AP_OK);
}

/* A rule: subject may be NULL (any subject), resource NULL (any),
 * actions a space-separated list or NULL (any action). */
static void add_rule(struct ap_buf *b, const char *rule_id, const char *effect,
		     const struct subject *subject, const char *resource,
		     const char *actions)
{
	assert_int_equal(ap_buf_addf(b, "  <Rule RuleId=\"%s\" Effect=\"%s\">\n"
				     "    <Description>test rule %s</Description>\n    <Target>\n",
				     rule_id, effect, rule_id), AP_OK);
	if (subject) {
		assert_int_equal(ap_buf_adds(b, "      <AnyOf>\n      <AllOf>\n"), AP_OK);
		add_match(b, subject->fn, subject->category, subject->id, subject->value);
		assert_int_equal(ap_buf_adds(b, "      </AllOf>\n      </AnyOf>\n"), AP_OK);
	}
	if (resource) {
		assert_int_equal(ap_buf_adds(b, "      <AnyOf>\n      <AllOf>\n"), AP_OK);
		add_match(b, FN_EQ, CAT_RESOURCE, "urn:altinn:resource", resource);
		assert_int_equal(ap_buf_adds(b, "      </AllOf>\n      </AnyOf>\n"), AP_OK);
	}
	if (actions) {
		char *copy = strdup(actions), *save = NULL, *a;

		assert_non_null(copy);
		assert_int_equal(ap_buf_adds(b, "      <AnyOf>\n"), AP_OK);
		for (a = strtok_r(copy, " ", &save); a; a = strtok_r(NULL, " ", &save)) {
			assert_int_equal(ap_buf_adds(b, "      <AllOf>\n"), AP_OK);
			add_match(b, FN_IC, CAT_ACTION, "urn:oasis:names:tc:xacml:1.0:action:action-id", a);
			assert_int_equal(ap_buf_adds(b, "      </AllOf>\n"), AP_OK);
		}
		assert_int_equal(ap_buf_adds(b, "      </AnyOf>\n"), AP_OK);
		free(copy);
	}
	assert_int_equal(ap_buf_adds(b, "    </Target>\n  </Rule>\n"), AP_OK);
}

static void policy_begin(struct ap_buf *b, const char *alg)
{
	assert_int_equal(ap_buf_addf(b,
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<Policy xmlns=\"" NS "\" PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"%s\">\n"
		"  <Target/>\n", alg), AP_OK);
}

/* Closes the policy with the end-user authentication level 3 obligation. */
static void policy_end(struct ap_buf *b)
{
	assert_int_equal(ap_buf_adds(b,
		"  <ObligationExpressions>\n"
		"    <ObligationExpression ObligationId=\"urn:altinn:obligation:authenticationLevel1\" FulfillOn=\"Permit\">\n"
		"      <AttributeAssignmentExpression AttributeId=\"urn:altinn:obligation1-assignment1\" Category=\"urn:altinn:minimum-authenticationlevel\">\n"
		"        <AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#integer\">3</AttributeValue>\n"
		"      </AttributeAssignmentExpression>\n"
		"    </ObligationExpression>\n"
		"  </ObligationExpressions>\n"
		"</Policy>\n"), AP_OK);
}

/* The usual correct policy: DAGL gets read, write and subscribe. */
static void policy_ok(struct ap_buf *b, const char *alg)
{
	policy_begin(b, alg);
	add_rule(b, "urn:altinn:resource:" RESOURCE ":ruleid:1", "Permit", &DAGL_OK,
		 RESOURCE, "read write subscribe");
}

/* ---- the registry ----------------------------------------------------- */

static int valid_id(const char *id)
{
	return strlen(id) == 7 && strncmp(id, "AX-", 3) == 0 && id[3] >= 'A' &&
	       id[3] <= 'Z' && id[4] >= '0' && id[4] <= '9' && id[5] >= '0' &&
	       id[5] <= '9' && id[6] >= '0' && id[6] <= '9';
}

static void test_lint_registry_sorted_unique(void **state)
{
	struct ap_rule_info r, prev, found;
	size_t i, n = ap_rule_count();

	(void)state;
	assert_true(n > 0);
	memset(&prev, 0, sizeof(prev));
	for (i = 0; i < n; i++) {
		assert_int_equal(ap_rule_at(i, &r), AP_OK);
		if (!valid_id(r.id))
			fail_msg("rule %zu has a malformed id '%s'", i, r.id);
		if (i > 0 && strcmp(prev.id, r.id) >= 0)
			fail_msg("registry not sorted or not unique: '%s' then '%s'", prev.id,
				 r.id);
		assert_non_null(r.name);
		assert_true(r.name[0] != '\0');
		assert_non_null(r.summary);
		assert_true(r.summary[0] != '\0');
		assert_non_null(r.source);
		assert_true(r.source[0] != '\0');
		assert_true(r.severity >= AP_SEV_INFO && r.severity <= AP_SEV_ERROR);
		assert_true(r.profiles != 0);
		assert_int_equal(r.profiles & ~AP_PROFILES_ALL, 0);
		assert_int_equal(ap_rule_find(r.id, &found), AP_OK);
		assert_string_equal(found.id, r.id);
		assert_string_equal(found.name, r.name);
		prev = r;
	}
	assert_int_equal(ap_rule_at(n, &r), AP_ENOTFOUND);
	assert_int_equal(ap_rule_find("AX-Z999", &r), AP_ENOTFOUND);
	assert_int_equal(ap_rule_find("", &r), AP_ENOTFOUND);
	/* names are unique too */
	for (i = 0; i < n; i++) {
		size_t j;

		assert_int_equal(ap_rule_at(i, &r), AP_OK);
		for (j = i + 1; j < n; j++) {
			assert_int_equal(ap_rule_at(j, &found), AP_OK);
			if (strcmp(r.name, found.name) == 0)
				fail_msg("%s and %s share the name '%s'", r.id, found.id, r.name);
		}
	}
}

/* Number of files in dir whose name starts with prefix and ends in .xml. */
static size_t count_files(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, pl = strlen(prefix);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (strncmp(de->d_name, prefix, pl) == 0 && l > pl + 4 &&
		    strcmp(de->d_name + l - 4, ".xml") == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Every rule has docs/rules/<ID>.md and tests/rules/<ID>/ with at least one
 * bad-*.xml (with its .expected) and one good-*.xml. */
static void test_lint_registry_docs_and_fixtures(void **state)
{
	struct ap_rule_info r;
	size_t i, missing = 0;

	(void)state;
	for (i = 0; i < ap_rule_count(); i++) {
		char rel[256], *p;
		struct stat st;

		assert_int_equal(ap_rule_at(i, &r), AP_OK);
		snprintf(rel, sizeof(rel), "docs/rules/%s.md", r.id);
		p = h_src_path(rel);
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
			print_error("  %s: no page %s\n", r.id, rel);
			missing++;
		}
		free(p);
		snprintf(rel, sizeof(rel), "tests/rules/%s", r.id);
		p = h_src_path(rel);
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			print_error("  %s: no fixture folder %s/\n", r.id, rel);
			missing++;
		} else {
			if (count_files(p, "bad-") == 0) {
				print_error("  %s: no %s/bad-*.xml\n", r.id, rel);
				missing++;
			}
			if (count_files(p, "good-") == 0) {
				print_error("  %s: no %s/good-*.xml\n", r.id, rel);
				missing++;
			}
		}
		free(p);
	}
	if (missing)
		fail_msg("%zu page(s) or fixture(s) missing (under AP_SOURCE_DIR=%s)", missing,
			 h_source_dir());
}

/* The embedded page of each rule agrees with the registry: title, name,
 * severity and profiles (the pages are the one text `rules <ID>` prints). */
static void test_lint_pages_agree_with_registry(void **state)
{
	struct ap_rule_info r;
	size_t i;

	(void)state;
	for (i = 0; ap_rule_at(i, &r) == AP_OK; i++) {
		const char *page = ap_rule_page(r.id);
		const char *sev, *prof, *eol;
		char title[160], row[256];
		unsigned p;

		if (page == NULL)
			fail_msg("%s has no embedded page", r.id);
		snprintf(title, sizeof(title), "# %s: %s\n", r.id, r.name);
		if (strncmp(page, title, strlen(title)) != 0)
			fail_msg("%s: page title is not '%s'", r.id, title);
		sev = strstr(page, "| Severity |");
		if (sev == NULL)
			fail_msg("%s: page has no Severity row", r.id);
		eol = strchr(sev, '\n');
		snprintf(row, sizeof(row), "%.*s", (int)(eol - sev), sev);
		if (strstr(row, ap_severity_name(r.severity)) == NULL)
			fail_msg("%s: Severity row '%s' lacks '%s'", r.id, row,
				 ap_severity_name(r.severity));
		prof = strstr(page, "| Profiles |");
		if (prof == NULL)
			fail_msg("%s: page has no Profiles row", r.id);
		eol = strchr(prof, '\n');
		snprintf(row, sizeof(row), "%.*s", (int)(eol - prof), prof);
		for (p = 0; p < AP_PROFILE_COUNT; p++)
			if ((r.profiles & AP_PROFILE_BIT(p)) &&
			    strstr(row, ap_profile_name((enum ap_profile)p)) == NULL &&
			    strstr(row, "all") == NULL)
				fail_msg("%s: Profiles row '%s' lacks '%s'", r.id, row,
					 ap_profile_name((enum ap_profile)p));
	}
}

static void test_lint_profiles(void **state)
{
	struct ap_rule_info r;
	size_t i, ncorr = 0;

	(void)state;
	for (i = 0; i < ap_rule_count(); i++) {
		assert_int_equal(ap_rule_at(i, &r), AP_OK);
		if (strncmp(r.id, "AX-C", 4) == 0) {
			if (r.profiles != AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE))
				fail_msg("%s runs outside the correspondence profile (profiles 0x%x)",
					 r.id, r.profiles);
			ncorr++;
		}
		if (strncmp(r.id, "AX-S", 4) == 0 && r.profiles != AP_PROFILES_ALL)
			fail_msg("structure rule %s is not in every profile", r.id);
	}
	assert_true(ncorr >= 5);
}

/* A policy missing every grant: C rules only in correspondence. */
static void test_lint_profiles_on_a_policy(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	enum ap_profile p;

	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r1", "Permit", NULL, RESOURCE, "sign");
	policy_end(&b);
	for (p = AP_PROFILE_RESOURCE; p < AP_PROFILE_COUNT; p++) {
		h_lint(&s->diags, b.ptr, p, NULL);
	h_keep_rules(&s->diags, CORE_C);
		assert_no_diag(&s->diags, "AX-C001");
		assert_no_diag(&s->diags, "AX-C004");
		h_diags_reset(&s->diags);
	}
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C);
	assert_diag(&s->diags, "AX-C001", 0, "'read'");
	assert_diag(&s->diags, "AX-C002", 0, "'write'");
	assert_diag(&s->diags, "AX-C003", 0, "'subscribe'");
	/* granted to nobody: AX-C001..C003 say so, AX-C004 stays quiet */
	assert_diags_done(&s->diags);
	ap_buf_release(&b);
}

/* ---- correspondence rules --------------------------------------------- */

static void test_lint_correct_policy_is_clean(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	enum ap_profile p;

	for (p = AP_PROFILE_CORRESPONDENCE; p < AP_PROFILE_COUNT; p++) {
		h_lint_fixture(&s->diags, FIXTURE_OK, p);
		assert_no_diag(&s->diags, NULL);
	}
	policy_ok(&b, DENY_OVERRIDES);
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, RESOURCE);
	assert_no_diag(&s->diags, NULL);
	ap_buf_release(&b);
}

static void test_lint_missing_subscribe(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	uint32_t line, col;

	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r1", "Permit", &DAGL_OK, RESOURCE, "read write");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C);
	/* reported at the rule that names the resource */
	h_pos_of(b.ptr, "<Rule RuleId=\"r1\"", &line, &col);
	assert_diag_at(&s->diags, "AX-C003", line, col, "'subscribe' on resource '" RESOURCE "'");
	assert_no_diag(&s->diags, "AX-C004"); /* nobody gets subscribe: AX-C003's */
	assert_diags_done(&s->diags);
	ap_buf_release(&b);
}

/* The docs' mistake, in a policy of our own: DAGL on urn:altinn:org:rolecode
 * with case-sensitive string-equal; both findings at the designator. */
static void test_lint_org_rolecode(void **state)
{
	struct h_state *s = *state;
	size_t len;
	char *text = h_read_fixture(FIXTURE_ORG, &len);
	uint32_t line, col;

	h_pos_of(text, "<xacml:AttributeDesignator AttributeId=\"urn:altinn:org:rolecode\"",
		 &line, &col);
	assert_int_equal(line, 11);
	assert_int_equal(col, 13);
	h_lint_fixture(&s->diags, FIXTURE_ORG, AP_PROFILE_CORRESPONDENCE);
	assert_diag_at(&s->diags, "AX-C004", line, col, "urn:altinn:rolecode");
	assert_diag_at(&s->diags, "AX-C005", line, col, "urn:altinn:org:rolecode");
	assert_diag_at(&s->diags, "AX-V001", line, col, "urn:altinn:org:rolecode");
	assert_diags_done(&s->diags);
	assert_int_equal(s->diags.items[0].severity, AP_SEV_ERROR);
	assert_string_equal(s->diags.items[0].file, FIXTURE_ORG);
	free(text);
}

static void test_lint_dagl_case_sensitive(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	struct subject sub = DAGL_OK;
	uint32_t line, col;

	sub.fn = FN_EQ;
	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r1", "Permit", &sub, RESOURCE, "read write subscribe");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C ",AX-V007");
	h_pos_of(b.ptr, "<Match MatchId=\"" FN_EQ "\">\n          <AttributeValue DataType=\"" XS
		 "\">DAGL", &line, &col);
	assert_diag_at(&s->diags, "AX-C004", line, col, "case");
	assert_diag(&s->diags, "AX-V007", 0, "matched case-sensitively");
	assert_diags_done(&s->diags);
	ap_buf_release(&b);
}

/* A Deny rule under deny-overrides takes DAGL's read away (another role
 * keeps it, so AX-C001 is content); under permit-overrides it does not. */
static void test_lint_deny_rule(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	struct subject regna = DAGL_OK;
	uint32_t line, col;

	regna.value = "REGNA";
	policy_ok(&b, DENY_OVERRIDES);
	add_rule(&b, "r2", "Permit", &regna, RESOURCE, "read");
	add_rule(&b, "r3", "Deny", &DAGL_OK, RESOURCE, "read");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C); /* E003, X005... speak of Deny too */
	h_pos_of(b.ptr, "<Rule RuleId=\"r3\"", &line, &col);
		assert_diag_at(&s->diags, "AX-C004", line, col,
		       "not granted read on resource '" RESOURCE "': this Deny rule ('r3')");
	assert_diags_done(&s->diags);
	h_diags_reset(&s->diags);

	/* the Deny rule first does not change deny-overrides */
	ap_buf_reset(&b);
	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r3", "Deny", &DAGL_OK, RESOURCE, "read");
	add_rule(&b, "r1", "Permit", &DAGL_OK, RESOURCE, "read write subscribe");
	add_rule(&b, "r2", "Permit", &regna, RESOURCE, "read");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C); /* E003, X005... speak of Deny too */
	assert_diag(&s->diags, "AX-C004", 0, "not granted read");
	assert_diags_done(&s->diags);
	h_diags_reset(&s->diags);

	/* permit-overrides: the Permit wins */
	ap_buf_reset(&b);
	policy_ok(&b, PERMIT_OVERRIDES);
	add_rule(&b, "r2", "Permit", &regna, RESOURCE, "read");
	add_rule(&b, "r3", "Deny", &DAGL_OK, RESOURCE, "read");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C); /* E003, X005... speak of Deny too */
	assert_no_diag(&s->diags, NULL);

	/* DAGL the only reader, then denied: nobody reads (AX-C001) */
	ap_buf_reset(&b);
	policy_ok(&b, DENY_OVERRIDES);
	add_rule(&b, "r3", "Deny", &DAGL_OK, RESOURCE, "read");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	h_keep_rules(&s->diags, CORE_C); /* E003, X005... speak of Deny too */
	assert_diag(&s->diags, "AX-C001", 0, "'read'");
	assert_diags_done(&s->diags);
	ap_buf_release(&b);
}

/* A subject Match in a category Altinn never evaluates (the 3.0 spelling
 * of access-subject) vanishes: the rule gets broader, not narrower. */
static void test_lint_wrong_category_is_broader(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	struct subject sub = DAGL_OK;
	ap_doc *doc;
	const ap_node *policy;
	struct ap_req_attr attrs[3] = {
		{.category = AP_CAT_SUBJECT, .id = "urn:altinn:rolecode", .value = "REGNA"},
		{.category = AP_CAT_RESOURCE, .id = "urn:altinn:resource", .value = RESOURCE},
		{.category = AP_CAT_ACTION, .id = "urn:oasis:names:tc:xacml:1.0:action:action-id", .value = "read"},
	};
	struct ap_request req = {attrs, 3};

	sub.category = CAT_SUBJECT_TYPO;
	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r1", "Permit", &sub, RESOURCE, "read write subscribe");
	policy_end(&b);
	doc = h_parse(b.ptr);
	policy = ap_doc_root(doc);
	/* anybody at all, not only DAGL */
	assert_int_equal(ap_eval__policy(policy, &req, NULL), AP_DECISION_PERMIT);
	req.count = 2; /* no subject attribute at all, and no action either */
	attrs[0] = attrs[1];
	attrs[1] = attrs[2];
	assert_int_equal(ap_eval__policy(policy, &req, NULL), AP_DECISION_PERMIT);
	ap_doc_free(doc);
	/* so DAGL is granted everything (everyone is): no AX-C004 */
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	assert_no_diag(&s->diags, "AX-C004");
	assert_no_diag(&s->diags, "AX-C001");
	h_diags_reset(&s->diags);
	ap_buf_release(&b);
}

/* The explicit --resource-id wins over the inferred one. */
static void test_lint_resource_id_option(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;

	policy_ok(&b, DENY_OVERRIDES);
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, "other-resource");
	h_keep_rules(&s->diags, CORE_C ",AX-R002");
	assert_diag(&s->diags, "AX-C001", 0, "'read' on resource 'other-resource'");
	assert_diag(&s->diags, "AX-C002", 0, "'write' on resource 'other-resource'");
	assert_diag(&s->diags, "AX-C003", 0, "'subscribe' on resource 'other-resource'");
	assert_diag(&s->diags, "AX-R002", 0, "published for 'other-resource'");
	assert_diags_done(&s->diags);
	ap_buf_release(&b);
}

/* A designator without AttributeId (AX-S012) inside a Permit rule's
 * subject AllOf: the grant questions must not crash on it (they used to pass
 * its NULL id to strcmp, in src/eval/altinn.c match_one). */
static void test_lint_designator_without_attribute_id(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	char *dir = h_mkdtemp(), *path = h_join(dir, "no-id.xml"), *out, *err;
	const char *argv[] = {"lint", path, NULL};
	uint32_t line, col;
	int rc;

	policy_begin(&b, DENY_OVERRIDES);
	assert_int_equal(ap_buf_adds(&b,
		"  <Rule RuleId=\"r1\" Effect=\"Permit\">\n    <Target>\n      <AnyOf>\n      <AllOf>\n"
		"        <Match MatchId=\"" FN_EQ "\">\n"
		"          <AttributeValue DataType=\"" XS "\">DAGL</AttributeValue>\n"
		"          <AttributeDesignator Category=\"" CAT_SUBJECT "\" DataType=\"" XS "\" MustBePresent=\"false\"/>\n"
		"        </Match>\n"), AP_OK);
	add_match(&b, FN_EQ, CAT_SUBJECT, "urn:altinn:org", "ttd");
	assert_int_equal(ap_buf_adds(&b, "      </AllOf>\n      </AnyOf>\n    </Target>\n  </Rule>\n"),
			 AP_OK);
	policy_end(&b);
	h_pos_of(b.ptr, "<AttributeDesignator Category=", &line, &col);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	assert_diag_at(&s->diags, "AX-S012", line, col, "AttributeId");
	h_diags_reset(&s->diags);
	/* and the command line neither */
	h_write_file(path, b.ptr, b.len);
	rc = h_run_cli(NULL, argv, &out, &err);
	if (rc != 1)
		fail_msg("exit status %d, want 1; stderr: %s", rc, err);
	assert_non_null(strstr(out, "[AX-S012]"));
	free(out);
	free(err);
	h_rmtree(dir);
	free(dir);
	free(path);
	ap_buf_release(&b);
}

/* ---- the driver ------------------------------------------------------- */

/* A broken document gets AX-S001 and nothing from rules that need a
 * complete model. */
static void test_lint_broken_only_s001(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	size_t i;

	policy_ok(&b, DENY_OVERRIDES);
	/* no </Policy> */
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	assert_true(s->diags.count > 0);
	for (i = 0; i < s->diags.count; i++) {
		assert_string_equal(s->diags.items[i].rule_id, "AX-S001");
		assert_true(s->diags.items[i].line > 0);
		assert_int_equal(s->diags.items[i].severity, AP_SEV_ERROR);
		assert_string_equal(s->diags.items[i].file, "test.xml");
	}
	h_diags_reset(&s->diags);
	ap_buf_release(&b);
}

/* Findings come back sorted and are appended to what the list held. */
static void test_lint_sorted_and_appended(void **state)
{
	struct h_state *s = *state;
	struct ap_buf b = AP_BUF_INIT;
	size_t i, before;

	assert_int_equal(ap_diag_list_add(&s->diags, "AX-Z000", AP_SEV_INFO, "zzz", 1, 1, "old"),
			 AP_OK);
	before = s->diags.count;
	policy_begin(&b, DENY_OVERRIDES);
	add_rule(&b, "r1", "Permit", NULL, NULL, "sign");
	policy_end(&b);
	h_lint(&s->diags, b.ptr, AP_PROFILE_CORRESPONDENCE, NULL);
	assert_true(s->diags.count > before + 1);
	assert_string_equal(s->diags.items[0].message, "old");
	for (i = before + 1; i < s->diags.count; i++) {
		const struct ap_diag *p = &s->diags.items[i - 1], *d = &s->diags.items[i];

		assert_true(p->line < d->line || (p->line == d->line && p->col < d->col) ||
			    (p->line == d->line && p->col == d->col &&
			     strcmp(p->rule_id, d->rule_id) <= 0));
	}
	h_diags_reset(&s->diags);
	ap_buf_release(&b);
}

static void test_lint_file_errors(void **state)
{
	struct h_state *s = *state;
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	ap_linter *l = NULL;
	struct ap_error err = AP_ERROR_INIT;
	char *dir = h_mkdtemp(), *missing = h_join(dir, "missing.xml"), *fixture;

	assert_int_equal(ap_linter_new(&l, &o, &err), AP_OK);
	assert_int_equal(ap_lint_file(l, missing, NULL, &s->diags, &err), AP_EIO);
	assert_int_equal(err.code, AP_EIO);
	assert_non_null(strstr(err.message, "missing.xml"));
	assert_int_equal(s->diags.count, 0);
	/* a file linted under another name */
	fixture = h_src_path(FIXTURE_ORG);
	assert_int_equal(ap_lint_file(l, fixture, "shown.xml", &s->diags, &err), AP_OK);
	free(fixture);
	assert_string_equal(s->diags.items[0].file, "shown.xml");
	assert_diag(&s->diags, "AX-C004", 11, NULL);
	assert_diag(&s->diags, "AX-C005", 11, NULL);
	assert_diag(&s->diags, "AX-V001", 11, NULL);
	ap_linter_free(l);
	ap_linter_free(NULL);
	h_rmtree(dir);
	free(dir);
	free(missing);
}

/* Linter and lint under allocation failure: AP_ENOMEM, no leak. */
static void test_lint_out_of_memory(void **state)
{
	size_t len;
	char *buf = h_read_fixture(FIXTURE_ORG, &len);
	size_t expected;
	long n;

	(void)state;
	/* the findings of an undisturbed run, to compare with */
	{
		struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		struct ap_error err = AP_ERROR_INIT;
		ap_linter *linter = NULL;

		o.resource_id = RESOURCE;
		assert_int_equal(ap_linter_new(&linter, &o, &err), AP_OK);
		assert_int_equal(ap_lint_memory(linter, "oom.xml", buf, len, &l, &err), AP_OK);
		expected = l.count;
		assert_true(expected >= 2);
		ap_diag_list_release(&l);
		ap_linter_free(linter);
	}
	for (n = 1; n < 100000; n++) {
		struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
		struct ap_diag_list l = AP_DIAG_LIST_INIT;
		struct ap_error err = AP_ERROR_INIT;
		ap_linter *linter = NULL;
		int ret;

		o.resource_id = RESOURCE;
		h_alloc_fail_at(n);
		ret = ap_linter_new(&linter, &o, &err);
		if (ret == AP_OK)
			ret = ap_lint_memory(linter, "oom.xml", buf, len, &l, &err);
		ap_linter_free(linter);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			assert_int_equal(l.count, expected);
			ap_diag_list_release(&l);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			free(buf);
			return;
		}
		ap_diag_list_release(&l);
		if (ret != AP_ENOMEM || h_alloc_live() != 0) {
			long live = h_alloc_live();

			h_alloc_off();
			fail_msg("allocation %ld failed: returned %d, %ld blocks leaked", n, ret,
				 live);
		}
		assert_int_equal(err.code, AP_ENOMEM);
		h_alloc_off();
	}
	fail_msg("never succeeded");
}

/* The harness itself: a wrong expectation must fail. */
static void expect_wrong_line(void **state)
{
	struct h_state *s = *state;

	h_lint_fixture(&s->diags, FIXTURE_ORG, AP_PROFILE_CORRESPONDENCE);
	assert_diag(&s->diags, "AX-C005", 12, NULL); /* it is on line 11 */
}

static void test_lint_harness_catches_mistakes(void **state)
{
	const struct CMUnitTest inner[] = {
		cmocka_unit_test_setup_teardown(expect_wrong_line, h_setup, h_teardown),
	};
	int status, fd;
	pid_t pid;

	(void)state;
	/* in a child, so that cmocka's state and output stay out of ours */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		_exit(cmocka_run_group_tests_name("must-fail", inner, NULL, NULL));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1); /* one failed test */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lint_registry_sorted_unique, h_reset_claims),
		cmocka_unit_test_setup(test_lint_registry_docs_and_fixtures, h_reset_claims),
		cmocka_unit_test_setup(test_lint_pages_agree_with_registry, h_reset_claims),
		cmocka_unit_test_setup(test_lint_profiles, h_reset_claims),
		cmocka_unit_test_setup_teardown(test_lint_profiles_on_a_policy, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_correct_policy_is_clean, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_missing_subscribe, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_org_rolecode, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_dagl_case_sensitive, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_deny_rule, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_wrong_category_is_broader, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_resource_id_option, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_designator_without_attribute_id, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_broken_only_s001, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_sorted_and_appended, h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_lint_file_errors, h_setup, h_teardown),
		cmocka_unit_test_setup(test_lint_out_of_memory, h_reset_claims),
		cmocka_unit_test_setup(test_lint_harness_catches_mistakes, h_reset_claims),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
