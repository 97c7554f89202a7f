/*
 * Shared helpers of the cmocka unit tests (docs/internals/TESTING.md).
 *
 * Every helper that can fail fails the running test (cmocka's fail_msg),
 * so tests read as straight-line code.  Paths of fixtures are relative to
 * AP_SOURCE_DIR (the repository root; "." when unset); the command line
 * binary is AP_BIN (default build/altinn-policy).
 *
 * Only the cmocka 1.1.5 API is used.
 */
#ifndef AP_TEST_HARNESS_H
#define AP_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "altinn-policy/altinn-policy.h"

/* ---- locations -------------------------------------------------------- */

/* AP_SOURCE_DIR, or "." (borrowed). */
const char *h_source_dir(void);
/* AP_BIN, or "build/altinn-policy" (borrowed). */
const char *h_bin(void);
/* AP_SOURCE_DIR "/" rel (caller frees with free()). */
char *h_src_path(const char *rel);

/* ---- files ------------------------------------------------------------ */

/* Whole file at path (not relative to anything), NUL-terminated; caller
 * frees.  Fails the test when unreadable. */
char *h_read_file(const char *path, size_t *len);
/* A fixture: rel is relative to AP_SOURCE_DIR (e.g. "tests/fixtures/x"). */
char *h_read_fixture(const char *rel, size_t *len);
/* Writes len bytes to path (creating or truncating); fails the test. */
void h_write_file(const char *path, const void *data, size_t len);
/* 1 when path exists (any type), else 0. */
int h_exists(const char *path);

/* Fresh directory below $TMPDIR (or /tmp); caller frees the string and
 * removes the tree with h_rmtree. */
char *h_mkdtemp(void);
/* Removes path recursively (does not follow symbolic links). */
void h_rmtree(const char *path);
/* dir "/" name, caller frees. */
char *h_join(const char *dir, const char *name);

/* ---- documents -------------------------------------------------------- */

/* Parses a NUL-terminated string with default options; asserts AP_OK. */
ap_doc *h_parse(const char *xml);
/* Parses len bytes with opts (NULL: defaults); asserts AP_OK. */
ap_doc *h_parse_n(const char *buf, size_t len,
		  const struct ap_load_options *opts);
/* Loads a fixture (relative to AP_SOURCE_DIR); asserts AP_OK. */
ap_doc *h_load_fixture(const char *rel);

/* Number of problems of that kind. */
size_t h_problem_count(const ap_doc *doc, enum ap_problem_kind kind);
/* First problem of that kind, or NULL. */
const struct ap_problem *h_problem(const ap_doc *doc,
				   enum ap_problem_kind kind);
/* Asserts there is no problem at all (prints them when there are). */
#define assert_no_problems(doc) h_assert_no_problems((doc), __FILE__, __LINE__)
void h_assert_no_problems(const ap_doc *doc, const char *file, int line);

/* Depth-first search: the n-th (0-based) element of kind below and
 * including from, document order; NULL when there are fewer. */
const ap_node *h_find(const ap_node *from, enum ap_node_kind kind, size_t n);
/* Number of nodes of kind below and including from. */
size_t h_count(const ap_node *from, enum ap_node_kind kind);

/* 1-based line and column (in characters) of the first occurrence of
 * needle in text; fails the test when absent. */
void h_pos_of(const char *text, const char *needle, uint32_t *line,
	      uint32_t *col);

/* Asserts that needle occurs nowhere in the document: source excluded
 * (it is what was read), but every name, attribute, text, comment and
 * problem message of the model is searched. */
void h_assert_doc_lacks(const ap_doc *doc, const char *needle);

/* ---- linting ---------------------------------------------------------- */

/* Lints xml (named "test.xml") with profile into out (appended); asserts
 * AP_OK.  resource_id may be NULL. */
void h_lint(struct ap_diag_list *out, const char *xml,
	    enum ap_profile profile, const char *resource_id);
/* Same for len bytes. */
void h_lint_n(struct ap_diag_list *out, const char *buf, size_t len,
	      enum ap_profile profile);
/* Same for a fixture relative to AP_SOURCE_DIR (reported by that name). */
void h_lint_fixture(struct ap_diag_list *out, const char *rel,
		    enum ap_profile profile);

/*
 * Asserts that list holds a finding of rule id on line (0: any line) whose
 * message contains substr (NULL: any), not yet claimed by an earlier
 * assert_diag.  The finding is claimed; assert_diags_done then asserts that
 * every finding of the list was claimed.  On failure the whole list is
 * printed.
 */
#define assert_diag(list, id, line, substr) \
	h_assert_diag((list), (id), (line), 0, (substr), __FILE__, __LINE__)
/* Same, also checking the column. */
#define assert_diag_at(list, id, line, col, substr) \
	h_assert_diag((list), (id), (line), (col), (substr), __FILE__, __LINE__)
void h_assert_diag(const struct ap_diag_list *l, const char *id,
		   uint32_t line, uint32_t col, const char *substr,
		   const char *file, int srcline);
/* Every finding of the list was claimed by assert_diag. */
#define assert_diags_done(list) h_assert_diags_done((list), __FILE__, __LINE__)
void h_assert_diags_done(const struct ap_diag_list *l, const char *file,
			 int srcline);
/* Empties the list and forgets what was claimed (use it, not
 * ap_diag_list_reset, on a list checked with assert_diag). */
void h_diags_reset(struct ap_diag_list *l);
/* Drops the findings whose rule id starts with none of the comma-separated
 * prefixes (for tests
 * about one family of rules, so that other rules' findings on the same
 * input do not matter). */
void h_keep_rules(struct ap_diag_list *l, const char *prefix);
/* No finding of rule id (NULL: none at all) in the list. */
#define assert_no_diag(list, id) h_assert_no_diag((list), (id), __FILE__, __LINE__)
void h_assert_no_diag(const struct ap_diag_list *l, const char *id,
		      const char *file, int srcline);
/* Number of findings of rule id (NULL: all). */
size_t h_diag_count(const struct ap_diag_list *l, const char *id);
/* Prints the list to stderr, one "line:col: severity: message [ID]". */
void h_print_diags(const struct ap_diag_list *l);

/*
 * Per-test state for tests that lint: setup zeroes it, teardown asserts
 * that every finding was claimed and that no ap_error is left set, then
 * releases the list.  Use with cmocka_unit_test_setup_teardown(f,
 * h_setup, h_teardown); the test gets a struct h_state * in *state.
 */
struct h_state {
	struct ap_diag_list diags;
	struct ap_error err;
};
int h_setup(void **state);
int h_teardown(void **state);
/* Per-test setup for tests without state: forgets claimed findings (the
 * addresses of a released list come back in the next one). */
int h_reset_claims(void **state);

/* ---- allocation failure injection ------------------------------------- */

/*
 * Installs a counting allocator with ap_set_allocator: the n-th library
 * allocation (malloc or realloc, 1-based) from now on fails; 0 never
 * fails.  The counters restart.  h_alloc_off restores libc.
 */
void h_alloc_fail_at(long n);
void h_alloc_off(void);
/* Allocations attempted since h_alloc_fail_at. */
long h_alloc_calls(void);
/* 1 once the injected failure happened. */
int h_alloc_failed(void);
/* Blocks allocated through the hook and not freed yet (library memory
 * freed during the window counts against it, so use it for round trips:
 * everything allocated after h_alloc_fail_at freed before asking). */
long h_alloc_live(void);

/*
 * Allocation-failure torture: runs op once without failures (the
 * reference), then again with the 1st, 2nd, ... library allocation
 * failing, until a run completes without reaching the failure.  op does
 * the whole round trip (create, use, free everything) and describes its
 * result in *out (a malloc'd string, e.g. the findings; NULL for none).
 * Each failing run must return AP_ENOMEM with nothing leaked, or AP_OK
 * with exactly the reference result (degrading to a different answer, in
 * particular a wrong "clean" verdict, fails the test).  Returns the number
 * of allocations tried.  Under valgrind (AP_VALGRIND=1) only every 7th
 * allocation is failed, to keep the run short.
 */
typedef int (*h_torture_fn)(void *ctx, char **out);
long h_torture(const char *what, h_torture_fn op, void *ctx);

/* ---- the command line ------------------------------------------------- */

/*
 * Runs AP_BIN with argv (NULL-terminated, argv[0] is the first argument
 * after the binary) in cwd (NULL: unchanged), stdin from /dev/null.
 * Returns the exit status (128+signal when killed); *out and *err receive
 * what it printed (caller frees; may be NULL to discard).
 */
int h_run_cli(const char *cwd, const char *const *argv, char **out,
	      char **err);

/* ---- running ---------------------------------------------------------- */

/* Call first in main: AP_TEST_FILTER (a cmocka pattern, "*" wildcards)
 * selects the tests to run, e.g. AP_TEST_FILTER=test_parse_xxe*. */
void h_test_filter(void);

/* ---- time ------------------------------------------------------------- */

/* Monotonic seconds. */
double h_now(void);

#endif
