/* Compact JWTs: RS256 signing (the Maskinporten assertion) and reading
 * the claims of a token without verifying it (`auth check`). */
#include "internal.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "auth/auth_int.h"

int ap_jwt_sign(char **out, EVP_PKEY *key, const char *header_json,
		const char *claims_json, struct ap_error *err)
{
	struct ap_buf b = AP_BUF_INIT;
	EVP_MD_CTX *md = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	int rc;

	*out = NULL;
	rc = ap_b64url_encode(&b, header_json, strlen(header_json));
	if (rc == AP_OK)
		rc = ap_buf_addch(&b, '.');
	if (rc == AP_OK)
		rc = ap_b64url_encode(&b, claims_json, strlen(claims_json));
	if (rc != AP_OK) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) <= 0 ||
	    EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)b.ptr, b.len) <= 0) {
		rc = ap_error_set(err, AP_EINTERNAL, "signing the Maskinporten assertion failed");
		goto done;
	}
	sig = ap_malloc(siglen);
	if (sig == NULL) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	if (EVP_DigestSign(md, sig, &siglen, (const unsigned char *)b.ptr, b.len) <= 0) {
		rc = ap_error_set(err, AP_EINTERNAL, "signing the Maskinporten assertion failed");
		goto done;
	}
	rc = ap_buf_addch(&b, '.');
	if (rc == AP_OK)
		rc = ap_b64url_encode(&b, sig, siglen);
	if (rc != AP_OK) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	*out = ap_buf_detach(&b, NULL);
done:
	ERR_clear_error();
	EVP_MD_CTX_free(md);
	ap_free(sig);
	if (b.ptr != NULL)
		OPENSSL_cleanse(b.ptr, b.alloc);
	ap_buf_release(&b);
	return rc;
}

int ap_jwt_claims(json_t **out, const char *jwt, struct ap_error *err)
{
	const char *p1 = strchr(jwt, '.'), *p2;
	unsigned char *bytes = NULL;
	size_t len = 0;

	*out = NULL;
	p2 = p1 != NULL ? strchr(p1 + 1, '.') : NULL;
	if (p2 == NULL || ap_b64url_decode(&bytes, &len, p1 + 1, (size_t)(p2 - p1 - 1)) != AP_OK)
		return ap_error_set(err, AP_EPARSE, "the token is not a JWT (header.claims.signature)");
	*out = json_loadb((const char *)bytes, len, 0, NULL);
	ap_free(bytes);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return ap_error_set(err, AP_EPARSE, "the token's claims are not a JSON object");
	}
	return AP_OK;
}
