/*
 * The decision engine: requests, decisions, obligations, explanations,
 * decision tests and the access matrix behind `diff`.
 *
 * An engine evaluates one policy document with one of three semantics
 * (docs/semantics.md):
 *   altinn         Altinn's current PDP (per-category target flattening,
 *                  standard rule-combining tables with extended
 *                  Indeterminate, Indeterminate for unknown algorithms)
 *   altinn-legacy  the PDP as released up to ABAC 0.1.1, which never
 *                  returns Deny
 *   xacml          the XACML 3.0 standard: full Target structure,
 *                  Conditions over the standard function library,
 *                  variables, PolicySets, obligations and advice
 *
 * Everything returned is borrowed from the object that returned it unless
 * a comment says otherwise.  Nothing here prints.
 */
#ifndef ALTINN_POLICY_EVAL_H
#define ALTINN_POLICY_EVAL_H

#include "altinn-policy/common.h"
#include "altinn-policy/policy.h"

enum ap_semantics {
	AP_SEMANTICS_ALTINN = 0,
	AP_SEMANTICS_ALTINN_LEGACY,
	AP_SEMANTICS_XACML
};

/* "altinn", "altinn-legacy", "xacml" -> *out.  AP_OK or AP_EINVALID. */
AP_NODISCARD int ap_semantics_parse(enum ap_semantics *out, const char *name);
const char *ap_semantics_name(enum ap_semantics s);

enum ap_decision {
	AP_DECISION_NOT_APPLICABLE = 0,
	AP_DECISION_PERMIT,
	AP_DECISION_DENY,
	AP_DECISION_INDETERMINATE
};

/* "Permit", "Deny", "NotApplicable", "Indeterminate". */
const char *ap_decision_name(enum ap_decision d);
/* The names above, any letter case, "Not Applicable" and "N/A" too.
 * AP_OK or AP_EINVALID. */
AP_NODISCARD int ap_decision_parse(enum ap_decision *out, const char *name);

/* ---- requests --------------------------------------------------------- */

/* One attribute value of a request.  Strings are borrowed.  The Altinn
 * semantics read only category, id, value and data_type (Altinn matches
 * by attribute id within the three categories); the standard reads all. */
struct ap_req_attr {
	enum ap_category category; /* AP_CAT_OTHER: see category_id */
	const char *id;            /* AttributeId */
	const char *value;         /* the value's text */
	const char *data_type;     /* NULL means XMLSchema#string */
	const char *category_id;   /* NULL: the standard id of category */
	const char *issuer;        /* NULL: none */
	int include_in_result;     /* IncludeInResult="true" */
};

/* A request: attribute values in any order. */
struct ap_request {
	const struct ap_req_attr *attrs;
	size_t count;
};

/* A request that owns its strings. */
typedef struct ap_req ap_req;

/* An empty request (caller owns, ap_req_free).  Errors: AP_ENOMEM. */
AP_NODISCARD int ap_req_new(ap_req **out, struct ap_error *err);
void ap_req_free(ap_req *r);

/* Adds one value (all strings copied; data_type, issuer may be NULL).
 * Errors: AP_ENOMEM, AP_ETOOBIG (more than 10,000 values). */
AP_NODISCARD int ap_req_add(ap_req *r, const char *category_id,
			    const char *id, const char *data_type,
			    const char *value, const char *issuer,
			    struct ap_error *err);

/*
 * Adds a command-line shortcut for category cat: "id=value", or a bare
 * "value" with the category's usual id (subject urn:altinn:rolecode,
 * action ...:action-id, resource urn:altinn:resource).  The value is a
 * string.  Errors: AP_EINVALID (empty id or value), AP_ENOMEM.
 */
AP_NODISCARD int ap_req_add_shortcut(ap_req *r, enum ap_category cat,
				     const char *arg, struct ap_error *err);

/*
 * Parses a request: JSON in the XACML JSON profile shape Altinn's PEPs
 * send ({"Request": {"AccessSubject": [{"Attribute": [{"AttributeId":
 * ..., "Value": ..., "DataType": ...}]}], "Action": [...], "Resource":
 * [...]}}; several entries of one category are merged), or an XACML 3.0
 * XML <Request>.  The first non-blank byte decides which.  name is what
 * errors are reported against.  Errors: AP_EPARSE (with line:col),
 * AP_EINVALID (not a request), AP_ETOOBIG, AP_ENOMEM.
 */
AP_NODISCARD int ap_req_parse(ap_req **out, const char *name,
			      const char *buf, size_t len,
			      struct ap_error *err);

/* Reads path ("-": standard input) and parses it as ap_req_parse does.
 * Errors: those of ap_req_parse and AP_EIO. */
AP_NODISCARD int ap_req_load_file(ap_req **out, const char *path,
				  struct ap_error *err);

/* The request's values (borrowed; valid until the next ap_req_add).  For
 * a JSON request with MultiRequests: every value of every entry. */
const struct ap_request *ap_req_view(const ap_req *r);

/* The individual requests of a JSON request's MultiRequests object (each
 * RequestReference: the category entries whose "Id" it names); 0 when it
 * has none. */
size_t ap_req_multi_count(const ap_req *r);
/* The i-th of them (borrowed) and, in *label when not NULL, its
 * ReferenceIds joined with ", "; NULL when i is out of range. */
const struct ap_request *ap_req_multi(const ap_req *r, size_t i,
				      const char **label);

/* ---- engines and results ---------------------------------------------- */

typedef struct ap_engine ap_engine;

/*
 * Prepares doc for evaluation with sem (caller owns the engine, free with
 * ap_engine_free; doc is borrowed and must outlive it).  The Altinn
 * semantics need a Policy root; xacml takes Policy or PolicySet.
 * Errors: AP_EINVALID (no usable root: not well-formed, wrong root;
 * err has file:line:col), AP_ENOMEM.
 */
AP_NODISCARD int ap_engine_new(ap_engine **out, const ap_doc *doc,
			       enum ap_semantics sem, struct ap_error *err);

/* Makes doc (a Policy or PolicySet, borrowed) available to
 * PolicyIdReference / PolicySetIdReference of an xacml engine.
 * Errors: AP_EINVALID (no Policy or PolicySet root), AP_ENOMEM. */
AP_NODISCARD int ap_engine_add_reference(ap_engine *e, const ap_doc *doc,
					 struct ap_error *err);

void ap_engine_free(ap_engine *e);

enum ap_semantics ap_engine_semantics(const ap_engine *e);
const ap_doc *ap_engine_doc(const ap_engine *e);

/* The Rules of the engine's document in document order (PolicySets
 * walked depth first).  Cannot fail. */
size_t ap_engine_rule_count(const ap_engine *e);
const ap_node *ap_engine_rule(const ap_engine *e, size_t i);

/* One AttributeAssignment of an obligation or advice. */
struct ap_assignment {
	const char *attribute_id;
	const char *category; /* NULL when absent */
	const char *issuer;   /* NULL when absent */
	const char *data_type;
	const char *value;
};

struct ap_obligation {
	const char *id;
	const struct ap_assignment *assignments;
	size_t count;
};

/* Why a Match (or a Condition) did not hold. */
struct ap_trace_miss {
	const ap_node *node; /* the Match or Condition */
	const char *why;     /* one sentence */
};

/* What happened to one Rule. */
struct ap_trace_step {
	const ap_node *rule;
	const char *rule_id;  /* "" when the Rule has none */
	int applicable;       /* altinn: resource and action matched;
				 xacml: the policy and rule targets matched */
	int matched;          /* ...and the subject (and Condition) too */
	enum ap_decision decision; /* the rule's own decision */
	const struct ap_trace_miss *misses; /* why not, when not matched */
	size_t nmisses;
};

struct ap_result {
	enum ap_decision decision;
	const char *status;         /* XACML status code URN */
	const char *status_message; /* "" when none */
	const ap_node *decider;     /* the Rule whose effect decided, or NULL */
	const struct ap_obligation *obligations;
	size_t nobligations;
	const struct ap_obligation *advice;
	size_t nadvice;
	const struct ap_trace_step *trace; /* with AP_EVAL_EXPLAIN */
	size_t ntrace;
	void *priv; /* owned storage */
};
#define AP_RESULT_INIT {AP_DECISION_NOT_APPLICABLE, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL}

#define AP_EVAL_EXPLAIN 1u /* fill trace */

#define AP_STATUS_OK "urn:oasis:names:tc:xacml:1.0:status:ok"
#define AP_STATUS_MISSING "urn:oasis:names:tc:xacml:1.0:status:missing-attribute"
#define AP_STATUS_SYNTAX "urn:oasis:names:tc:xacml:1.0:status:syntax-error"
#define AP_STATUS_PROCESSING "urn:oasis:names:tc:xacml:1.0:status:processing-error"

/*
 * Evaluates req.  On AP_OK *out holds the decision (release it with
 * ap_result_release, also after a failure).  An error inside the policy is
 * a decision (Indeterminate with a status), not a failure.
 * Errors: AP_ENOMEM.
 */
AP_NODISCARD int ap_engine_decide(const ap_engine *e,
				  const struct ap_request *req, unsigned flags,
				  struct ap_result *out, struct ap_error *err);

void ap_result_release(struct ap_result *r);

/*
 * The result as text (decision, obligations, and the trace when present)
 * or as one JSON object (docs/altinn-policy-eval.md), appended to out.
 * AP_OK or AP_ENOMEM.
 */
AP_NODISCARD int ap_result_format(const struct ap_result *r, const ap_doc *doc,
				  int json, struct ap_buf *out);

/* The same for one request of several: a line "== request <label>"
 * before the text, or the JSON object {"request": label, "result": {...}}.
 * AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_result_format_labelled(const struct ap_result *r,
					   const ap_doc *doc, const char *label,
					   int json, struct ap_buf *out);

/* ---- access matrix and diff ------------------------------------------- */

/*
 * The access matrix of two engines over the same axes: every subject
 * (the attribute set of each subject AllOf), action value and resource
 * (attribute set of each resource AllOf, or none) either policy mentions.
 */
typedef struct ap_matrix ap_matrix;

/* Builds and evaluates the matrix (caller owns, ap_matrix_free).
 * now may be NULL for the matrix of one policy.  Errors: AP_ENOMEM,
 * AP_ETOOBIG (more than 1,000,000 cells). */
AP_NODISCARD int ap_matrix_build(ap_matrix **out, const ap_engine *old,
				 const ap_engine *now, struct ap_error *err);
void ap_matrix_free(ap_matrix *m);

/* Number of cells whose decision differs between the two engines. */
size_t ap_matrix_changes(const ap_matrix *m);

/*
 * The matrix as text or JSON, appended to out: with full, every
 * subject's permitted actions per resource in each policy; always, the
 * subjects that gained and lost actions.  AP_OK or AP_ENOMEM.
 */
AP_NODISCARD int ap_matrix_format(const ap_matrix *m, int json, int full,
				  struct ap_buf *out);

/* ---- decision tests --------------------------------------------------- */

/*
 * A decision test file (docs/altinn-policy-test.md): JSON naming a policy
 * (default: the file's name without ".tests.json") and cases, each a
 * request or shortcuts with the expected decision and obligations.
 */
typedef struct ap_suite ap_suite;

/* Loads and runs the test file at path with default semantics sem (the
 * file may name its own).  Errors (in the file or its policy, not failed
 * cases): AP_EIO, AP_EPARSE, AP_EINVALID, AP_ENOMEM. */
AP_NODISCARD int ap_suite_run(ap_suite **out, const char *path,
			      enum ap_semantics sem, struct ap_error *err);
void ap_suite_free(ap_suite *s);

struct ap_suite_counts {
	size_t passed, failed;
	size_t rules, rules_uncovered; /* for --coverage */
};
void ap_suite_counts(const ap_suite *s, struct ap_suite_counts *c);

enum ap_suite_format {
	AP_SUITE_TEXT = 0, /* one line per failure, then uncovered rules */
	AP_SUITE_JUNIT     /* JUnit XML testsuite (no XML declaration) */
};

/* Appends the suite's report to out; coverage adds the rules no case made
 * applicable.  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_suite_format(const ap_suite *s, enum ap_suite_format f,
				 int coverage, struct ap_buf *out);

#endif
