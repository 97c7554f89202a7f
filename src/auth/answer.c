/* The token services' answers, parsed: Maskinporten's token response,
 * the exchange's bare token, OAuth error bodies, a token's expiry.  No
 * I/O: the fuzz targets and the torture test call these directly.
 * Nothing here copies a token into a message. */
#include "internal.h"

#include <stdio.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "auth/auth_int.h"

#define AP_TOKEN_MAX ((size_t)64 * 1024)

static int token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

int ap_token_check(const char *tok, size_t len, const char *who,
		   struct ap_error *err)
{
	size_t i;

	if (len == 0)
		return ap_error_set(err, AP_EINVALID, "%s: the token is empty", who);
	if (len > AP_TOKEN_MAX)
		return ap_error_set(err, AP_EINVALID, "%s: the token is %zu bytes long (at most %zu)", who, len,
				    AP_TOKEN_MAX);
	/* it goes into "Authorization: Bearer": RFC 6750's b64token */
	for (i = 0; i < len && token_char(tok[i]); i++)
		;
	while (i < len && tok[i] == '=')
		i++;
	if (i < len)
		return ap_error_set(err, AP_EINVALID,
				    "%s: the token holds a byte that a bearer token cannot (0x%02x at %zu)",
				    who, (unsigned char)tok[i], i);
	return AP_OK;
}

int ap_auth_parse_mp_answer(char **out, const char *body, size_t len,
			    struct ap_error *err)
{
	json_t *j = json_loadb(body != NULL ? body : "", len, 0, NULL);
	json_t *v = json_object_get(j, "access_token");
	const char *tok = json_string_value(v);
	int rc;

	*out = NULL;
	if (tok == NULL)
		rc = ap_error_set(err, AP_EINVALID, "Maskinporten's answer has no access_token");
	else
		rc = ap_token_check(tok, json_string_length(v), "Maskinporten's answer", err);
	if (rc == AP_OK && (*out = ap_strdup(tok)) == NULL)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	if (json_is_string(v))
		OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
	json_decref(j);
	return rc;
}

static int quote_or_space(char c)
{
	return c == '"' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int ap_auth_parse_exchanged(char **out, const char *body, size_t len,
			    struct ap_error *err)
{
	size_t s = 0, e = len;
	int rc;

	*out = NULL;
	/* a bare string, possibly JSON-quoted */
	while (s < e && quote_or_space(body[s]))
		s++;
	while (e > s && quote_or_space(body[e - 1]))
		e--;
	rc = ap_token_check(body + s, e - s, "the Altinn token exchange's answer", err);
	if (rc == AP_OK && (*out = ap_strndup(body + s, e - s)) == NULL)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	return rc;
}

void ap_auth_oauth_error(long status, const char *body, size_t len,
			 const char *transport, char *msg, size_t cap)
{
	json_t *j = len ? json_loadb(body, len, 0, NULL) : NULL;
	const char *e = json_string_value(json_object_get(j, "error"));
	const char *d = json_string_value(json_object_get(j, "error_description"));
	size_t i;

	if (status == 0)
		snprintf(msg, cap, "no answer (%.200s)", transport);
	else if (e != NULL)
		snprintf(msg, cap, "HTTP %ld %.64s%s%.300s", status, e, d ? ": " : "", d ? d : "");
	else
		snprintf(msg, cap, "HTTP %ld", status);
	/* one line: the service's words are not trusted with the terminal */
	for (i = 0; msg[i]; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = ' ';
	json_decref(j);
}

long long ap_auth_token_expiry(const char *token)
{
	struct ap_error e = AP_ERROR_INIT;
	json_t *claims = NULL, *exp;
	long long t = 0;

	if (ap_jwt_claims(&claims, token, &e) == AP_OK) {
		exp = json_object_get(claims, "exp");
		if (json_is_integer(exp))
			t = (long long)json_integer_value(exp);
		else if (json_is_real(exp) && json_real_value(exp) > 0 && json_real_value(exp) < 9.2e18)
			t = (long long)json_real_value(exp); /* in range: no overflow */
		if (t < 0)
			t = 0;
	}
	json_decref(claims);
	return t;
}
