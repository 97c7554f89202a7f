"""RS256 JSON Web Tokens and the keys that sign and verify them.

Keys are loaded from PEM (public key, private key or X.509 certificate) or
JWK (a single key or a JWK set; a private JWK's public half is used)."""

import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from . import wire


class TokenError(Exception):
    """A token that cannot be accepted; the message says why."""


def generate_private_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_pem(key):
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_pem(key):
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def _int_b64(n):
    return wire.b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def _b64_int(text):
    return int.from_bytes(wire.b64url_decode(text), "big")


def public_jwk(public_key, kid=None):
    nums = public_key.public_numbers()
    jwk = {"kty": "RSA", "e": _int_b64(nums.e), "n": _int_b64(nums.n), "alg": "RS256", "use": "sig"}
    if kid:
        jwk["kid"] = kid
    return jwk


def private_jwk(private_key, kid=None):
    jwk = public_jwk(private_key.public_key(), kid)
    p = private_key.private_numbers()
    jwk.update({"d": _int_b64(p.d), "p": _int_b64(p.p), "q": _int_b64(p.q),
                "dp": _int_b64(p.dmp1), "dq": _int_b64(p.dmq1), "qi": _int_b64(p.iqmp)})
    return jwk


def _jwk_public_key(jwk):
    if jwk.get("kty") != "RSA" or "n" not in jwk or "e" not in jwk:
        raise ValueError("only RSA JWKs with n and e are supported")
    return rsa.RSAPublicNumbers(_b64_int(jwk["e"]), _b64_int(jwk["n"])).public_key()


def load_public_keys(data):
    """[(kid or None, public key)] from PEM or JWK/JWKS bytes."""
    text = data.strip()
    if text.startswith(b"{"):
        doc = json.loads(text)
        jwks = doc["keys"] if "keys" in doc else [doc]
        return [(j.get("kid"), _jwk_public_key(j)) for j in jwks]
    if b"CERTIFICATE" in text:
        return [(None, x509.load_pem_x509_certificate(text).public_key())]
    if b"PRIVATE KEY" in text:
        return [(None, serialization.load_pem_private_key(text, password=None).public_key())]
    return [(None, serialization.load_pem_public_key(text))]


def load_private_key(data):
    """(kid or None, private key) from PEM or a private JWK."""
    text = data.strip()
    if text.startswith(b"{"):
        j = json.loads(text)
        pub = rsa.RSAPublicNumbers(_b64_int(j["e"]), _b64_int(j["n"]))
        nums = rsa.RSAPrivateNumbers(_b64_int(j["p"]), _b64_int(j["q"]), _b64_int(j["d"]),
                                     _b64_int(j["dp"]), _b64_int(j["dq"]), _b64_int(j["qi"]), pub)
        return j.get("kid"), nums.private_key()
    return None, serialization.load_pem_private_key(text, password=None)


def sign(claims, private_key, kid=None, header_extra=None):
    header = {"alg": "RS256", "typ": "JWT"}
    if kid:
        header["kid"] = kid
    if header_extra:
        header.update(header_extra)
    signing_input = wire.b64url(wire.compact(header)) + "." + wire.b64url(wire.compact(claims))
    sig = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + wire.b64url(sig)


def decode_unverified(token):
    """(header, claims, signing input, signature) or TokenError."""
    if not isinstance(token, str) or len(token) > 16384:
        raise TokenError("token missing or too long")
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("not a compact JWS")
    try:
        header = json.loads(wire.b64url_decode(parts[0]))
        claims = json.loads(wire.b64url_decode(parts[1]))
        sig = wire.b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("malformed token: %s" % exc) from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("header and claims must be JSON objects")
    return header, claims, (parts[0] + "." + parts[1]).encode("ascii"), sig


def verify(token, keys):
    """Verify an RS256 token against [(kid, public key)]: returns (header,
    claims). A key with a kid is only tried when the header names that kid;
    keys without a kid are tried for any token."""
    header, claims, signing_input, sig = decode_unverified(token)
    if header.get("alg") != "RS256":
        raise TokenError("alg must be RS256")
    kid = header.get("kid")
    candidates = [k for (k_id, k) in keys if k_id is None or k_id == kid]
    if not candidates:
        raise TokenError("no key matches kid")
    for key in candidates:
        try:
            key.verify(sig, signing_input, padding.PKCS1v15(), hashes.SHA256())
            return header, claims
        except InvalidSignature:
            continue
    raise TokenError("signature does not verify")
