/*
 * Identifier tables of the correspondence-profile, security-smell and
 * quality rules.  Sources: spec xacml-altinn.md 2.2 (subject ids, who
 * fills them), 2.4 (actions and who asks for them), 3.4 (what
 * correspondence asks), 4.5 and 4.6; Altinn/altinn-studio-docs
 * subjectoptions.json (PRIV "Privatperson", SELN "Selvregistrert bruker").
 */
#include "internal.h"
#include "lint/rules/smells_tables.h"

#include <stdlib.h>
#include <strings.h>

struct key {
	const char *s;
	size_t len;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *ap_smell_trim(const char *s, size_t *len)
{
	size_t n;

	if (s == NULL) {
		*len = 0;
		return "";
	}
	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	*len = n;
	return s;
}

int ap_smell_eq_ci(const char *s, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(s, want, len) == 0;
}

/* strcmp-like, ignoring ASCII case, of a key against a NUL string. */
static int cmp_key_ci(const struct key *k, const char *entry)
{
	size_t n = strlen(entry);
	int c = strncasecmp(k->s, entry, k->len < n ? k->len : n);

	if (c != 0)
		return c;
	return k->len < n ? -1 : k->len > n ? 1 : 0;
}

/* Lower case, each of its own length: what correspondence and Altinn
 * Events ask for. */
static const char *const correspondence_actions[] = {
	"publish", "read", "subscribe", "write",
};

int ap_smell_correspondence_action(const char *s, size_t len)
{
	size_t i;

	/* the names differ in length: one comparison */
	for (i = 0; i < ARRAY_SIZE(correspondence_actions); i++)
		if (strlen(correspondence_actions[i]) == len)
			return strncasecmp(s, correspondence_actions[i], len) == 0;
	return 0;
}

struct pair {
	const char *name;
	const char *value;
};

static int cmp_pair_ci(const void *key, const void *elem)
{
	return cmp_key_ci(key, ((const struct pair *)elem)->name);
}

/* Sorted by name: look-alike actions seen in correspondence test data
 * (altinn-correspondence-test-resource-1.xml: send, see, open). */
static const struct pair instead[] = {
	{"open", "read"},
	{"see", "read"},
	{"send", "write"},
};

const char *ap_smell_correspondence_instead(const char *s, size_t len)
{
	const struct pair *p;
	struct key k;

	k.s = s;
	k.len = len;
	p = bsearch(&k, instead, ARRAY_SIZE(instead), sizeof(instead[0]),
		    cmp_pair_ci);
	return p ? p->value : NULL;
}

const char *const ap_smell_strong_actions[] = {"delete", "sign", "write"};
const size_t ap_smell_strong_actions_len = ARRAY_SIZE(ap_smell_strong_actions);

/*
 * Broad subjects (spec 2.2, 4.6 AX-X007): role codes PRIV and SELN,
 * urn:altinn:partytype person and organization, any urn:scope value.
 * Attribute ids compare exactly, values ignoring ASCII case.
 */
const char *ap_smell_broad_subject(const char *attribute_id, const char *value,
				   size_t len)
{
	if (attribute_id == NULL)
		return NULL;
	if (value == NULL)
		len = 0;
	if (strcmp(attribute_id, "urn:altinn:rolecode") == 0) {
		if (len == 4 && strncasecmp(value, "priv", 4) == 0)
			return "every person acting for themselves (PRIV)";
		if (len == 4 && strncasecmp(value, "seln", 4) == 0)
			return "every self-registered user (SELN)";
		return NULL;
	}
	if (strcmp(attribute_id, "urn:altinn:partytype") == 0) {
		if (len == 6 && strncasecmp(value, "person", 6) == 0)
			return "every person";
		if (len == 12 && strncasecmp(value, "organization", 12) == 0)
			return "every organisation";
		return NULL;
	}
	if (strcmp(attribute_id, "urn:scope") == 0)
		return "every client whose token carries the scope";
	return NULL;
}
