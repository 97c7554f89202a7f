/*
 * Inline suppression with XML comments:
 *   <!-- altinn-policy-disable-next-line AX-Q001 - reason -->
 *     silences those rules on the next element and its subtree;
 *   <!-- altinn-policy-disable-file AX-E003, AX-Q006 - reason -->
 *     silences them in the whole file.
 * Rule ids are separated by spaces or commas; a lone "-" starts the
 * reason (XML forbids "--" inside a comment, so "-- reason" would make the
 * policy not well-formed, for libxml2 and for Altinn's XmlReader alike).
 */
#ifndef AP_LINT_SUPPRESS_H
#define AP_LINT_SUPPRESS_H

#include "altinn-policy/lint.h"
#include "policy/model.h"

#define AP_SUPPRESS_MAX_IDS 8

struct ap_suppression {
	const struct ap_node *comment;
	int file_wide;
	const char *ids[AP_SUPPRESS_MAX_IDS]; /* registry ids (static) */
	size_t nids;
	char unknown[64];     /* first id that names no rule, or "" */
	int has_reason;
	int no_target;        /* next-line with no element after it */
	uint32_t from_line, from_col, to_line, to_col; /* silenced range */
	int used;
};

struct ap_suppressions {
	struct ap_suppression *items;
	size_t count;
};

/* Finds the directives in doc's comments.  AP_OK or AP_ENOMEM. */
int ap_suppress__collect(const struct ap_doc *doc, struct ap_suppressions *out);

/* Removes from l the findings a directive covers, marking it used. */
void ap_suppress__filter(struct ap_suppressions *s, struct ap_diag_list *l);

void ap_suppress__release(struct ap_suppressions *s);

#endif
