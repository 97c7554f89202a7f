/*
 * Named formats of parameter descriptions: the Altinn domain checks that a
 * JSON Schema pattern cannot express (check digits, the vocabulary lists of
 * src/policy/vocab.c, reserved prefixes).  docs/templates.md lists them.
 */
#include "internal.h"
#include "gen/gen.h"
#include "policy/vocab.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>

#define ACCESS_PACKAGE_PREFIX "urn:altinn:accesspackage:"

typedef int (*format_fn)(const json_t *v, const void *re, char *msg, size_t size);

int ap_gen__regex_match(const void *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (md == NULL)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static int resource_id(const json_t *v, const void *re, char *msg, size_t size)
{
	const char *s = json_string_value(v);

	if (re && !ap_gen__regex_match(re, s, json_string_length(v))) {
		snprintf(msg, size, "'%.80s' is not a resource identifier: lowercase a-z, "
			 "0-9, '_' and '-', at least 4 characters", s);
		return 0;
	}
	if (strncmp(s, "app_", 4) == 0) {
		snprintf(msg, size, "'%.80s' uses the reserved prefix 'app_' "
			 "(only for Altinn Studio apps)", s);
		return 0;
	}
	if (strncmp(s, "se_", 3) == 0) {
		snprintf(msg, size, "'%.80s' uses the reserved prefix 'se_' "
			 "(only for Altinn 2 services)", s);
		return 0;
	}
	return 1;
}

/* Norwegian organisation number: 9 digits, the last a MOD11 check digit
 * with weights 3 2 7 6 5 4 3 2 (Brønnøysundregistrene). */
static int org_number(const json_t *v, const void *re, char *msg, size_t size)
{
	static const int weights[8] = {3, 2, 7, 6, 5, 4, 3, 2};
	const char *s = json_string_value(v);
	int i, sum = 0, check;

	(void)re;
	for (i = 0; i < 9; i++)
		if (s[i] < '0' || s[i] > '9')
			break;
	if (i != 9 || s[9] != '\0') {
		snprintf(msg, size, "'%.80s' is not an organisation number (9 digits)", s);
		return 0;
	}
	for (i = 0; i < 8; i++)
		sum += (s[i] - '0') * weights[i];
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10 || check != s[8] - '0') {
		snprintf(msg, size, "'%.80s' is not an organisation number: "
			 "the check digit (MOD11) is wrong", s);
		return 0;
	}
	return 1;
}

static int known(enum ap_vocab_list list, const char *what, const char *s,
		 size_t len, char *msg, size_t size)
{
	const char *near;
	char shown[64];
	size_t i;

	if (ap_vocab_known(list, s, len))
		return 1;
	near = ap_vocab_near_miss(list, s, len, 2);
	if (near && list == AP_VOCAB_ROLE_CODES) {
		/* role codes are written in capitals (the table is lower case) */
		for (i = 0; near[i] && i + 1 < sizeof(shown); i++)
			shown[i] = (near[i] >= 'a' && near[i] <= 'z') ? (char)(near[i] - 32) : near[i];
		shown[i] = '\0';
		near = shown;
	}
	if (near)
		snprintf(msg, size, "unknown %s '%.80s' (did you mean '%s'?)", what, s, near);
	else
		snprintf(msg, size, "unknown %s '%.80s'", what, s);
	return 0;
}

static int role_code(const json_t *v, const void *re, char *msg, size_t size)
{
	(void)re;
	return known(AP_VOCAB_ROLE_CODES, "role code", json_string_value(v),
		     json_string_length(v), msg, size);
}

static int access_package(const json_t *v, const void *re, char *msg, size_t size)
{
	const char *s = json_string_value(v);
	size_t plen = strlen(ACCESS_PACKAGE_PREFIX);

	(void)re;
	if (strncmp(s, ACCESS_PACKAGE_PREFIX, plen) != 0) {
		snprintf(msg, size, "'%.80s' is not an access package URN "
			 "(" ACCESS_PACKAGE_PREFIX "<package>)", s);
		return 0;
	}
	return known(AP_VOCAB_ACCESS_PACKAGES, "access package", s + plen,
		     json_string_length(v) - plen, msg, size);
}

static int action(const json_t *v, const void *re, char *msg, size_t size)
{
	(void)re;
	return known(AP_VOCAB_ACTIONS, "action", json_string_value(v),
		     json_string_length(v), msg, size);
}

static int auth_level(const json_t *v, const void *re, char *msg, size_t size)
{
	(void)re;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 4) {
		snprintf(msg, size, "an authentication level is an integer from 0 to 4");
		return 0;
	}
	return 1;
}

/* A subject URN: attribute id, a colon, the value (access lists keep the
 * colon of <org>:<list> in the value, as Studio writes them). */
/* An access list as Studio writes it: <org>:<list identifier>, both of
 * [a-z0-9_-] (../shared/spec/xacml-altinn.md, the access-list row). */
static int access_list_id(const char *s)
{
	size_t org = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	return org > 0 && s[org] == ':' && s[org + 1] != '\0' &&
	       s[org + 1 + strspn(s + org + 1, "abcdefghijklmnopqrstuvwxyz0123456789_-")] == '\0';
}

static int subject(const json_t *v, const void *re, char *msg, size_t size)
{
	const char *s = json_string_value(v);
	const char *colon = strrchr(s, ':');
	size_t idlen;

	(void)re;
	if (strncmp(s, AP_VOCAB_ACCESS_LIST ":", strlen(AP_VOCAB_ACCESS_LIST) + 1) == 0)
		colon = s + strlen(AP_VOCAB_ACCESS_LIST);
	if (colon == NULL || colon[1] == '\0') {
		snprintf(msg, size, "'%.80s' is not a subject URN (<attribute id>:<value>, "
			 "e.g. urn:altinn:rolecode:DAGL)", s);
		return 0;
	}
	if (strpbrk(colon + 1, "[]") != NULL) {
		snprintf(msg, size, "'%.80s' holds a placeholder ([ORG], [APP]): only Studio's "
			 "app deployment replaces them; write the real value", s);
		return 0;
	}
	if (colon == s + strlen(AP_VOCAB_ACCESS_LIST) &&
	    strncmp(s, AP_VOCAB_ACCESS_LIST ":", strlen(AP_VOCAB_ACCESS_LIST) + 1) == 0 &&
	    !access_list_id(colon + 1)) {
		snprintf(msg, size, "'%.80s' is not an access list (" AP_VOCAB_ACCESS_LIST
			 ":<org>:<list identifier>, lower case)", s);
		return 0;
	}
	idlen = (size_t)(colon - s);
	if (!ap_vocab_known(AP_VOCAB_SUBJECT_IDS, s, idlen)) {
		snprintf(msg, size, "'%.*s' is not an Altinn subject attribute id",
			 (int)(idlen > 80 ? 80 : idlen), s);
		return 0;
	}
	if (idlen == strlen("urn:altinn:rolecode") && strncmp(s, "urn:altinn:rolecode", idlen) == 0)
		return known(AP_VOCAB_ROLE_CODES, "role code", colon + 1, strlen(colon + 1), msg, size);
	if (idlen == strlen(AP_VOCAB_ACCESSPACKAGE) && strncmp(s, AP_VOCAB_ACCESSPACKAGE, idlen) == 0)
		return known(AP_VOCAB_ACCESS_PACKAGES, "access package", colon + 1,
			     strlen(colon + 1), msg, size);
	return 1;
}

static int orgcode(const json_t *v, const void *re, char *msg, size_t size)
{
	if (re && !ap_gen__regex_match(re, json_string_value(v), json_string_length(v))) {
		snprintf(msg, size, "'%.80s' is not an organisation code "
			 "(2 to 20 lowercase letters, digits or '-')", json_string_value(v));
		return 0;
	}
	return 1;
}

static const struct format {
	const char *name;
	int integer; /* checks integers, not strings */
	const char *pattern;
	format_fn fn;
} formats[] = {
	{"access-package", 0, NULL, access_package},
	{"action", 0, NULL, action},
	{"auth-level", 1, NULL, auth_level},
	{"org-number", 0, NULL, org_number},
	{"orgcode", 0, "^[a-z0-9-]{2,20}$", orgcode},
	{"resource-id", 0, "^[a-z0-9_-]{4,}$", resource_id},
	{"role-code", 0, NULL, role_code},
	{"subject", 0, NULL, subject},
};

static const struct format *find_format(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

int ap_gen__format_known(const char *name)
{
	return find_format(name) != NULL;
}

const char *ap_gen__format_pattern(const char *name)
{
	const struct format *f = find_format(name);

	return f ? f->pattern : NULL;
}

int ap_gen__format_check(const char *name, const void *re, const json_t *value,
			 char *msg, size_t size)
{
	const struct format *f = find_format(name);

	if (f == NULL)
		return 1;
	/* formats apply to the type they are about; "type" reports the rest */
	if (f->integer ? !json_is_number(value) : !json_is_string(value))
		return 1;
	return f->fn(value, re, msg, size);
}
