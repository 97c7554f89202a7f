"""Maskinporten (JWT-bearer grant), the Altinn token exchange and the
registry's check of the Altinn token (registry-api.md §1)."""

import json
import os
import threading
import time
import urllib.parse

from . import jwt, response as R, wire

SCOPE_WRITE = "altinn:resourceregistry/resource.write"
SCOPE_ADMIN = "altinn:resourceregistry/resource.admin"
SCOPE_READ = "altinn:resourceregistry/resource.read"
SCOPE_AL_READ = "altinn:resourceregistry/accesslist.read"
SCOPE_AL_WRITE = "altinn:resourceregistry/accesslist.write"
SCOPE_PDP = "altinn:resourceregistry/pdp:accesslist.read"
SCOPE_SERVICEOWNER = "altinn:serviceowner"
ALL_SCOPES = (SCOPE_WRITE, SCOPE_ADMIN, SCOPE_READ, SCOPE_AL_READ, SCOPE_AL_WRITE, SCOPE_PDP,
              SCOPE_SERVICEOWNER)

RESOURCE_WRITE_SCOPES = (SCOPE_WRITE, SCOPE_ADMIN)
ACCESS_LIST_READ_SCOPES = (SCOPE_ADMIN, SCOPE_AL_READ, SCOPE_AL_WRITE, SCOPE_PDP)
ACCESS_LIST_WRITE_SCOPES = (SCOPE_ADMIN, SCOPE_AL_WRITE)

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MASKINPORTEN_LIFETIME = 120       # seconds, like Maskinporten
MAX_ASSERTION_LIFETIME = 120      # exp - iat allowed by Maskinporten
EXCHANGE_PATH = "/authentication/api/v1/exchange/"
PROVIDERS = ("maskinporten", "id-porten", "altinnstudio")


class Clock:
    """Wall time plus an offset tests may move forward."""

    def __init__(self):
        self.offset = 0.0

    def now(self):
        return time.time() + self.offset


class Client:
    def __init__(self, client_id, org_number, keys, scopes=ALL_SCOPES, consumer_prefix=()):
        self.client_id = client_id
        self.org_number = org_number
        self.keys = list(keys)                # [(kid or None, public key)]
        self.scopes = set(scopes)
        self.consumer_prefix = list(consumer_prefix)


class Caller:
    """What the registry knows about the caller from a verified token."""

    def __init__(self, claims):
        self.claims = claims
        raw = claims.get("scope", claims.get("urn:altinn:scope", ""))
        self.scope_string = raw if isinstance(raw, str) else ""
        self.scopes = set(self.scope_string.split())
        org = claims.get("urn:altinn:org")
        self.org = org if isinstance(org, str) else None

    def has_any(self, scopes):
        return any(s in self.scopes for s in scopes)

    def consumer_orgnr(self):
        """The org number from the consumer claim, or None if missing/malformed."""
        consumer = self.claims.get("consumer")
        if isinstance(consumer, str):
            try:
                consumer = json.loads(consumer)
            except ValueError:
                return None
        if not isinstance(consumer, dict):
            return None
        ident = consumer.get("ID")
        if not isinstance(ident, str) or ":" not in ident:
            return None
        return ident.split(":", 1)[1]

    def consumer_prefixes(self):
        p = self.claims.get("consumer_prefix", [])
        return [p] if isinstance(p, str) else [x for x in p if isinstance(x, str)]


class Auth:
    def __init__(self, clock, orgs, base_url, clients=(), altinn_lifetime=1800, skew=10):
        self.clock = clock
        self.orgs = orgs
        self.clients = {c.client_id: c for c in clients}
        self.altinn_lifetime = altinn_lifetime
        self.skew = skew
        self.maskinporten_key = jwt.generate_private_key()
        self.altinn_key = jwt.generate_private_key()
        self.mp_kid = "emulator-maskinporten-" + os.urandom(4).hex()
        self.altinn_kid = "emulator-altinn-" + os.urandom(4).hex()
        self.set_base_url(base_url)
        self.seen_jti = {}                    # (client, jti) -> expiry
        self.issued = {"altinn": set(), "maskinporten": set()}    # jti of live tokens
        self.revoked = set()
        self.lock = threading.Lock()

    def set_base_url(self, base_url):
        self.base_url = base_url
        self.mp_issuer = base_url + "/maskinporten/"
        self.mp_token_endpoint = base_url + "/maskinporten/token"
        self.altinn_issuer = base_url + "/authentication/api/v1/openid/"

    def load_signing_keys(self, mp_pem, altinn_pem):
        self.maskinporten_key = jwt.load_private_key(mp_pem)[1]
        self.altinn_key = jwt.load_private_key(altinn_pem)[1]

    # --- Maskinporten -------------------------------------------------------

    @staticmethod
    def _oauth_error(error, description, status=400):
        return R.Response(status, wire.dumps({"error": error, "error_description": description}),
                          R.JSON, [("Cache-Control", "no-store")])

    def maskinporten_token(self, headers, body):
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return self._oauth_error("invalid_request", "Content-Type must be application/x-www-form-urlencoded")
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return self._oauth_error("invalid_request", "body is not UTF-8")
        if form.get("grant_type", [""])[0] != GRANT_TYPE:
            return self._oauth_error("unsupported_grant_type", "grant_type must be " + GRANT_TYPE)
        assertion = form.get("assertion", [""])[0]
        if not assertion:
            return self._oauth_error("invalid_request", "assertion is missing")
        try:
            header, claims = self._verify_assertion(assertion)
        except jwt.TokenError as exc:
            return self._oauth_error("invalid_grant", "Invalid assertion: %s" % exc)
        client = self.clients[claims["iss"]]
        requested = claims.get("scope")
        if not isinstance(requested, str) or not requested.split():
            return self._oauth_error("invalid_scope", "scope claim is missing")
        denied = [s for s in requested.split() if s not in client.scopes]
        if denied:
            return self._oauth_error("invalid_scope", "client is not allowed scope(s): " + " ".join(denied))
        now = int(self.clock.now())
        token_claims = {
            "scope": " ".join(requested.split()),
            "token_type": "Bearer",
            "client_id": client.client_id,
            "client_amr": "private_key_jwt",
            "consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:" + client.org_number},
            "iss": self.mp_issuer,
            "aud": "unspecified",
            "iat": now,
            "exp": now + MASKINPORTEN_LIFETIME,
            "jti": os.urandom(16).hex(),
        }
        if client.consumer_prefix:
            token_claims["consumer_prefix"] = client.consumer_prefix
        token = jwt.sign(token_claims, self.maskinporten_key, self.mp_kid)
        with self.lock:
            self.issued["maskinporten"].add(token_claims["jti"])
        return R.json_body(200, {"access_token": token, "token_type": "Bearer",
                                 "expires_in": MASKINPORTEN_LIFETIME, "scope": token_claims["scope"]},
                           [("Cache-Control", "no-store")])

    def _verify_assertion(self, assertion):
        _, unverified, _, _ = jwt.decode_unverified(assertion)
        client = self.clients.get(unverified.get("iss"))
        if client is None:
            raise jwt.TokenError("iss is not a known client id")
        header, claims = jwt.verify(assertion, client.keys)
        if any(k_id for (k_id, _) in client.keys) and not header.get("kid"):
            raise jwt.TokenError("kid is required")
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        accepted = (self.mp_issuer, self.mp_issuer.rstrip("/"), self.mp_token_endpoint)
        if not any(a in accepted for a in auds):
            raise jwt.TokenError("aud must be " + self.mp_issuer)
        now = self.clock.now()
        iat, exp = claims.get("iat"), claims.get("exp")
        if not isinstance(iat, (int, float)) or not isinstance(exp, (int, float)):
            raise jwt.TokenError("iat and exp are required numbers")
        if exp <= now - self.skew:
            raise jwt.TokenError("assertion has expired")
        if iat > now + self.skew:
            raise jwt.TokenError("iat is in the future")
        if exp - iat > MAX_ASSERTION_LIFETIME:
            raise jwt.TokenError("exp may be at most 120 seconds after iat")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise jwt.TokenError("jti is required")
        with self.lock:
            for key in [k for k, e in self.seen_jti.items() if e < now - self.skew]:
                del self.seen_jti[key]
            if (client.client_id, jti) in self.seen_jti:
                raise jwt.TokenError("jti has already been used")
            self.seen_jti[(client.client_id, jti)] = exp
        return header, claims

    # --- Exchange -----------------------------------------------------------

    def exchange(self, provider, query, headers):
        if provider.lower() not in PROVIDERS:
            return R.framework_problem(400)
        if provider.lower() != "maskinporten":
            return R.empty(401)
        token = bearer(headers)
        if token is None:
            return R.empty(401)
        try:
            _, claims = jwt.verify(token, [(None, self.maskinporten_key.public_key())])
        except jwt.TokenError:
            return R.empty(401)
        now = self.clock.now()
        if claims.get("iss") != self.mp_issuer or not isinstance(claims.get("exp"), (int, float)) \
                or claims["exp"] <= now or claims.get("jti") in self.revoked:
            return R.empty(401)
        consumer = claims.get("consumer")
        if not isinstance(consumer, dict) or consumer.get("authority") != "iso6523-actorid-upis" \
                or not isinstance(consumer.get("ID"), str) or ":" not in consumer["ID"]:
            return R.empty(401)
        orgnr = consumer["ID"].split(":", 1)[1]
        out = {k: v for k, v in claims.items() if k not in ("aud", "iss", "client_amr", "jti", "iat", "exp", "nbf")}
        out["urn:altinn:orgNumber"] = orgnr
        out["urn:altinn:authenticatemethod"] = "maskinporten"
        out["urn:altinn:authlevel"] = 3
        if SCOPE_SERVICEOWNER in str(claims.get("scope", "")):
            codes = [c for c in self.orgs.orgs if self.orgs.orgs[c][0] == orgnr]
            if codes:
                code = codes[0]
                if code == "digdir" and query.get("test", [""])[0].lower() == "true":
                    code = "ttd"
                out["urn:altinn:org"] = code
        token = self._sign_altinn(out)
        accept = (headers.get("Accept") or "").lower()
        if "application/json" in accept and "text/plain" not in accept:
            return R.json_string(200, token)
        return R.text(200, token)

    def _sign_altinn(self, claims, lifetime=None):
        now = int(self.clock.now())
        claims = dict(claims)
        claims.update({"iss": self.altinn_issuer, "jti": os.urandom(16).hex(), "iat": now, "nbf": now,
                       "exp": now + (self.altinn_lifetime if lifetime is None else lifetime)})
        with self.lock:
            self.issued["altinn"].add(claims["jti"])
        return jwt.sign(claims, self.altinn_key, self.altinn_kid)

    def expire_tokens(self, kinds=("altinn", "maskinporten")):
        """Every token issued so far stops being accepted (tests of refresh on 401)."""
        with self.lock:
            n = 0
            for kind in kinds:
                self.revoked |= self.issued[kind]
                n += len(self.issued[kind])
                self.issued[kind] = set()
            return n

    def mint(self, org=None, orgnr=None, scopes=(), lifetime=None, consumer_prefix=(), org_claim=True):
        """An Altinn token as the exchange would issue it (test mode)."""
        if orgnr is None and org is not None:
            orgnr = self.orgs.number(org) or ""
        claims = {"scope": " ".join(scopes), "token_type": "Bearer", "client_id": "emulator-minted"}
        if orgnr is not None:
            claims["consumer"] = {"authority": "iso6523-actorid-upis", "ID": "0192:" + orgnr}
            claims["urn:altinn:orgNumber"] = orgnr
        if consumer_prefix:
            claims["consumer_prefix"] = list(consumer_prefix)
        claims["urn:altinn:authenticatemethod"] = "maskinporten"
        claims["urn:altinn:authlevel"] = 3
        if org and org_claim:
            claims["urn:altinn:org"] = org
        return self._sign_altinn(claims, lifetime)

    # --- The registry's check -------------------------------------------------

    def caller(self, headers):
        """Caller for a valid Altinn token, or None (→ 401)."""
        token = bearer(headers)
        if token is None:
            return None
        try:
            _, claims = jwt.verify(token, [(None, self.altinn_key.public_key())])
        except jwt.TokenError:
            return None
        now = self.clock.now()
        exp, nbf = claims.get("exp"), claims.get("nbf", 0)
        if claims.get("iss") != self.altinn_issuer or not isinstance(exp, (int, float)) or exp <= now \
                or not isinstance(nbf, (int, float)) or nbf > now or claims.get("jti") in self.revoked:
            return None
        return Caller(claims)

    # --- Discovery ------------------------------------------------------------

    def maskinporten_metadata(self):
        return R.json_body(200, {"issuer": self.mp_issuer, "token_endpoint": self.mp_token_endpoint,
                                 "jwks_uri": self.base_url + "/maskinporten/jwk",
                                 "grant_types_supported": [GRANT_TYPE],
                                 "token_endpoint_auth_methods_supported": ["private_key_jwt"]})

    def maskinporten_jwks(self):
        return R.json_body(200, {"keys": [jwt.public_jwk(self.maskinporten_key.public_key(), self.mp_kid)]})

    def altinn_openid(self):
        return R.json_body(200, {"issuer": self.altinn_issuer,
                                 "jwks_uri": self.altinn_issuer + ".well-known/openid-configuration/jwks"})

    def altinn_jwks(self):
        return R.json_body(200, {"keys": [jwt.public_jwk(self.altinn_key.public_key(), self.altinn_kid)]})


def bearer(headers):
    value = headers.get("Authorization") or ""
    if value[:7].lower() != "bearer ":
        return None
    token = value[7:].strip()
    return token or None
