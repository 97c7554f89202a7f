/* Private to src/auth: base64url, keys and the JWT pieces. */
#ifndef AP_AUTH_INT_H
#define AP_AUTH_INT_H

#include <openssl/evp.h>

#include "altinn-policy/auth.h"

/* base64url without padding of len bytes, appended to b. */
int ap_b64url_encode(struct ap_buf *b, const void *data, size_t len);
/* Decodes base64url (padding optional) into *out (caller frees; wiped by
 * the caller when secret), *len bytes.  AP_EPARSE on bad input. */
int ap_b64url_decode(unsigned char **out, size_t *len, const char *s,
		     size_t slen);

/* Parses an RSA private key from PEM or JWK bytes.  *kid gets the JWK's
 * "kid" (caller frees) or NULL.  AP_EINVALID when it is neither. */
int ap_key_parse(EVP_PKEY **out, char **kid, const char *data, size_t len,
		 struct ap_error *err);

/* A signed RS256 JWT of header and claims (compact JSON), into *out
 * (caller owns; a secret: ap_secret_free). */
int ap_jwt_sign(char **out, EVP_PKEY *key, const char *header_json,
		const char *claims_json, struct ap_error *err);

/* The decoded claims of a compact JWT, not verified.  AP_EPARSE. */
int ap_jwt_claims(struct json_t **out, const char *jwt, struct ap_error *err);

/* answer.c: the token services' answers, without I/O.  No message ever
 * holds a token.
 *
 * AP_OK when tok (len bytes) can be sent as a bearer token: 1..64 KiB of
 * RFC 6750's b64token characters; else AP_EINVALID naming who gave it. */
int ap_token_check(const char *tok, size_t len, const char *who,
		   struct ap_error *err);
/* The access_token of Maskinporten's JSON answer into *out (a secret:
 * ap_secret_free).  AP_EINVALID when there is none or it is unusable,
 * AP_ENOMEM. */
int ap_auth_parse_mp_answer(char **out, const char *body, size_t len,
			    struct ap_error *err);
/* The exchange's answer (the token, bare or JSON-quoted) into *out (a
 * secret).  AP_EINVALID when unusable, AP_ENOMEM. */
int ap_auth_parse_exchanged(char **out, const char *body, size_t len,
			    struct ap_error *err);
/* "HTTP <status> error: description" of an OAuth error body (or "no
 * answer (transport)" for status 0) into msg, on one line. */
void ap_auth_oauth_error(long status, const char *body, size_t len,
			 const char *transport, char *msg, size_t cap);
/* The exp claim of a JWT (unix time), 0 when unknown or not a JWT. */
long long ap_auth_token_expiry(const char *token);

#endif
