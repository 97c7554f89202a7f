/* RSA private keys from PEM (PKCS#1 or PKCS#8) or a JWK (RFC 7517/7518). */
#include "internal.h"

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "auth/auth_int.h"

static int parse_pem(EVP_PKEY **out, const char *data, size_t len,
		     struct ap_error *err)
{
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	EVP_PKEY *k;

	if (bio == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ERR_clear_error();
	if (k == NULL)
		return ap_error_set(err, AP_EINVALID, "the key is not a PEM private key (an encrypted key is not supported)");
	if (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
		EVP_PKEY_free(k);
		return ap_error_set(err, AP_EINVALID, "the key is not an RSA key (Maskinporten's RS256 needs one)");
	}
	*out = k;
	return AP_OK;
}

/* One big number of the JWK, base64url, into the parameter builder. */
static int jwk_bn(OSSL_PARAM_BLD *bld, BIGNUM **bns, size_t *nbn,
		  json_t *jwk, const char *member, const char *param)
{
	const char *s = json_string_value(json_object_get(jwk, member));
	unsigned char *bytes = NULL;
	size_t len = 0;
	BIGNUM *bn;
	int rc;

	if (s == NULL)
		return AP_EPARSE;
	rc = ap_b64url_decode(&bytes, &len, s, strlen(s));
	if (rc != AP_OK)
		return rc;
	bn = BN_bin2bn(bytes, (int)len, NULL);
	OPENSSL_cleanse(bytes, len);
	ap_free(bytes);
	if (bn == NULL)
		return AP_ENOMEM;
	bns[(*nbn)++] = bn;
	return OSSL_PARAM_BLD_push_BN(bld, param, bn) ? AP_OK : AP_ENOMEM;
}

static int parse_jwk(EVP_PKEY **out, char **kid, const char *data, size_t len,
		     struct ap_error *err)
{
	static const char *const members[][2] = {
		{"n", OSSL_PKEY_PARAM_RSA_N},
		{"e", OSSL_PKEY_PARAM_RSA_E},
		{"d", OSSL_PKEY_PARAM_RSA_D},
		{"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
		{"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
		{"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
		{"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
		{"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
	};
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, NULL), *jwk;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *bns[8];
	size_t nbn = 0, i, need;
	int rc = AP_OK;

	*out = NULL;
	if (root == NULL)
		return ap_error_set(err, AP_EINVALID, "the key is neither PEM nor JSON (JWK)");
	/* a JWK set with one key is accepted too */
	jwk = json_is_array(json_object_get(root, "keys")) ? json_array_get(json_object_get(root, "keys"), 0) : root;
	if (!json_is_object(jwk) || !ap_streq(json_string_value(json_object_get(jwk, "kty")), "RSA")) {
		rc = ap_error_set(err, AP_EINVALID, "the JWK is not an RSA key (\"kty\": \"RSA\")");
		goto done;
	}
	if (json_string_value(json_object_get(jwk, "kid")) != NULL && kid != NULL) {
		*kid = ap_strdup(json_string_value(json_object_get(jwk, "kid")));
		if (*kid == NULL) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
	}
	bld = OSSL_PARAM_BLD_new();
	if (bld == NULL) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	/* n, e, d are required; the CRT members come as a set or not at all */
	need = json_object_get(jwk, "p") != NULL ? ARRAY_SIZE(members) : 3;
	for (i = 0; i < need; i++) {
		rc = jwk_bn(bld, bns, &nbn, jwk, members[i][0], members[i][1]);
		if (rc == AP_ENOMEM) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
		if (rc != AP_OK) {
			rc = ap_error_set(err, AP_EINVALID, "the JWK has no usable \"%s\" (a private RSA JWK needs n, e, d)",
					  members[i][0]);
			goto done;
		}
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, out, EVP_PKEY_KEYPAIR, params) <= 0) {
		rc = ap_error_set(err, AP_EINVALID, "the JWK is not a valid RSA private key");
		goto done;
	}
done:
	ERR_clear_error();
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	for (i = 0; i < nbn; i++)
		BN_clear_free(bns[i]);
	if (rc != AP_OK && kid != NULL) {
		ap_free(*kid);
		*kid = NULL;
	}
	/* wipe the private members jansson holds before letting it go */
	if (json_is_object(jwk)) {
		const char *k;
		json_t *v;

		json_object_foreach(jwk, k, v)
			if (json_is_string(v))
				OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
	}
	json_decref(root);
	return rc;
}

int ap_key_parse(EVP_PKEY **out, char **kid, const char *data, size_t len,
		 struct ap_error *err)
{
	size_t i = 0;

	*out = NULL;
	if (kid != NULL)
		*kid = NULL;
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	if (i < len && data[i] == '{')
		return parse_jwk(out, kid, data, len, err);
	return parse_pem(out, data, len, err);
}
