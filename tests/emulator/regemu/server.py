"""The HTTP server: persistent HTTP/1.1 connections, routing, the token and
scope checks, fault injection, the request log and the /__emulator control
endpoints."""

import http.server
import ipaddress
import itertools
import json
import re
import socket
import struct
import sys
import threading
import time
import traceback
import urllib.parse

from . import accesslists as AL, audit, auth as A, policy, resources, response as R, subjects, wire
from .faults import Faults

MAX_BODY = 32 * 1024 * 1024
RR = "/resourceregistry/api/v1"
SEG = r"([^/]+)"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# (method, path regex, handler, auth, consumes)
ROUTES = [
    ("POST", r"/maskinporten/token", "maskinporten_token", None, None),
    ("GET", r"/maskinporten/\.well-known/oauth-authorization-server", "maskinporten_metadata", None, None),
    ("GET", r"/maskinporten/jwk", "maskinporten_jwks", None, None),
    ("GET", r"/authentication/api/v1/exchange/" + SEG, "exchange", None, None),
    ("GET", r"/authentication/api/v1/openid/\.well-known/openid-configuration", "altinn_openid", None, None),
    ("GET", r"/authentication/api/v1/openid/\.well-known/openid-configuration/jwks", "altinn_jwks", None, None),

    ("GET", RR + r"/resource/resourcelist", resources.resource_list, None, None),
    ("GET", RR + r"/resource/search", resources.search, None, None),
    ("GET", RR + r"/resource/orgs", resources.orgs, None, None),
    ("GET", RR + r"/resource/changes", resources.changes, None, None),
    ("GET", RR + r"/resource/updated", subjects.updated, None, None),
    ("POST", RR + r"/resource/bysubjects", subjects.bysubjects, None, "json"),
    ("POST", RR + r"/resource", resources.create, "resource-write", "json"),
    ("GET", RR + r"/resource/" + SEG, resources.get, None, None),
    ("PUT", RR + r"/resource/" + SEG, resources.update, "resource-write", "json"),
    ("DELETE", RR + r"/resource/" + SEG, resources.delete, "resource-write", None),
    ("POST", RR + r"/resource/" + SEG + "/policy", policy.write, "resource-write", None),
    ("PUT", RR + r"/resource/" + SEG + "/policy", policy.write, "resource-write", None),
    ("GET", RR + r"/resource/" + SEG + "/policy", policy.get, None, None),
    ("GET", RR + r"/resource/" + SEG + "/policy/rules", policy.rules, None, None),
    ("GET", RR + r"/resource/" + SEG + "/policy/rights", policy.rights, None, None),
    ("GET", RR + r"/resource/" + SEG + "/policy/subjects", policy.subjects, None, None),

    ("GET", RR + r"/access-lists/" + SEG, AL.by_owner, "al-read", "json"),
    ("GET", RR + r"/access-lists/" + SEG + "/" + SEG, AL.get_list, "al-read", "json"),
    ("PUT", RR + r"/access-lists/" + SEG + "/" + SEG, AL.put_list, "al-write", "json"),
    ("PATCH", RR + r"/access-lists/" + SEG + "/" + SEG, AL.patch_list, "al-write", None),
    ("DELETE", RR + r"/access-lists/" + SEG + "/" + SEG, AL.delete_list, "al-write", "json"),
    ("GET", RR + r"/access-lists/" + SEG + "/" + SEG + "/members", AL.get_members, "al-read", "json"),
    ("PUT", RR + r"/access-lists/" + SEG + "/" + SEG + "/members", AL.put_members, "al-write", "json"),
    ("POST", RR + r"/access-lists/" + SEG + "/" + SEG + "/members", AL.post_members, "al-write", "json"),
    ("DELETE", RR + r"/access-lists/" + SEG + "/" + SEG + "/members", AL.delete_members, "al-write", "json"),
    ("GET", RR + r"/access-lists/" + SEG + "/" + SEG + "/resource-connections", AL.get_connections, "al-read",
     "json"),
    ("PUT", RR + r"/access-lists/" + SEG + "/" + SEG + "/resource-connections/" + SEG, AL.put_connection,
     "al-write", "json"),
    ("DELETE", RR + r"/access-lists/" + SEG + "/" + SEG + "/resource-connections/" + SEG, AL.delete_connection,
     "al-write", "json"),
]
COMPILED = [(m, re.compile("^" + p + "/?$", re.IGNORECASE), h, a, c) for (m, p, h, a, c) in ROUTES]
AUTH_SCOPES = {"resource-write": A.RESOURCE_WRITE_SCOPES, "al-read": A.ACCESS_LIST_READ_SCOPES,
               "al-write": A.ACCESS_LIST_WRITE_SCOPES}
AL_WRITE_HANDLERS = (AL.put_list, AL.delete_list, AL.put_members, AL.post_members, AL.delete_members,
                     AL.put_connection, AL.delete_connection)


class Context:
    """One request as the handlers see it."""

    def __init__(self, emulator, method, path, query, headers, body, base_url):
        self.method = method
        self.path = path
        self.query = query               # lower-cased names -> [values]
        self.headers = headers
        self.body = body
        self.base_url = base_url
        self.state = emulator.state
        self.orgs = emulator.orgs
        self.register = emulator.register
        self.environment = emulator.environment
        self.now = emulator.clock.now()
        self.caller = None


class Emulator:
    """Everything a running emulator holds; independent of the socket layer."""

    def __init__(self, state, auth, orgs, register, clock, environment="at22", subscription_key=None,
                 faults=None, log_file=None):
        self.state = state
        self.auth = auth
        self.orgs = orgs
        self.register = register
        self.clock = clock
        self.environment = environment
        self.subscription_key = subscription_key
        self.faults = faults or Faults()
        self.log = []
        self.log_lock = threading.Lock()
        self.log_seq = itertools.count(1)
        self.log_file = log_file

    # --- request log ------------------------------------------------------------

    def record(self, entry):
        with self.log_lock:
            entry["seq"] = next(self.log_seq)
            self.log.append(entry)
            if self.log_file:
                self.log_file.write(json.dumps(entry) + "\n")
                self.log_file.flush()

    def log_since(self, since):
        with self.log_lock:
            return [e for e in self.log if e["seq"] > since]

    # --- dispatch -------------------------------------------------------------------

    def route(self, method, path):
        """(handler, auth, consumes, args) or a 404/405 response."""
        allowed = False
        for m, rx, handler, auth, consumes in COMPILED:
            match = rx.match(path)
            if match:
                if m == method:
                    args = [urllib.parse.unquote(g) for g in match.groups()]
                    return handler, auth, consumes, args
                allowed = True
        return R.empty(405) if allowed else R.empty(404)

    def handle(self, ctx, decision):
        found = self.route(ctx.method, ctx.path)
        if isinstance(found, R.Response):
            return found
        handler, auth, consumes, args = found
        if self.subscription_key is not None and ctx.headers.get("Ocp-Apim-Subscription-Key") != self.subscription_key:
            return R.json_body(401, {"statusCode": 401, "message": "Access denied due to missing subscription key. "
                                     "Make sure to include subscription key when making requests to an API."})
        if isinstance(handler, str):
            return self._auth_endpoint(handler, ctx, args)
        ctype = (ctx.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if consumes == "json" and ctype and ctype != "application/json":
            return R.framework_problem(415)
        if auth:
            ctx.caller = self.auth.caller(ctx.headers)
            if ctx.caller is None:
                return R.empty(401, [("WWW-Authenticate", "Bearer")])
            if not ctx.caller.has_any(AUTH_SCOPES[auth]):
                return R.empty(403)
        with self.state.lock:
            if decision.fault == "conflict" and handler in AL_WRITE_HANDLERS and ctx.headers.get("If-Match"):
                self._concurrent_writer(ctx, args)
            try:
                return handler(ctx, *args)
            except resources.ServerError:
                return R.empty(500)
            except (RecursionError, MemoryError):
                # hostile input (e.g. JSON nested 100 000 deep): the real server answers 400/500 too
                return R.empty(500)
            except Exception:  # an emulator bug: answer like an unhandled exception, and say so
                traceback.print_exc(file=sys.stderr)
                return R.empty(500)

    def _concurrent_writer(self, ctx, args):
        """Another client changes the list (a new version) just before this write."""
        owner = self.orgs.canonical(args[0]) or args[0]
        al = self.state.access_lists.get(owner + "/" + args[1])
        if al is not None:
            al["version"] = self.state.new_event()
            al["updatedAt"] = ctx.now
            self.state.dirty = True

    def _auth_endpoint(self, name, ctx, args):
        if name == "maskinporten_token":
            return self.auth.maskinporten_token(ctx.headers, ctx.body)
        if name == "exchange":
            return self.auth.exchange(args[0], ctx.query, ctx.headers)
        return getattr(self.auth, name)()

    # --- control endpoints ----------------------------------------------------------

    def control(self, method, path, query, body):
        try:
            doc = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (ValueError, UnicodeDecodeError):
            return R.json_body(400, {"error": "body must be JSON"})
        name = path[len("/__emulator/"):].rstrip("/")
        try:
            return self._control(method, name, query, doc)
        except (ValueError, KeyError, TypeError) as exc:
            return R.json_body(400, {"error": str(exc)})

    def _control(self, method, name, query, doc):
        if name == "health" and method == "GET":
            return R.json_body(200, {"ok": True, "baseUrl": self.auth.base_url})
        if name == "log" and method == "GET":
            since = int(query.get("since", ["0"])[0])
            entries = self.log_since(since)
            return R.json_body(200, {"entries": entries,
                                     "last": entries[-1]["seq"] if entries else since})
        if name == "audit" and method == "GET":
            return R.json_body(200, audit.audit(self.log_since(int(query.get("since", ["0"])[0]))))
        if name == "log" and method == "DELETE":
            with self.log_lock:
                self.log = []
            return R.json_body(200, {"ok": True})
        if name == "reset" and method == "POST":
            with self.state.lock:
                self.state.reset()
            with self.log_lock:
                self.log = []
            self.faults.reset_counters()
            if doc.get("faults") == "defaults":
                self.faults = Faults()
            return R.json_body(200, {"ok": True})
        if name == "state" and method == "GET":
            with self.state.lock:
                return R.json_body(200, self.dump_state())
        if name == "faults" and method == "GET":
            return R.json_body(200, self.faults.snapshot())
        if name == "faults" and method in ("PUT", "POST"):
            if method == "PUT":
                fresh = Faults()
                fresh.update(doc)
                self.faults = fresh
            else:
                self.faults.update(doc)
            return R.json_body(200, self.faults.snapshot())
        if name == "mint-token" and method == "POST":
            token = self.auth.mint(org=doc.get("org"), orgnr=doc.get("orgNumber"),
                                   scopes=doc.get("scopes", []), lifetime=doc.get("lifetime"),
                                   consumer_prefix=doc.get("consumerPrefix", ()),
                                   org_claim=doc.get("orgClaim", True))
            return R.json_body(200, {"token": token})
        if name == "expire-tokens" and method == "POST":
            kinds = doc.get("kinds", ["altinn", "maskinporten"])
            return R.json_body(200, {"expired": self.auth.expire_tokens(kinds)})
        if name == "clock" and method == "POST":
            if "advance" in doc:
                self.clock.offset += float(doc["advance"])
            if "offset" in doc:
                self.clock.offset = float(doc["offset"])
            return R.json_body(200, {"offset": self.clock.offset, "now": self.clock.now()})
        if name == "clients" and method == "POST":
            from . import jwt
            keys = jwt.load_public_keys(doc["key"].encode("utf-8") if isinstance(doc["key"], str)
                                        else json.dumps(doc["key"]).encode("utf-8"))
            if doc.get("kid"):
                keys = [(doc["kid"], k) for (_, k) in keys]
            self.auth.clients[doc["clientId"]] = A.Client(doc["clientId"], doc["orgNumber"], keys,
                                                          doc.get("scopes", A.ALL_SCOPES),
                                                          doc.get("consumerPrefix", ()))
            return R.json_body(200, {"ok": True})
        return R.json_body(404, {"error": "no such control endpoint: %s %s" % (method, name)})

    def dump_state(self):
        st = self.state
        resources_out, deleted = {}, []
        for ident in sorted(st.resources):
            e = st.resources[ident]
            if e["deleted"]:
                deleted.append(ident)
                continue
            pol = e["policy"]
            resources_out[ident] = {
                "resource": resources.output(e["versions"][-1]),
                "versionIds": [m["versionId"] for m in e["versions"]],
                "policy": None if pol is None else pol.decode("utf-8", "replace"),
            }
        lists = {}
        for key in sorted(st.access_lists):
            al = st.access_lists[key]
            lists.setdefault(al["owner"], {})[al["identifier"]] = {
                "name": al["name"], "description": al["description"], "version": al["version"],
                "etag": AL.C.etag(al["version"]),
                "members": sorted(m["orgnr"] for m in al["members"].values()),
                "connections": {r: list(c["actionFilters"]) for r, c in sorted(al["connections"].items())},
            }
        return {"resources": resources_out, "deletedResources": deleted, "accessLists": lists}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "registry-emulator"

    def version_string(self):
        return self.server_version
    conn_ids = itertools.count(1)

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.conn_id = next(Handler.conn_ids)

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def read_body(self):
        """The request body, or None after answering 400/413 (connection closed)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    return self.fail_body(400)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    return self.fail_body(413)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            n = int(length)
        except ValueError:
            return self.fail_body(400)
        if n < 0:
            return self.fail_body(400)
        if n > MAX_BODY:
            return self.fail_body(413)
        data = self.rfile.read(n)
        if len(data) != n:
            self.close_connection = True
            return None
        return data

    def fail_body(self, status):
        self.close_connection = True
        self.send(R.empty(status), "GET")
        return None

    def base_url(self):
        host = self.headers.get("X-Forwarded-Host") or self.headers.get("Host")
        proto = self.headers.get("X-Forwarded-Proto") or "http"
        return "%s://%s" % (proto, host) if host else self.server.emulator.auth.base_url

    def dispatch(self, method):
        started = time.monotonic()
        emu = self.server.emulator
        body = self.read_body()
        if body is None:
            return
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        query_raw = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        if path.startswith("/__emulator/"):
            if not ipaddress.ip_address(self.client_address[0]).is_loopback:
                return self.send(R.empty(403), method)
            return self.send(emu.control(method, path, query_raw, body), method)
        query = {}
        for k, v in query_raw.items():
            query.setdefault(k.lower(), []).extend(v)
        route_method = "GET" if method == "HEAD" else method
        decision = emu.faults.decide(route_method, path)
        if decision.latency > 0:
            time.sleep(decision.latency)
        entry = {"time": wire.iso_time(time.time()), "method": method, "path": path, "query": split.query,
                 "write": method in WRITE_METHODS and path.lower().startswith("/resourceregistry/"),
                 "changed": False, "fault": decision.fault, "conn": self.conn_id,
                 "ifMatch": self.headers.get("If-Match"), "ifNoneMatch": self.headers.get("If-None-Match")}
        fault = decision.fault
        resp = None
        if fault in ("500", "502", "503", "504", "429", "reset") and decision.phase == "before":
            resp = self.fault_response(fault, emu)
        if resp is None:
            ctx = Context(emu, route_method, path, query, self.headers, body, self.base_url())
            resp = emu.handle(ctx, decision)
            entry["changed"] = resp.changed
            entry["handledStatus"] = resp.status
            if fault in ("500", "502", "503", "504", "reset") and decision.phase == "after":
                real = resp
                resp = self.fault_response(fault, emu)
                if fault == "reset":
                    resp = real
        entry["status"] = 0 if fault == "reset" else resp.status    # 0: no complete response
        entry["durationMs"] = round((time.monotonic() - started) * 1000, 3)
        emu.record(entry)
        if fault == "reset":
            return self.send_reset(resp)
        self.send(resp, method)

    @staticmethod
    def fault_response(fault, emu):
        if fault == "429":
            retry = emu.faults.snapshot()["retry_after"]
            return R.json_body(429, {"statusCode": 429, "message": "Rate limit is exceeded. Try again in %s seconds."
                                     % retry}, [("Retry-After", str(retry))])
        if fault == "reset":
            return R.json_body(200, {"data": "x" * 256})
        status = int(fault)
        return R.text(status, R.REASONS.get(status, "Error"))

    def send(self, resp, method):
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        bodyless = resp.status in (204, 304) or 100 <= resp.status < 200
        if not bodyless:
            self.send_header("Content-Length", str(len(resp.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        # headers and body in one write (no Nagle/delayed-ACK stall between them)
        self._headers_buffer.append(b"\r\n")
        if not bodyless and method != "HEAD":
            self._headers_buffer.append(resp.body)
        self.flush_headers()

    def send_reset(self, resp):
        """Status line, headers and half the body, then a TCP reset."""
        body = resp.body if len(resp.body) >= 2 else b'{"data":"' + b"x" * 64 + b'"}'
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        time.sleep(0.005)
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, emulator, verbose=False):
        super().__init__(address, Handler)
        self.emulator = emulator
        self.verbose = verbose

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)
