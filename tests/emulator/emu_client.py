"""Test helpers: start/stop a registry-emulator process and talk to it over
persistent HTTP/1.1 connections. Used by test_emulator.py; other Python
tests may import it too."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from regemu import jwt, wire  # noqa: E402

EMULATOR = os.path.join(HERE, "registry-emulator")


class Process:
    """A running emulator; stop() sends SIGTERM and returns the exit status."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, EMULATOR, "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.proc.kill()
            raise RuntimeError("emulator did not start: %r %s" % (line, self.proc.stderr.read()))
        self.base_url = line
        parsed = urllib.parse.urlsplit(line)
        self.host, self.port = parsed.hostname, parsed.port

    def stop(self, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self.proc.stdout.close()
            self.proc.stderr.close()

    def connect(self):
        return Conn(self.host, self.port)


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)


class Conn:
    """One persistent connection."""

    def __init__(self, host, port):
        self.http = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method, path, body=None, headers=None, token=None, json_body=None):
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        if token:
            headers["Authorization"] = "Bearer " + token
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.http.request(method, path, body=body, headers=headers)
        resp = self.http.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def close(self):
        self.http.close()


def multipart(name, data, filename="policy.xml", boundary=None):
    boundary = boundary or "----emu" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
            "Content-Type: text/xml\r\n\r\n" % (boundary, name, filename)).encode("utf-8")
    body += data + ("\r\n--%s--\r\n" % boundary).encode("utf-8")
    return body, "multipart/form-data; boundary=" + boundary


def assertion(client_id, key, aud, scopes, kid=None, iat=None, lifetime=60, jti=None, extra=None):
    now = int(time.time()) if iat is None else iat
    claims = {"aud": aud, "iss": client_id, "scope": scopes, "iat": now, "exp": now + lifetime,
              "jti": jti or uuid.uuid4().hex}
    claims.update(extra or {})
    return jwt.sign(claims, key, kid)


def claims_of(token):
    return jwt.decode_unverified(token)[1]


__all__ = ["Process", "Conn", "Reply", "multipart", "assertion", "claims_of", "jwt", "wire"]
