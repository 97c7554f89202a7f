/*
 * Building the model from parser events.  src/xml/parse.c drives it; the
 * builder knows XACML, the parser knows libxml2.
 */
#ifndef AP_POLICY_BUILD_H
#define AP_POLICY_BUILD_H

#include "policy/model.h"

struct ap_build_attr {
	const char *name, *prefix, *uri;
	const char *value; /* not NUL-terminated */
	size_t value_len;
};

struct ap_build_pos {
	uint32_t line, col, offset;
};

struct ap_builder {
	struct ap_doc *doc;
	struct ap_node *cur;     /* innermost open element, NULL at top */
	struct ap_buf text;      /* pending character data, as a stack */
	uint32_t text_start;     /* where cur's text begins in .text */
	unsigned max_depth;
	unsigned depth;
	int oom;                 /* an allocation failed: stop */
	/* interned strings (attribute ids, values): equal strings of one
	 * document share one pointer, so the evaluator compares pointers */
	struct ap_intern_entry *intern;
	size_t intern_cap, intern_count;
	/* libxml2 hands names over from its dictionary: the same pointer for
	 * the same name, so a pointer-keyed cache skips hashing them */
	struct {
		const void *key;
		const char *val;
	} name_cache[64];
};

void ap_build__init(struct ap_builder *b, struct ap_doc *doc,
		    unsigned max_depth);
void ap_build__release(struct ap_builder *b);

/*
 * Each returns AP_OK, AP_ENOMEM, or AP_ETOOBIG when a limit (depth, text
 * size) is exceeded; the caller then stops the parse.  The builder has
 * already recorded the problem for limits.
 */
int ap_build__start(struct ap_builder *b, const char *local, const char *prefix,
		    const char *uri, const struct ap_build_attr *attrs,
		    size_t nattrs, const char *const *ns_decls, size_t nns,
		    struct ap_build_pos pos, uint32_t tag_end,
		    int self_closing);
int ap_build__end(struct ap_builder *b, uint32_t end_offset);
int ap_build__text(struct ap_builder *b, const char *s, size_t len);
int ap_build__comment(struct ap_builder *b, const char *s,
		      struct ap_build_pos pos);
int ap_build__pi(struct ap_builder *b, const char *target, const char *data,
		 struct ap_build_pos pos);

#endif
