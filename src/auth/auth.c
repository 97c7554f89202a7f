/* The token source: a given Altinn token, or Maskinporten + exchange,
 * refreshed on expiry or on a 401. */
#include "internal.h"

#include <stdlib.h>
#include <time.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "altinn-policy/fsutil.h"
#include "auth/auth_int.h"

struct ap_auth {
	struct ap_http_auth source;
	ap_http *http;       /* borrowed */
	char *token;         /* the current Altinn token (secret) */
	int fixed;           /* given as is: cannot be refreshed */
	unsigned gen;        /* bumped whenever token changes */
	long long expires;   /* unix time from the token's exp, 0: unknown */
	EVP_PKEY *key;
	struct ap_error refused; /* Maskinporten or the exchange said no:
				    said again without asking again */
	char *client_id, *kid, *scopes, *issuer, *token_url, *exchange_url;
};

void ap_secret_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	ap_free(s);
}

static int source_get(void *ctx, int refresh, unsigned stale_gen,
		      const char **token, unsigned *gen, struct ap_error *err)
{
	ap_auth *a = ctx;
	int rc;

	/* another transfer already replaced the token that got the 401 */
	rc = ap_auth_token(a, refresh && stale_gen == a->gen, token, err);
	*gen = a->gen;
	return rc;
}

static int set_token(ap_auth *a, char *token)
{
	ap_secret_free(a->token);
	a->token = token;
	a->gen++;
	a->expires = ap_auth_token_expiry(token);
	return AP_OK;
}

static int dup_opt(char **dst, const char *src)
{
	if (src == NULL)
		return AP_OK;
	*dst = ap_strdup(src);
	return *dst != NULL ? AP_OK : AP_ENOMEM;
}

static int load_key(ap_auth *a, const char *path, struct ap_error *err)
{
	char *data = NULL, *kid = NULL;
	size_t len = 0;
	int rc = ap_file_read(&data, &len, path, 1 << 20, err);

	if (rc != AP_OK)
		return rc;
	rc = ap_key_parse(&a->key, &kid, data, len, err);
	OPENSSL_cleanse(data, len);
	ap_free(data); /* ap_file_read allocates through the hook */
	if (rc == AP_OK && a->kid == NULL)
		a->kid = kid;
	else
		ap_free(kid);
	if (rc != AP_OK) {
		char msg[sizeof(err->message)];

		memcpy(msg, err->message, sizeof(msg));
		ap_error_set_at(err, rc, path, 0, 0, "%s: %s", path, msg);
	}
	return rc;
}

int ap_auth_new(ap_auth **out, const struct ap_auth_options *o,
		struct ap_error *err)
{
	ap_auth *a = ap_calloc(1, sizeof(*a));
	int rc = AP_OK;

	*out = NULL;
	if (a == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	a->source.get = source_get;
	a->source.ctx = a;
	if (o->token != NULL) {
		char *t = ap_strdup(o->token);

		if (t == NULL) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
		a->fixed = 1;
		set_token(a, t);
		goto done;
	}
	if (o->client_id == NULL || o->key_path == NULL || o->maskinporten == NULL || o->exchange_url == NULL) {
		rc = ap_error_set(err, AP_EINVALID,
				  "no credentials: give a token (--token-file or the ALTINN_TOKEN environment variable) "
				  "or a Maskinporten client (--client-id and --key)");
		goto done;
	}
	if (dup_opt(&a->client_id, o->client_id) != AP_OK || dup_opt(&a->kid, o->kid) != AP_OK ||
	    dup_opt(&a->scopes, o->scopes != NULL ? o->scopes : AP_AUTH_PUBLISH_SCOPES) != AP_OK ||
	    dup_opt(&a->issuer, o->maskinporten) != AP_OK || dup_opt(&a->exchange_url, o->exchange_url) != AP_OK) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	{
		struct ap_buf u = AP_BUF_INIT;

		if (ap_buf_adds(&u, o->maskinporten) != AP_OK ||
		    (u.ptr[u.len - 1] != '/' && ap_buf_addch(&u, '/') != AP_OK) || ap_buf_adds(&u, "token") != AP_OK) {
			ap_buf_release(&u);
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
		a->token_url = ap_buf_detach(&u, NULL);
	}
	rc = load_key(a, o->key_path, err);
done:
	if (rc != AP_OK)
		ap_auth_free(a);
	else
		*out = a;
	return rc;
}

void ap_auth_free(ap_auth *a)
{
	if (a == NULL)
		return;
	ap_secret_free(a->token);
	EVP_PKEY_free(a->key);
	ap_free(a->client_id);
	ap_free(a->kid);
	ap_free(a->scopes);
	ap_free(a->issuer);
	ap_free(a->token_url);
	ap_free(a->exchange_url);
	ap_free(a);
}

void ap_auth_bind(ap_auth *a, ap_http *h)
{
	a->http = h;
}

const struct ap_http_auth *ap_auth_source(ap_auth *a)
{
	return &a->source;
}

/* The signed assertion for Maskinporten's JWT-bearer grant. */
static int make_assertion(ap_auth *a, char **out, struct ap_error *err)
{
	unsigned char rnd[16];
	char jti[33];
	json_t *hdr = json_pack("{s:s, s:s}", "alg", "RS256", "typ", "JWT");
	json_t *claims;
	char *hs = NULL, *cs = NULL;
	long long now = (long long)time(NULL);
	size_t i;
	int rc;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
		json_decref(hdr);
		return ap_error_set(err, AP_EINTERNAL, "no random bytes for the assertion's jti");
	}
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(jti + 2 * i, 3, "%02x", rnd[i]);
	claims = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "aud", a->issuer, "iss", a->client_id,
			   "scope", a->scopes, "iat", (json_int_t)now, "exp", (json_int_t)(now + 100), "jti", jti);
	if (hdr != NULL && a->kid != NULL)
		json_object_set_new(hdr, "kid", json_string(a->kid));
	if (hdr != NULL)
		hs = json_dumps(hdr, JSON_COMPACT);
	if (claims != NULL)
		cs = json_dumps(claims, JSON_COMPACT);
	if (hs == NULL || cs == NULL)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	else
		rc = ap_jwt_sign(out, a->key, hs, cs, err);
	free(hs);
	free(cs);
	json_decref(hdr);
	json_decref(claims);
	return rc;
}

/* Sets err to "<refusal>: <why>", why being the answer's OAuth error or
 * its status; returns AP_EIO for a transport error (status 0), else
 * AP_EINVALID. */
static int refused(const struct ap_http_resp *r, const char *refusal,
		   struct ap_error *err)
{
	char msg[512];

	ap_auth_oauth_error(r->status, r->body.ptr, r->body.len, r->error, msg, sizeof(msg));
	return ap_error_set(err, r->status == 0 ? AP_EIO : AP_EINVALID, "%s: %s", refusal, msg);
}

static void wipe_resp(struct ap_http_resp *r)
{
	if (r->body.ptr != NULL)
		OPENSSL_cleanse(r->body.ptr, r->body.alloc);
	ap_http_resp_release(r);
}

/* One token request with a fresh assertion.  *retried is set when the
 * engine had to send it more than once: an attempt may then have been
 * accepted already, and its assertion (jti) cannot be used again. */
static int maskinporten_token(ap_auth *a, char **out, int *retried,
			      struct ap_error *err)
{
	struct ap_http_req req = {0};
	struct ap_http_resp resp = AP_HTTP_RESP_INIT;
	struct ap_buf form = AP_BUF_INIT;
	char *assertion = NULL;
	int rc;

	*out = NULL;
	rc = make_assertion(a, &assertion, err);
	if (rc != AP_OK)
		return rc;
	if (ap_buf_adds(&form, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=") != AP_OK ||
	    ap_buf_adds(&form, assertion) != AP_OK) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	req.method = "POST";
	req.url = a->token_url;
	req.content_type = "application/x-www-form-urlencoded";
	req.body = form.ptr;
	req.body_len = form.len;
	rc = ap_http_fetch(a->http, &req, &resp, err);
	if (rc != AP_OK)
		goto done;
	*retried = resp.attempts > 1;
	if (resp.status != 200) {
		rc = refused(&resp, "Maskinporten refused the token request", err);
		goto done;
	}
	rc = ap_auth_parse_mp_answer(out, resp.body.ptr, resp.body.len, err);
done:
	if (form.ptr != NULL)
		OPENSSL_cleanse(form.ptr, form.alloc);
	ap_buf_release(&form);
	ap_secret_free(assertion);
	wipe_resp(&resp);
	return rc;
}

static int exchange(ap_auth *a, const char *mp_token, char **out,
		    struct ap_error *err)
{
	struct ap_http_req req = {0};
	struct ap_http_resp resp = AP_HTTP_RESP_INIT;
	int rc;

	*out = NULL;
	req.method = "GET";
	req.url = a->exchange_url;
	req.accept = "text/plain";
	req.bearer = mp_token;
	rc = ap_http_fetch(a->http, &req, &resp, err);
	if (rc != AP_OK)
		goto done;
	if (resp.status != 200 || resp.body.len == 0) {
		rc = refused(&resp, "the Altinn token exchange refused the Maskinporten token", err);
		goto done;
	}
	rc = ap_auth_parse_exchanged(out, resp.body.ptr, resp.body.len, err);
done:
	wipe_resp(&resp);
	return rc;
}

int ap_auth_token(ap_auth *a, int refresh, const char **token,
		  struct ap_error *err)
{
	char *mp = NULL, *altinn = NULL;
	long long now = (long long)time(NULL);
	int rc, attempt;

	*token = NULL;
	/* checked when first needed: a token that cannot go into a header
	 * is refused, not sent */
	if (a->fixed && ap_token_check(a->token, strlen(a->token), "the given token", err) != AP_OK)
		return err->code;
	if (a->token != NULL && !refresh && (a->expires == 0 || a->expires - 30 > now || a->fixed)) {
		*token = a->token;
		return AP_OK;
	}
	if (a->fixed) {
		return ap_error_set(err, AP_EINVALID,
				    "the given token was rejected (HTTP 401): it has expired or is not an Altinn token; "
				    "get a new one");
	}
	if (a->http == NULL)
		return ap_error_set(err, AP_EINTERNAL, "no HTTP engine for the token requests");
	if (a->refused.code != AP_OK) {
		*err = a->refused;
		return err->code;
	}
	for (attempt = 0; attempt < 3; attempt++) {
		int retried = 0;

		rc = maskinporten_token(a, &mp, &retried, err);
		if (rc == AP_OK || !retried)
			break;
	}
	if (rc == AP_OK)
		rc = exchange(a, mp, &altinn, err);
	ap_secret_free(mp);
	if (rc == AP_EINVALID)
		a->refused = *err; /* a refusal will not change by asking again */
	if (rc != AP_OK)
		return rc;
	set_token(a, altinn);
	*token = a->token;
	return AP_OK;
}

int ap_auth_claims(ap_auth *a, json_t **out, struct ap_error *err)
{
	const char *t;
	int rc = ap_auth_token(a, 0, &t, err);

	*out = NULL;
	if (rc != AP_OK)
		return rc;
	return ap_jwt_claims(out, t, err);
}

int ap_auth_read_token_file(char **out, const char *path, struct ap_error *err)
{
	char *data = NULL;
	size_t len = 0, s = 0, e;
	int rc = ap_file_read(&data, &len, path, 1 << 16, err);

	*out = NULL;
	if (rc != AP_OK)
		return rc;
	while (s < len && (data[s] == ' ' || data[s] == '\t' || data[s] == '\n' || data[s] == '\r'))
		s++;
	e = s;
	while (e < len && data[e] != '\n' && data[e] != '\r' && data[e] != ' ' && data[e] != '\t')
		e++;
	if (e == s)
		rc = ap_error_set_at(err, AP_EINVALID, path, 0, 0, "%s: the token file is empty", path);
	else if ((*out = ap_strndup(data + s, e - s)) == NULL)
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
	OPENSSL_cleanse(data, len);
	ap_free(data); /* ap_file_read allocates through the hook */
	return rc;
}
