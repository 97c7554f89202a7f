/*
 * Linting: findings are data.  ap_lint_doc returns AP_OK however many
 * problems the policy has; they are appended to an ap_diag_list.
 */
#ifndef ALTINN_POLICY_LINT_H
#define ALTINN_POLICY_LINT_H

#include "altinn-policy/common.h"
#include "altinn-policy/policy.h"

struct json_t;

enum ap_severity {
	AP_SEV_OFF = 0,
	AP_SEV_INFO = 1,
	AP_SEV_WARNING = 2,
	AP_SEV_ERROR = 3
};

/* "info", "warning", "error" ("off" for AP_SEV_OFF).  Cannot fail. */
const char *ap_severity_name(enum ap_severity s);
/* Parses one of the names above; returns AP_OK or AP_EINVALID. */
AP_NODISCARD int ap_severity_parse(enum ap_severity *out, const char *s);

/* Lint profiles: which rules run and what the policy must grant. */
enum ap_profile {
	AP_PROFILE_CORRESPONDENCE = 0,
	AP_PROFILE_RESOURCE,
	AP_PROFILE_APP,
	AP_PROFILE_DELEGATION,
	AP_PROFILE_COUNT
};
#define AP_PROFILE_BIT(p) (1u << (p))
#define AP_PROFILES_ALL ((1u << AP_PROFILE_COUNT) - 1u)

const char *ap_profile_name(enum ap_profile p);
AP_NODISCARD int ap_profile_parse(enum ap_profile *out, const char *s);

/* One finding.  Strings are owned by the list that holds the diag. */
struct ap_diag {
	const char *rule_id;       /* static */
	enum ap_severity severity; /* effective severity */
	char *file;
	uint32_t line;
	uint32_t col;
	char *message;
	char *snippet; /* the source line the finding is on (no newline), or
			  NULL; set with ap_diag_set_snippet */
};

/* A growable list of findings; AP_DIAG_LIST_INIT, then ap_diag_list_release. */
struct ap_diag_list {
	struct ap_diag *items;
	size_t count;
	size_t alloc;
};
#define AP_DIAG_LIST_INIT {NULL, 0, 0}

/* Appends a finding (copies file and message).  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_diag_list_add(struct ap_diag_list *l, const char *rule_id,
				  enum ap_severity sev, const char *file,
				  uint32_t line, uint32_t col,
				  const char *message);
/* Sets d->snippet to a copy of len bytes at line.  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_diag_set_snippet(struct ap_diag *d, const char *line,
				     size_t len);
/* Sorts by file, line, column, rule id, message (stable order). */
void ap_diag_list_sort(struct ap_diag_list *l);
/* Moves every item of src to the end of dst; src is empty afterwards. */
AP_NODISCARD int ap_diag_list_move(struct ap_diag_list *dst,
				   struct ap_diag_list *src);
/* Empties the list, keeping its memory for reuse. */
void ap_diag_list_reset(struct ap_diag_list *l);
/* Frees everything.  Accepts NULL. */
void ap_diag_list_release(struct ap_diag_list *l);
/* Highest severity in the list (AP_SEV_OFF when empty). */
enum ap_severity ap_diag_list_worst(const struct ap_diag_list *l);

/* A per-rule setting from the configuration (or the command line). */
struct ap_rule_setting {
	const char *id;            /* rule id */
	int has_severity;          /* severity below replaces the default */
	enum ap_severity severity; /* AP_SEV_OFF disables the rule */
	const struct json_t *options; /* rule options (borrowed) or NULL */
};

/*
 * What a profile requires a policy to grant (the correspondence rules):
 * every action to somebody (AX-C001..C003 for read, write, subscribe) and
 * all of them to the subject (AX-C004).  NULL members: the defaults, read,
 * write, subscribe and DAGL on urn:altinn:rolecode.
 */
struct ap_requirements {
	const char *const *actions;
	size_t nactions;
	const char *subject_id;
	const char *subject_value;
};

/* Options of a linter; initialise with AP_LINT_OPTIONS_INIT.  Pointers are
 * borrowed for the linter's lifetime. */
struct ap_lint_options {
	enum ap_profile profile;
	const char *resource_id; /* the resource published; NULL: infer */
	int validate_schema;     /* also validate against the embedded XSD */
	struct ap_load_options load;
	const struct ap_rule_setting *rules; /* per-rule settings */
	size_t nrules;
	const struct ap_requirements *require; /* NULL: the defaults */
	int no_inline_config;    /* ignore altinn-policy-disable comments */
	int require_reason;      /* suppressions need "-- reason" */
	int resource_json;       /* read resource.json beside each policy */
};
#define AP_LINT_OPTIONS_INIT \
	{AP_PROFILE_CORRESPONDENCE, NULL, 0, AP_LOAD_OPTIONS_INIT, NULL, 0, \
	 NULL, 0, 0, 1}

/*
 * A linter holds what is shared by every file: the options, the rule table
 * and the compiled schema.  Once created it is read-only, so one linter may
 * serve several threads.
 */
typedef struct ap_linter ap_linter;

/*
 * Creates a linter (caller owns it, free with ap_linter_free).  opts is
 * copied; resource_id is copied.  Errors: AP_ENOMEM, AP_EINTERNAL (the
 * embedded schema does not compile).
 */
AP_NODISCARD int ap_linter_new(ap_linter **out,
			       const struct ap_lint_options *opts,
			       struct ap_error *err);
void ap_linter_free(ap_linter *l);

/* The load options documents should be parsed with (borrowed). */
const struct ap_load_options *ap_linter_load_options(const ap_linter *l);

/*
 * Runs every rule of the profile on doc and appends the findings, sorted,
 * to out.  Errors: AP_ENOMEM only.
 */
AP_NODISCARD int ap_lint_doc(const ap_linter *l, const ap_doc *doc,
			     struct ap_diag_list *out, struct ap_error *err);

/*
 * Loads path (name: what to report it as, NULL for path) and lints it.
 * Errors: AP_EIO when the file cannot be read (err says why), AP_ENOMEM.
 */
AP_NODISCARD int ap_lint_file(const ap_linter *l, const char *path,
			      const char *name, struct ap_diag_list *out,
			      struct ap_error *err);

/* Same for a buffer already in memory (copied). */
AP_NODISCARD int ap_lint_memory(const ap_linter *l, const char *name,
				const char *buf, size_t len,
				struct ap_diag_list *out, struct ap_error *err);

/* The rule catalogue, sorted by id. */
struct ap_rule_info {
	const char *id;
	const char *name;
	enum ap_severity severity; /* default */
	unsigned profiles;         /* AP_PROFILE_BIT set */
	const char *summary;
	const char *source;        /* where the behaviour comes from */
};
size_t ap_rule_count(void);
/* Fills *out with rule i (strings are static).  AP_OK, or AP_ENOTFOUND
 * when i >= ap_rule_count(). */
int ap_rule_at(size_t i, struct ap_rule_info *out);
/* The rule's documentation page (docs/rules/<ID>.md, embedded at build
 * time; static, NUL-terminated Markdown), or NULL when it has none. */
const char *ap_rule_page(const char *id);
/* Fills *out with the rule of that id.  AP_OK or AP_ENOTFOUND. */
int ap_rule_find(const char *id, struct ap_rule_info *out);

#endif
