/*
 * The XACML policy model.
 *
 * A document (ap_doc) owns the source bytes it was parsed from, an arena
 * holding every node and string, and the problems found while parsing.
 * Nodes are borrowed: valid until the document is freed.  Every node
 * carries the 1-based line and column (in characters) of its start tag.
 *
 * Parsing is safe for untrusted input: no network, no DTD loading, no entity
 * expansion (a DOCTYPE declaring entities stops the parse with a problem),
 * and caps on size and nesting depth.
 */
#ifndef ALTINN_POLICY_POLICY_H
#define ALTINN_POLICY_POLICY_H

#include "altinn-policy/common.h"

#define AP_XACML3_NS "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17"

typedef struct ap_doc ap_doc;
typedef struct ap_node ap_node;
typedef struct ap_schema ap_schema;

/* Element kinds.  Anything outside the XACML 3.0 vocabulary is UNKNOWN. */
enum ap_node_kind {
	AP_NODE_UNKNOWN = 0,
	AP_NODE_POLICY,
	AP_NODE_POLICY_SET,
	AP_NODE_DESCRIPTION,
	AP_NODE_POLICY_ISSUER,
	AP_NODE_POLICY_DEFAULTS,
	AP_NODE_XPATH_VERSION,
	AP_NODE_TARGET,
	AP_NODE_ANY_OF,
	AP_NODE_ALL_OF,
	AP_NODE_MATCH,
	AP_NODE_ATTRIBUTE_VALUE,
	AP_NODE_ATTRIBUTE_DESIGNATOR,
	AP_NODE_ATTRIBUTE_SELECTOR,
	AP_NODE_RULE,
	AP_NODE_CONDITION,
	AP_NODE_APPLY,
	AP_NODE_FUNCTION,
	AP_NODE_VARIABLE_DEFINITION,
	AP_NODE_VARIABLE_REFERENCE,
	AP_NODE_OBLIGATION_EXPRESSIONS,
	AP_NODE_OBLIGATION_EXPRESSION,
	AP_NODE_ADVICE_EXPRESSIONS,
	AP_NODE_ADVICE_EXPRESSION,
	AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION,
	AP_NODE_COMBINER_PARAMETERS,
	AP_NODE_RULE_COMBINER_PARAMETERS,
	AP_NODE_COMBINER_PARAMETER,
	AP_NODE_ATTRIBUTE,
	AP_NODE_CONTENT,
	AP_NODE_COMMENT, /* an XML comment; name is NULL, text is its body */
	AP_NODE_KIND_COUNT
};

/* Attribute categories as Altinn's engine sees them (spec 1.11). */
enum ap_category {
	AP_CAT_NONE = 0,  /* no Category attribute */
	AP_CAT_SUBJECT,   /* ...:1.0:subject-category:access-subject */
	AP_CAT_RESOURCE,  /* ...:3.0:attribute-category:resource */
	AP_CAT_ACTION,    /* ...:3.0:attribute-category:action */
	AP_CAT_ENVIRONMENT,
	AP_CAT_OTHER      /* anything else: never evaluated by Altinn */
};

/* Why a document is not (fully) usable; see ap_doc_problem. */
enum ap_problem_kind {
	AP_PROBLEM_NOT_WELL_FORMED, /* libxml2 reported a fatal error */
	AP_PROBLEM_DOCTYPE,         /* a DOCTYPE is present */
	AP_PROBLEM_ENTITY,          /* an entity declaration: parse stopped */
	AP_PROBLEM_TOO_LARGE,       /* the file exceeds max_bytes */
	AP_PROBLEM_TOO_DEEP,        /* nesting exceeds max_depth */
	AP_PROBLEM_ENCODING,        /* not UTF-8 (informational) */
	AP_PROBLEM_SCHEMA           /* XSD violation (only with a schema) */
};

struct ap_problem {
	enum ap_problem_kind kind;
	uint32_t line;
	uint32_t col;
	const char *message; /* borrowed from the document */
};

/* Limits and switches for loading.  Initialise with AP_LOAD_OPTIONS_INIT. */
struct ap_load_options {
	size_t max_bytes;         /* larger files are refused (TOO_LARGE) */
	unsigned max_depth;       /* deeper nesting stops the parse */
	const ap_schema *schema;  /* validate in the same pass; NULL: off */
};
#define AP_LOAD_MAX_BYTES_DEFAULT ((size_t)64 * 1024 * 1024)
#define AP_LOAD_MAX_DEPTH_DEFAULT 64u
#define AP_LOAD_OPTIONS_INIT \
	{AP_LOAD_MAX_BYTES_DEFAULT, AP_LOAD_MAX_DEPTH_DEFAULT, NULL}

/*
 * Parses len bytes at buf.  On AP_OK *out is a document (caller owns it,
 * free with ap_doc_free) even when the XML is not well-formed: such
 * problems are listed by ap_doc_problem and the model holds what was read
 * before the error.  The document copies buf.  name is what locations are
 * reported against (copied).  Errors: AP_ENOMEM.
 */
AP_NODISCARD int ap_doc_parse(ap_doc **out, const char *name, const char *buf,
			      size_t len, const struct ap_load_options *opts,
			      struct ap_error *err);

/*
 * Like ap_doc_parse, but takes ownership of buf (allocated with malloc or
 * the library allocator) whatever the outcome.
 */
AP_NODISCARD int ap_doc_parse_take(ap_doc **out, const char *name, char *buf,
				   size_t len,
				   const struct ap_load_options *opts,
				   struct ap_error *err);

/*
 * Reads path (at most opts->max_bytes; a larger file gives a document with
 * a TOO_LARGE problem and no root) and parses it.  name may be NULL (path is
 * used).  Errors: AP_EIO (cannot open or read; err names the file),
 * AP_ENOMEM.
 */
AP_NODISCARD int ap_doc_load_file(ap_doc **out, const char *path,
				  const char *name,
				  const struct ap_load_options *opts,
				  struct ap_error *err);

/* Frees the document, its nodes and strings.  Accepts NULL. */
void ap_doc_free(ap_doc *doc);

/* The name given at load time (borrowed). */
const char *ap_doc_name(const ap_doc *doc);
/* Root element, or NULL when nothing was parsed (borrowed). */
const ap_node *ap_doc_root(const ap_doc *doc);
/* Source bytes as read (borrowed) and their length. */
const char *ap_doc_source(const ap_doc *doc, size_t *len);
/* Number of parse problems, and the i-th (borrowed).  Cannot fail. */
size_t ap_doc_problem_count(const ap_doc *doc);
const struct ap_problem *ap_doc_problem(const ap_doc *doc, size_t i);

/* Node accessors: all borrowed, none can fail; NULL-safe where noted. */
enum ap_node_kind ap_node_kind(const ap_node *n);
const char *ap_node_kind_name(enum ap_node_kind k); /* "Match" ... */
const char *ap_node_name(const ap_node *n);          /* local name */
const char *ap_node_ns(const ap_node *n);            /* NULL: none */
uint32_t ap_node_line(const ap_node *n);
uint32_t ap_node_col(const ap_node *n);
const ap_node *ap_node_parent(const ap_node *n);
const ap_node *ap_node_first_child(const ap_node *n); /* incl. comments */
const ap_node *ap_node_next(const ap_node *n);
/* Value of the unqualified attribute name, or NULL when absent. */
const char *ap_node_attr(const ap_node *n, const char *name);
/* Character data directly inside the element ("" when none). */
const char *ap_node_text(const ap_node *n);
/* True for <x/>, false for <x></x>. */
int ap_node_self_closing(const ap_node *n);

/* Category of a designator id string (spec 2.1); NULL gives AP_CAT_NONE. */
enum ap_category ap_category_from_id(const char *id);

#endif
