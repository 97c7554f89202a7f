/*
 * Identifier tables of the correspondence-profile, security-smell and
 * quality rules (AX-C006..C009, AX-X001..X012, AX-Q001..Q007; spec
 * xacml-altinn.md 2.2, 2.4, 2.6, 3.1, 3.4, 4.5-4.7).  Values are compared
 * ignoring ASCII case and surrounding XML whitespace, attribute ids
 * exactly.
 */
#ifndef AP_LINT_RULES_SMELLS_TABLES_H
#define AP_LINT_RULES_SMELLS_TABLES_H

#include <stddef.h>

/* Obligation assignment categories Altinn's PEP reads (spec 2.6). */
#define AP_SMELL_CAT_AUTHLEVEL "urn:altinn:minimum-authenticationlevel"
#define AP_SMELL_CAT_AUTHLEVEL_ORG "urn:altinn:minimum-authenticationlevel-org"

/* The Studio placeholder rule's Description (PolicyConverter.cs). */
#define AP_SMELL_PLACEHOLDER_DESCRIPTION "Empty rule. Not Valid"

/*
 * True when the len bytes at s (an action-id value) are an action
 * correspondence or Altinn Events asks for on a correspondence resource:
 * read, write, subscribe, publish (spec 3.4).
 */
int ap_smell_correspondence_action(const char *s, size_t len);

/*
 * For an action correspondence never asks for, the one it asks instead
 * when the name is a known look-alike ("send" -> "write", "see" and
 * "open" -> "read"), else NULL.  Static string.
 */
const char *ap_smell_correspondence_instead(const char *s, size_t len);

/* The actions AX-X007 and AX-X008 call strong: delete, sign, write. */
extern const char *const ap_smell_strong_actions[];
extern const size_t ap_smell_strong_actions_len;

/*
 * Who a broad subject match admits ("every person acting for
 * themselves"), for a subject attribute id and value (len bytes at
 * value), or NULL when the match is not broad.  Broad: role codes PRIV and
 * SELN, urn:altinn:partytype person and organization, and any urn:scope
 * value (spec 2.2, 4.6 AX-X007).  Static string.
 */
const char *ap_smell_broad_subject(const char *attribute_id, const char *value,
				   size_t len);

/*
 * The bytes of s without surrounding XML whitespace: returns the first
 * non-space byte and sets *len.  s may be NULL (gives "" and 0).
 */
const char *ap_smell_trim(const char *s, size_t *len);

/* True when the len bytes at s equal the NUL-terminated want ignoring
 * ASCII case. */
int ap_smell_eq_ci(const char *s, size_t len, const char *want);

#endif
