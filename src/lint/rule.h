/*
 * The rule interface.  HOW TO ADD A RULE: create src/lint/rules/<id>.c
 * (for example ax_s001.c) that defines a static check function and exactly
 * one exported record named ap_rule_<ID with '-' as '_'>:
 *
 *	const struct ap_rule ap_rule_AX_S008 = {
 *		.id = "AX-S008", .name = "empty-target-not-self-closing",
 *		.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
 *		.visits = AP_VISIT(AP_NODE_TARGET), .check = check,
 *		.summary = "...", .source = "XacmlParser.cs ReadTarget",
 *	};
 *
 * The build collects every ap_rule_AX_... record into the registry table
 * (sorted by id); nothing else registers rules.  Add docs/rules/<ID>.md and
 * tests/rules/<ID>/ (good-*.xml, bad-*.xml with .expected beside them).
 *
 * Rules do no I/O, keep no state of their own and report only through
 * ap_lint_report*; the driver walks the model once and calls .check for
 * each node of a kind in .visits, then .check_doc once per document.
 */
#ifndef AP_LINT_RULE_H
#define AP_LINT_RULE_H

#include "altinn-policy/lint.h"
#include "policy/model.h"

struct ap_lint_ctx;

#define AP_VISIT(kind) (UINT64_C(1) << (kind))

struct ap_rule {
	const char *id;
	const char *name;
	enum ap_severity severity; /* default severity */
	unsigned profiles;         /* AP_PROFILE_BIT set it runs in */
	uint64_t visits;           /* AP_VISIT set */
	/* Called for each visited node, in document order.  May be NULL. */
	void (*check)(struct ap_lint_ctx *ctx, const struct ap_node *node);
	/* Called once per document after the walk.  May be NULL. */
	void (*check_doc)(struct ap_lint_ctx *ctx, const struct ap_doc *doc);
	const char *summary;
	const char *source;
	unsigned flags;            /* AP_RULE_* */
};

/*
 * Rules normally run only on documents that parsed completely; a rule with
 * this flag also runs when the XML was not well-formed, too large or too
 * deep (the model then holds only what was read before the problem).
 */
#define AP_RULE_ON_BROKEN 1u
/*
 * The rule's check_doc runs after inline suppression has filtered the
 * other rules' findings (AX-Q008 reports on the suppressions themselves).
 */
#define AP_RULE_AFTER_SUPPRESSION 2u

struct ap_suppressions;
/* The inline suppression directives of the document, once collected (for
 * AP_RULE_AFTER_SUPPRESSION rules); NULL with --no-inline-config. */
const struct ap_suppressions *ap_lint_ctx_suppressions(const struct ap_lint_ctx *ctx);

/* Rule of that id in the registry, or NULL. */
const struct ap_rule *ap_lint__rule_find(const char *id);

/* The registry (generated at build time from src/lint/rules). */
extern const struct ap_rule *const ap_rule_table[];
extern const size_t ap_rule_table_len;

/*
 * Reports a finding of the running rule at node (its line and column), with
 * the rule's default severity.  Out-of-memory is remembered by the context
 * and returned by the driver; rules need not check.
 */
void ap_lint_report(struct ap_lint_ctx *ctx, const struct ap_node *node,
		    const char *fmt, ...) AP_PRINTF(3, 4);
/* Same with a severity chosen by the rule (for "error / info" rules). */
void ap_lint_report_sev(struct ap_lint_ctx *ctx, const struct ap_node *node,
			enum ap_severity sev, const char *fmt, ...)
	AP_PRINTF(4, 5);
/* Same at an explicit position (line 0: the file as a whole). */
void ap_lint_report_at(struct ap_lint_ctx *ctx, uint32_t line, uint32_t col,
		       enum ap_severity sev, const char *fmt, ...)
	AP_PRINTF(5, 6);

/*
 * A rule whose own allocation failed calls this instead of returning
 * quietly: the driver then fails the lint with AP_ENOMEM, so a missing
 * finding is never mistaken for a clean policy.
 */
void ap_lint_ctx_nomem(struct ap_lint_ctx *ctx);

/* The document being linted, and the linter's options (borrowed). */
const struct ap_doc *ap_lint_ctx_doc(const struct ap_lint_ctx *ctx);
const struct ap_lint_options *ap_lint_ctx_options(const struct ap_lint_ctx *ctx);
/* The running rule's default severity (after profile adjustments). */
enum ap_severity ap_lint_ctx_default_severity(const struct ap_lint_ctx *ctx);

/*
 * The resource identifier the policy is about: the linter's resource_id
 * when given, else the first urn:altinn:resource value of a resource-
 * category Match in document order, else NULL.  Borrowed.
 */
const char *ap_lint_ctx_resource_id(struct ap_lint_ctx *ctx);

/*
 * The identifier the policy is published for, when known for certain:
 * --resource-id, or the "identifier" of a resource.json in the policy's
 * folder.  NULL otherwise (the registry rules AX-R001..R003 then stay
 * quiet rather than guess).  Borrowed.
 */
const char *ap_lint_ctx_published_id(const struct ap_lint_ctx *ctx);

/* The profile this document is linted with (the config may choose it per
 * path). */
enum ap_profile ap_lint_ctx_profile(const struct ap_lint_ctx *ctx);

/*
 * The running rule's options from the configuration file: the JSON object
 * under "rules": {"<ID>": {"options": {...}}}, borrowed, or NULL when
 * none.  Rules read it with jansson's json_object_get and document each
 * option on their page.
 */
struct json_t;
const struct json_t *ap_lint_ctx_rule_options(const struct ap_lint_ctx *ctx);

/* What the profile requires the policy to grant (configured, or read,
 * write, subscribe and DAGL on urn:altinn:rolecode).  Borrowed. */
const struct ap_requirements *ap_lint_ctx_requirements(const struct ap_lint_ctx *ctx);

/* The options the configuration gives rule id in linter l (borrowed), or
 * NULL (for fixes, which take their settings from the rule's options). */
const struct json_t *ap_linter__rule_options(const ap_linter *l, const char *id);

/* The policy root when it is a <Policy> element, else NULL. */
const struct ap_node *ap_lint_ctx_policy(const struct ap_lint_ctx *ctx);

#endif
