/*
 * The Altinn vocabulary as data: subject and resource attribute ids, action
 * ids, role codes and access packages (spec xacml-altinn.md 2.2-2.4), with
 * lookups for the vocabulary rules AX-V001..AX-V014 and the registry rules.
 * Every table is sorted and looked up through a hash set; where each list
 * comes from is written beside it in vocab.c.
 */
#ifndef AP_POLICY_VOCAB_H
#define AP_POLICY_VOCAB_H

#include <stddef.h>

struct json_t;

/* Attribute ids the vocabulary rules single out (the rest are in ids.h). */
#define AP_VOCAB_ACCESSPACKAGE "urn:altinn:accesspackage"
#define AP_VOCAB_ACCESS_LIST "urn:altinn:access-list"
#define AP_VOCAB_PARTYTYPE "urn:altinn:partytype"
#define AP_VOCAB_ORG "urn:altinn:org"
#define AP_VOCAB_APP "urn:altinn:app"
#define AP_VOCAB_OBSOLETE_EVENT "urn:altinn:event"
#define AP_VOCAB_SERVICERESOURCE "urn:altinn:serviceresource"
#define AP_VOCAB_AUTHLEVEL_CAT "urn:altinn:minimum-authenticationlevel"
#define AP_VOCAB_AUTHLEVEL_ORG_CAT "urn:altinn:minimum-authenticationlevel-org"

/* The lists a value can be looked up in. */
enum ap_vocab_list {
	AP_VOCAB_SUBJECT_IDS,   /* exact (ids are compared case-sensitively) */
	AP_VOCAB_RESOURCE_IDS,  /* exact */
	AP_VOCAB_ACTIONS,       /* ignoring case */
	AP_VOCAB_ROLE_CODES,    /* ignoring case, including Æ Ø Å */
	AP_VOCAB_ACCESS_PACKAGES, /* ignoring case */
	AP_VOCAB_LIST_COUNT
};

/*
 * True when the first len bytes of s are in the list (exactly for the id
 * lists, ignoring letter case for the value lists).  s need not be
 * NUL-terminated.
 */
int ap_vocab_known(enum ap_vocab_list list, const char *s, size_t len);

/* Same for len bytes of text with no NUL among them (a part of a
 * NUL-terminated string): without the scan for one. */
int ap_vocab_known_text(enum ap_vocab_list list, const char *s, size_t len);

/* Same for a NUL-terminated string; NULL is never known. */
int ap_vocab_known_str(enum ap_vocab_list list, const char *s);

/*
 * The entry of list that s (len bytes, not itself in the list) nearly
 * spells: the same but for letter case, or within max_dist single-character
 * edits (insert, delete, substitute, swap of neighbours) ignoring case.
 * The closest wins, the first in table order on a tie.  NULL when none, or
 * when s is longer than any entry could be near.  Static string.
 */
const char *ap_vocab_near_miss(enum ap_vocab_list list, const char *s,
			       size_t len, unsigned max_dist);

/*
 * Subject attribute ids that pin a rule to one party, user, system user or
 * organisation (AX-V012): true for urn:altinn:partyid, userid,
 * systemuser:uuid, org numbers and the uuid forms.
 */
int ap_vocab_subject_pins_party(const char *attribute_id);

/*
 * True when opts (a rule's options object, may be NULL) has an array under
 * key holding a string equal to the len bytes of s, ignoring ASCII case.
 * Lets a configuration declare its own actions, role codes or packages.
 */
int ap_vocab_option_lists(const struct json_t *opts, const char *key,
			  const char *s, size_t len);

/* The list's entries, for messages ("read, write, ..."): n entries. */
const char *const *ap_vocab_entries(enum ap_vocab_list list, size_t *n);

#endif
