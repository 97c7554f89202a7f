/*
 * Automatic fixes of lint findings (`altinn-policy fix`, `lint --fix`).
 *
 * A rule may carry a fix (src/fix/fixes/<id>.c).  A fix is a list of
 * minimal textual edits of the original bytes, re-derived from the model at
 * the finding's position: everything else stays byte for byte.  Safe fixes
 * keep what the policy grants to whom except for the mistake the finding
 * names; unsafe fixes change behaviour someone must review and run only
 * when asked.  Edits that overlap are never merged: the later one waits for
 * the next pass (after the first is applied and the file linted again), and
 * is dropped when it still collides.  docs/altinn-policy-fix.md lists them.
 */
#ifndef ALTINN_POLICY_FIX_H
#define ALTINN_POLICY_FIX_H

#include "altinn-policy/common.h"
#include "altinn-policy/lint.h"

enum ap_fix_class {
	AP_FIX_NONE = 0, /* the rule has no fix */
	AP_FIX_SAFE,
	AP_FIX_UNSAFE
};

/* Options; initialise with AP_FIX_OPTIONS_INIT. */
struct ap_fix_options {
	int unsafe;          /* also apply unsafe fixes */
	int auth_level;      /* level of an added authentication obligation;
				0: AX-C007's option "level" in the
				configuration, else 3 */
	unsigned max_passes; /* lint-fix rounds at most (each re-lints) */
};
#define AP_FIX_OPTIONS_INIT {0, 0, 8}

/* What fixing one file gave; AP_FIX_RESULT_INIT, ap_fix_result_release. */
struct ap_fix_result {
	struct ap_buf fixed;          /* the fixed bytes (the input when no
					 fix applied) */
	int changed;                  /* fixed differs from the input */
	struct ap_diag_list applied;  /* one per fix applied: rule, position
					 (in the text of that pass), what */
	struct ap_diag_list remaining; /* findings of the fixed text */
	size_t collisions;            /* edits refused for overlapping */
};
#define AP_FIX_RESULT_INIT {AP_BUF_INIT, 0, AP_DIAG_LIST_INIT, AP_DIAG_LIST_INIT, 0}

/*
 * Lints len bytes at data (reported as name) with l, applies the fixes of
 * the findings (safe ones, and unsafe ones when opt->unsafe), lints again,
 * and repeats until nothing changes or opt->max_passes.  A file that does
 * not parse is left as it is (its findings are the result).  opt may be
 * NULL.  Errors: AP_ENOMEM.
 */
AP_NODISCARD int ap_fix_memory(const ap_linter *l, const char *name,
			       const char *data, size_t len,
			       const struct ap_fix_options *opt,
			       struct ap_fix_result *res, struct ap_error *err);

/* Frees what res holds; it is AP_FIX_RESULT_INIT afterwards. */
void ap_fix_result_release(struct ap_fix_result *res);

/* The fix class of a rule, and a one-line description of its fix (static;
 * NULL when the rule has none). */
enum ap_fix_class ap_fix_class_of(const char *rule_id);
const char *ap_fix_summary(const char *rule_id);
/* "none", "safe", "unsafe". */
const char *ap_fix_class_name(enum ap_fix_class c);

#endif
