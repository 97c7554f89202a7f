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

static int cmp_str_ci(const void *key, const void *elem)
{
	return cmp_key_ci(key, *(const char *const *)elem);
}

/* Sorted, lower case: what correspondence and Altinn Events ask for. */
static const char *const correspondence_actions[] = {
	"publish", "read", "subscribe", "write",
};

int ap_smell_correspondence_action(const char *s, size_t len)
{
	struct key k;

	k.s = s;
	k.len = len;
	return bsearch(&k, correspondence_actions,
		       ARRAY_SIZE(correspondence_actions),
		       sizeof(correspondence_actions[0]), cmp_str_ci) != NULL;
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

struct broad {
	const char *attribute_id;
	const char *value; /* NULL: any value */
	const char *who;
};

/* Sorted by attribute id, then value (ignoring case). */
static const struct broad broad_subjects[] = {
	{"urn:altinn:partytype", "organization", "every organisation"},
	{"urn:altinn:partytype", "person", "every person"},
	{"urn:altinn:rolecode", "priv", "every person acting for themselves (PRIV)"},
	{"urn:altinn:rolecode", "seln", "every self-registered user (SELN)"},
	{"urn:scope", NULL, "every client whose token carries the scope"},
};

struct broad_key {
	const char *attribute_id;
	struct key value;
};

static int cmp_broad(const void *key, const void *elem)
{
	const struct broad_key *k = key;
	const struct broad *b = elem;
	int c = strcmp(k->attribute_id, b->attribute_id);

	if (c != 0 || b->value == NULL)
		return c;
	return cmp_key_ci(&k->value, b->value);
}

const char *ap_smell_broad_subject(const char *attribute_id, const char *value,
				   size_t len)
{
	const struct broad *b;
	struct broad_key k;

	if (attribute_id == NULL)
		return NULL;
	k.attribute_id = attribute_id;
	k.value.s = value ? value : "";
	k.value.len = value ? len : 0;
	b = bsearch(&k, broad_subjects, ARRAY_SIZE(broad_subjects),
		    sizeof(broad_subjects[0]), cmp_broad);
	return b ? b->who : NULL;
}
