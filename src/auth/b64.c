/* base64url (RFC 4648 §5, no padding) on top of OpenSSL's base64. */
#include "internal.h"

#include <stdlib.h>

#include <openssl/crypto.h>

#include "auth/auth_int.h"

int ap_b64url_encode(struct ap_buf *b, const void *data, size_t len)
{
	size_t cap = 4 * ((len + 2) / 3) + 1, i, n;
	unsigned char *tmp;
	int rc;

	if (len > (size_t)1 << 28)
		return AP_ETOOBIG;
	tmp = ap_malloc(cap);
	if (tmp == NULL)
		return AP_ENOMEM;
	n = (size_t)EVP_EncodeBlock(tmp, data, (int)len);
	while (n > 0 && tmp[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++)
		tmp[i] = tmp[i] == '+' ? '-' : tmp[i] == '/' ? '_' : tmp[i];
	rc = ap_buf_add(b, tmp, n);
	OPENSSL_cleanse(tmp, cap);
	ap_free(tmp);
	return rc;
}

int ap_b64url_decode(unsigned char **out, size_t *len, const char *s,
		     size_t slen)
{
	size_t padded = (slen + 3) / 4 * 4, i;
	size_t in_cap = padded + 1, out_cap = padded / 4 * 3 + 1;
	unsigned char *in, *res;
	int n, rc = AP_OK;

	*out = NULL;
	*len = 0;
	if (slen % 4 == 1 || slen > (size_t)1 << 28)
		return AP_EPARSE;
	in = ap_malloc(in_cap);
	res = ap_malloc(out_cap);
	if (in == NULL || res == NULL) {
		rc = AP_ENOMEM;
		goto done;
	}
	for (i = 0; i < slen; i++) {
		char c = s[i];

		if (c == '=') /* padding given: stop there */
			break;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_')) {
			rc = AP_EPARSE;
			goto done;
		}
		in[i] = c == '-' ? '+' : c == '_' ? '/' : (unsigned char)c;
	}
	slen = i;
	padded = (slen + 3) / 4 * 4;
	for (; i < padded; i++)
		in[i] = '=';
	in[padded] = '\0';
	n = EVP_DecodeBlock(res, in, (int)padded);
	if (n < 0) {
		rc = AP_EPARSE;
		goto done;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	n -= (int)(padded - slen) > 2 ? 0 : (int)(padded - slen);
	res[n] = '\0';
	*out = res;
	*len = (size_t)n;
	res = NULL;
done:
	if (in != NULL) {
		OPENSSL_cleanse(in, in_cap);
		ap_free(in);
	}
	if (res != NULL) {
		OPENSSL_cleanse(res, out_cap);
		ap_free(res);
	}
	return rc;
}
