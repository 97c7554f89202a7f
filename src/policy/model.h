/*
 * Private definition of the policy model.  Library code (rules, evaluator,
 * formatter) reads these structs directly; the public API is policy.h.
 */
#ifndef AP_MODEL_H
#define AP_MODEL_H

#include "altinn-policy/policy.h"
#include "util/arena.h"

struct ap_attr {
	const char *name;  /* local name */
	const char *ns;    /* namespace URI, NULL when unqualified */
	const char *prefix; /* as written, NULL when none */
	const char *value; /* NUL-terminated, entity references resolved */
};

/* The matches of one category in one AllOf of a rule's target. */
struct ap_clause {
	const struct ap_node **matches;
	uint32_t count;
};

/* A rule's target flattened per category, as Altinn evaluates it (spec
 * 1.11): the AllOfs, in document order, that hold matches of the category.
 * Index: 0 subject, 1 resource, 2 action (ap_clause_index). */
struct ap_rule_clauses {
	struct ap_clause *clauses;
	uint32_t count;
};
#define AP_CLAUSE_CATEGORIES 3

struct ap_intern_entry;

/* A processing instruction.  Kept beside the tree, not in it, so rules
 * never meet one; the formatter puts it back by offset. */
struct ap_pi {
	const char *target;
	const char *data;          /* "" when none */
	const struct ap_node *parent; /* NULL: before or after the root */
	uint32_t line, col, offset;
	struct ap_pi *next;        /* document order */
};

struct ap_node {
	enum ap_node_kind kind;
	const char *name;   /* local name (NULL for comments) */
	const char *ns;     /* namespace URI or NULL */
	const char *prefix; /* NULL when none */
	struct ap_node *parent;
	struct ap_node *first_child; /* elements and comments, in order */
	struct ap_node *last_child;
	struct ap_node *next;
	struct ap_node *prev;
	uint32_t line, col;     /* of the '<' of the start tag */
	uint32_t offset;        /* byte offset of that '<' */
	uint32_t tag_end;       /* byte offset just past the start tag */
	uint32_t end_offset;    /* byte offset just past the element */
	uint32_t depth;         /* root is 1 */
	struct ap_attr *attrs;
	uint32_t nattrs;
	const char **ns_decls;  /* prefix, URI pairs declared here (prefix
				   NULL for the default namespace) */
	uint32_t nns_decls;
	const char *text;       /* character data directly inside ("") */
	uint32_t text_len;
	unsigned self_closing : 1;
	unsigned has_text : 1;  /* non-whitespace character data inside */
	unsigned closed : 1;    /* its end tag was seen */
	unsigned has_pi : 1;    /* a processing instruction directly inside */

	/* Typed views, filled when the element ends. */
	union {
		struct { /* Match */
			const char *match_id;
			struct ap_node *value;      /* AttributeValue or NULL */
			struct ap_node *designator; /* Designator/Selector */
			int fn;                     /* enum ap_match_fn */
		} match;
		struct { /* AttributeValue */
			const char *data_type;
			int is_string; /* DataType is XMLSchema#string */
		} value;
		struct { /* AttributeDesignator / AttributeSelector */
			const char *attribute_id;
			const char *category_id;
			const char *data_type;
			const char *must_be_present;
			enum ap_category category;
		} designator;
		struct { /* Rule */
			const char *rule_id;
			const char *effect;
			struct ap_node *target;
			struct ap_node *condition;
			struct ap_rule_clauses by_cat[AP_CLAUSE_CATEGORIES];
			int has_selector; /* a Match with AttributeSelector */
		} rule;
		struct { /* Policy / PolicySet */
			const char *policy_id;
			const char *combining_alg;
			const char *version;
			struct ap_node *target;
			const struct ap_doc *doc; /* for ap_doc__canonical */
		} policy;
	} u;
};

struct ap_doc {
	struct ap_arena arena;
	char *name;
	char *source;       /* owned; NUL-terminated */
	size_t source_len;
	struct ap_node *root;
	struct ap_node *prolog_comments; /* comments outside the root (before
					    or after it: see offset) */
	struct ap_pi *pis;               /* processing instructions, in order */
	struct ap_pi *pis_tail;
	struct ap_problem *problems;
	size_t nproblems;
	size_t problems_alloc;
	unsigned has_doctype : 1;
	unsigned not_utf8 : 1;
	/* the interned strings (open addressing, ap__hash_bytes): each
	 * distinct name, id and value of the document once */
	struct ap_intern_entry *intern;
	size_t intern_cap;
};

struct ap_intern_entry {
	const char *s; /* NULL: free slot */
	uint32_t len;
	uint32_t hash;
};

/* The hash the intern table uses. */
size_t ap__hash_bytes(const char *s, size_t n);

/* The document's interned copy of s (same bytes), or NULL when no name,
 * id or value of the document equals s.  Lets callers turn constants into
 * pointers comparable with the model's. */
const char *ap_doc__canonical(const struct ap_doc *doc, const char *s);

/* Adds a problem (message copied into the arena).  AP_OK or AP_ENOMEM. */
int ap_doc__add_problem(struct ap_doc *doc, enum ap_problem_kind kind,
			uint32_t line, uint32_t col, const char *msg);

/* Index into by_cat of a category, or -1 for categories Altinn never
 * evaluates. */
int ap_clause_index(enum ap_category cat);

/* Iterate element children of a given kind (skips comments). */
const struct ap_node *ap_node__child(const struct ap_node *n,
				     enum ap_node_kind kind);
const struct ap_node *ap_node__next_sibling(const struct ap_node *n,
					    enum ap_node_kind kind);

/* Number of element (non-comment) children. */
size_t ap_node__element_count(const struct ap_node *n);

/* True when n's text, without surrounding XML whitespace, equals want
 * ignoring ASCII case. */
int ap_node__text_is_ci(const struct ap_node *n, const char *want);

/* True when n is in the XACML 3.0 namespace. */
int ap_node__is_xacml(const struct ap_node *n);

#endif
