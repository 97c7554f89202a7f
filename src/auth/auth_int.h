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

#endif
