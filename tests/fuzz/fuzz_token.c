/*
 * Fuzz target: the token services' answers.  The first byte picks the
 * parser: Maskinporten's token response, the Altinn exchange's bare
 * token (whose exp is then read), or an OAuth error body (the second
 * byte picks the status).  Oracle beyond the sanitizers: a clean error
 * or a usable token (visible ASCII), and no error message that holds
 * the token it refused.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <string.h>

#include "internal.h"

#include <jansson.h>

#include "auth/auth_int.h"
#include "fuzz.h"

static void usable(const char *tok)
{
	struct ap_error err = AP_ERROR_INIT;

	if (ap_token_check(tok, strlen(tok), "fuzz", &err) != AP_OK)
		fuzz_die("a parsed token that fails the check", &err);
	(void)ap_auth_token_expiry(tok);
}

/* A refused token must not appear in the message (8 bytes or more: a
 * shorter one may match by chance). */
static void not_echoed(const struct ap_error *err, const char *tok, size_t len)
{
	if (len >= 8 && memmem(err->message, strlen(err->message), tok, len) != NULL)
		fuzz_fail("the refused token is in the message");
}

static void maskinporten(const char *body, size_t len)
{
	struct ap_error err = AP_ERROR_INIT;
	char *tok = NULL;
	json_t *j = json_loadb(body, len, 0, NULL);
	json_t *v = json_object_get(j, "access_token");
	int rc = ap_auth_parse_mp_answer(&tok, body, len, &err);

	if (rc == AP_OK)
		usable(tok);
	else if (rc != AP_EINVALID || !err.message[0])
		fuzz_die("Maskinporten answer", &err);
	else if (json_is_string(v))
		not_echoed(&err, json_string_value(v), json_string_length(v));
	ap_free(tok);
	json_decref(j);
}

static void exchanged(const char *body, size_t len)
{
	struct ap_error err = AP_ERROR_INIT;
	char *tok = NULL;
	int rc = ap_auth_parse_exchanged(&tok, body, len, &err);

	if (rc == AP_OK)
		usable(tok);
	else if (rc != AP_EINVALID || !err.message[0])
		fuzz_die("exchange answer", &err);
	else
		not_echoed(&err, body, len);
	ap_free(tok);
}

static void oauth(long status, const char *body, size_t len)
{
	char msg[512], *s;

	ap_auth_oauth_error(status, body, len, "transport", msg, sizeof(msg));
	if (strnlen(msg, sizeof(msg)) == sizeof(msg))
		fuzz_fail("message not terminated");
	for (s = msg; *s; s++)
		if ((unsigned char)*s < 0x20)
			fuzz_fail("a control character in a message");
	/* the body taken as a token: its expiry */
	s = ap_strndup(body, len);
	if (s != NULL)
		(void)ap_auth_token_expiry(s);
	ap_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	switch (data[0] % 3) {
	case 0: maskinporten((const char *)data + 2, size - 2); break;
	case 1: exchanged((const char *)data + 2, size - 2); break;
	default: oauth(data[1], (const char *)data + 2, size - 2); break;
	}
	return 0;
}
