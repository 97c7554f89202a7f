/*
 * Authentication for the Resource Registry (registry-api.md §1): either an
 * Altinn token given as is, or Maskinporten's JWT-bearer grant (an RS256
 * assertion signed with a PEM or JWK private key) followed by the exchange
 * at /authentication/api/v1/exchange/maskinporten.
 *
 * Secrets (tokens, assertions, key bytes) stay in memory owned by the
 * ap_auth object, are wiped when replaced or freed, and never appear in an
 * ap_error message.
 */
#ifndef ALTINN_POLICY_AUTH_H
#define ALTINN_POLICY_AUTH_H

#include "altinn-policy/common.h"
#include "altinn-policy/http.h"

struct json_t;

/* The scopes a publisher needs (registry-api.md §1.2). */
#define AP_AUTH_PUBLISH_SCOPES \
	"altinn:resourceregistry/resource.write " \
	"altinn:resourceregistry/accesslist.read " \
	"altinn:resourceregistry/accesslist.write"

/* Every pointer is borrowed during ap_auth_new only (copied). */
struct ap_auth_options {
	const char *token;        /* a ready Altinn token, or NULL */
	const char *client_id;    /* Maskinporten: the client id (iss) */
	const char *key_path;     /* PEM (PKCS#1 or PKCS#8) or JWK file */
	const char *kid;          /* NULL: the JWK's "kid", if any */
	const char *scopes;       /* NULL: AP_AUTH_PUBLISH_SCOPES */
	const char *maskinporten; /* issuer URL ending in "/": the audience;
				     the token endpoint is issuer + "token" */
	const char *exchange_url; /* the Altinn token exchange */
};

typedef struct ap_auth ap_auth;

/*
 * Creates the token source.  With token set, it is used as is (and cannot
 * be refreshed); otherwise client_id, key_path, maskinporten and
 * exchange_url are required and the key is read and parsed now (its bytes
 * are wiped after parsing).  Errors: AP_EINVALID (missing settings, a key
 * that is not an RSA private key: err says which, never the key),
 * AP_EIO, AP_ENOMEM.
 */
AP_NODISCARD int ap_auth_new(ap_auth **out, const struct ap_auth_options *o,
			     struct ap_error *err);
/* Wipes and frees.  Accepts NULL. */
void ap_auth_free(ap_auth *a);

/* The engine used for the Maskinporten and exchange requests (borrowed). */
void ap_auth_bind(ap_auth *a, ap_http *h);

/* The callback pair for struct ap_http_options.auth (borrowed from a). */
const struct ap_http_auth *ap_auth_source(ap_auth *a);

/*
 * The current token (borrowed, valid until the next call), fetching or
 * refreshing it when missing, expiring within 30 seconds, or when
 * refresh is set.  Errors: AP_EINVALID (rejected by Maskinporten or the
 * exchange: err has the HTTP status and the OAuth error, never a secret;
 * a given token that cannot be refreshed), AP_EIO (no answer), AP_ENOMEM.
 */
AP_NODISCARD int ap_auth_token(ap_auth *a, int refresh, const char **token,
			       struct ap_error *err);

/*
 * The claims of the current token, decoded without verification (the
 * registry verifies them), for `auth check`.  *out is a new reference.
 * Errors: as ap_auth_token, and AP_EPARSE when the token is not a JWT.
 */
AP_NODISCARD int ap_auth_claims(ap_auth *a, struct json_t **out,
				struct ap_error *err);

/* Reads a token from a file (first line, trimmed) into *out (caller owns,
 * wipe and free).  Errors: AP_EIO, AP_EINVALID (empty), AP_ENOMEM. */
AP_NODISCARD int ap_auth_read_token_file(char **out, const char *path,
					 struct ap_error *err);

/* Wipes a secret string and frees it.  Accepts NULL. */
void ap_secret_free(char *s);

#endif
