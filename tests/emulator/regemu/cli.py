"""Command line: `serve` (the default), `gen-key` and `mint-token`."""

import argparse
import json
import os
import signal
import sys
import threading
import urllib.request

from . import auth as A, jwt, register, server, state as S
from .faults import Faults

USAGE = """registry-emulator [serve] [options]      run the emulator (see README.md)
registry-emulator gen-key --out DIR [--kid KID]    write a test RSA key pair (PEM and JWK)
registry-emulator mint-token (--url URL | --state DIR) [--org ORG] [--org-number N] --scopes "..."
"""


def _serve_parser():
    p = argparse.ArgumentParser(prog="registry-emulator", usage=USAGE)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--state", metavar="DIR", help="keep state in DIR/state.json")
    where.add_argument("--memory", action="store_true", help="keep state in memory only (default)")
    p.add_argument("--print-port", action="store_true", help="first stdout line is the port, not the base URL")
    p.add_argument("--ready-file", metavar="FILE", help="write the base URL to FILE once listening")
    p.add_argument("--client", nargs=3, action="append", default=[], metavar=("CLIENT_ID", "ORGNR", "KEYFILE"),
                   help="a Maskinporten client and its public key (PEM, certificate, JWK or JWK set)")
    p.add_argument("--client-scopes", default=" ".join(A.ALL_SCOPES),
                   help="scopes the --client clients may request (space-separated)")
    p.add_argument("--client-kid", metavar="KID", help="kid for --client keys that carry none")
    p.add_argument("--consumer-prefix", action="append", default=[], help="consumer_prefix for --client tokens")
    p.add_argument("--clients-json", metavar="FILE", help="clients as JSON (see README.md)")
    p.add_argument("--orgs", metavar="FILE", help="an altinn-orgs.json to use instead of the built-in list")
    p.add_argument("--environment", default="at22", help="registry environment name (prod forbids DELETE)")
    p.add_argument("--register", choices=("all", "mod11"), default="all",
                   help="which 9-digit organization numbers Register knows")
    p.add_argument("--unknown-org", action="append", default=[], metavar="ORGNR",
                   help="an organization number Register does not know")
    p.add_argument("--subscription-key", help="require Ocp-Apim-Subscription-Key with this value")
    p.add_argument("--altinn-token-lifetime", type=int, default=1800, metavar="SECONDS")
    p.add_argument("--maskinporten-issuer", metavar="URL", help="Maskinporten issuer/audience (default BASE/maskinporten/)")
    p.add_argument("--clock-skew", type=int, default=10, metavar="SECONDS", help="allowed for assertion iat/exp")
    p.add_argument("--log-file", metavar="FILE", help="also append the request log as JSON lines")
    p.add_argument("--verbose", action="store_true")
    f = p.add_argument_group("faults")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--latency-ms", type=float, default=0)
    f.add_argument("--latency-jitter-ms", type=float, default=0)
    f.add_argument("--error-rate", action="append", default=[], metavar="STATUS=RATE", help="e.g. 503=0.1")
    f.add_argument("--error-phase", choices=("before", "after"), default="before")
    f.add_argument("--reset-rate", type=float, default=0.0)
    f.add_argument("--reset-phase", choices=("before", "after"), default="before")
    f.add_argument("--rate-429", type=float, default=0.0)
    f.add_argument("--burst-429", metavar="EVERY:LENGTH", help="429 for LENGTH of every EVERY requests")
    f.add_argument("--retry-after", type=int, default=1)
    f.add_argument("--conflict-rate", type=float, default=0.0)
    f.add_argument("--fault-paths", metavar="REGEX")
    f.add_argument("--faults-json", metavar="FILE", help="fault settings as JSON (see README.md)")
    return p


def _read(path):
    with open(path, "rb") as fh:
        return fh.read()


def _clients(args):
    out = []
    for client_id, orgnr, keyfile in args.client:
        keys = jwt.load_public_keys(_read(keyfile))
        if args.client_kid:
            keys = [(kid or args.client_kid, k) for kid, k in keys]
        out.append(A.Client(client_id, orgnr, keys, args.client_scopes.split(), args.consumer_prefix))
    if args.clients_json:
        base = os.path.dirname(os.path.abspath(args.clients_json))
        for c in json.loads(_read(args.clients_json))["clients"]:
            keys = []
            for k in c["keys"]:
                if "file" in k:
                    loaded = jwt.load_public_keys(_read(os.path.join(base, k["file"])))
                else:
                    loaded = jwt.load_public_keys(json.dumps(k.get("jwk", k)).encode("utf-8"))
                keys.extend((k.get("kid") or kid, key) for kid, key in loaded)
            out.append(A.Client(c["client_id"], c["org_number"], keys, c.get("scopes", A.ALL_SCOPES),
                                c.get("consumer_prefix", ())))
    return out


def _faults(args):
    cfg = {"seed": args.seed, "latency_ms": args.latency_ms, "latency_jitter_ms": args.latency_jitter_ms,
           "error_phase": args.error_phase, "reset_rate": args.reset_rate, "reset_phase": args.reset_phase,
           "rate_429": args.rate_429, "retry_after": args.retry_after, "conflict_rate": args.conflict_rate}
    rates = {}
    for item in args.error_rate:
        code, _, rate = item.partition("=")
        rates[code.strip()] = float(rate)
    cfg["error_rates"] = rates
    if args.burst_429:
        every, _, length = args.burst_429.partition(":")
        cfg["burst_429"] = {"every": int(every), "length": int(length or 1)}
    if args.fault_paths:
        cfg["paths"] = args.fault_paths
    if args.faults_json:
        cfg.update(json.loads(_read(args.faults_json)))
    return Faults(cfg)


def _orgs(args):
    if not args.orgs:
        return register.Orgs()
    doc = json.loads(_read(args.orgs))["orgs"]
    return register.Orgs({code: (o.get("orgnr") or "", (o.get("name") or {}).get("nb", code))
                          for code, o in doc.items()})


def _write_atomic(path, data, mode=0o600):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def serve(argv):
    args = _serve_parser().parse_args(argv)
    try:
        clients = _clients(args)
        faults = _faults(args)
        orgs = _orgs(args)
    except (OSError, ValueError, KeyError) as exc:
        print("registry-emulator: %s" % exc, file=sys.stderr)
        return 2
    clock = A.Clock()
    st = S.State()
    persistence = None
    if args.state:
        persistence = S.Persistence(st, args.state)
        persistence.load()
    auth = A.Auth(clock, orgs, "http://127.0.0.1:0", clients, args.altinn_token_lifetime, args.clock_skew)
    if args.state:
        keys = os.path.join(args.state, "keys")
        os.makedirs(keys, mode=0o700, exist_ok=True)
        mp, al = os.path.join(keys, "maskinporten.pem"), os.path.join(keys, "altinn.pem")
        if os.path.exists(mp) and os.path.exists(al):
            auth.load_signing_keys(_read(mp), _read(al))
        else:
            _write_atomic(mp, jwt.private_pem(auth.maskinporten_key))
            _write_atomic(al, jwt.private_pem(auth.altinn_key))
    log_file = open(args.log_file, "a", encoding="utf-8") if args.log_file else None
    reg = register.Register(args.register, args.unknown_org)
    for al in st.access_lists.values():
        for party_uuid, member in al["members"].items():
            reg.by_uuid[party_uuid] = member["orgnr"]
    emu = server.Emulator(st, auth, orgs, reg, clock,
                          args.environment, args.subscription_key, faults, log_file)
    try:
        httpd = server.Server((args.host, args.port), emu, args.verbose)
    except OSError as exc:
        print("registry-emulator: cannot listen on %s:%d: %s" % (args.host, args.port, exc), file=sys.stderr)
        return 2
    port = httpd.server_address[1]
    host = args.host if ":" not in args.host else "[%s]" % args.host
    base = "http://%s:%d" % (host, port)
    auth.set_base_url(base)
    if args.state:
        issuer_file = os.path.join(args.state, "keys", "altinn-issuer")
        if os.path.exists(issuer_file):
            auth.altinn_issuer = _read(issuer_file).decode("utf-8").strip()
        else:
            _write_atomic(issuer_file, auth.altinn_issuer.encode("utf-8"))
    if args.maskinporten_issuer:
        auth.mp_issuer = args.maskinporten_issuer
    if args.state:
        _write_atomic(os.path.join(args.state, "server.json"),
                      json.dumps({"baseUrl": base, "pid": os.getpid()}).encode("utf-8"))
    if persistence:
        persistence.start()
    stopping = threading.Event()

    def stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=httpd.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.ready_file:
        _write_atomic(args.ready_file, (base + "\n").encode("utf-8"), 0o644)
    print(port if args.print_port else base, flush=True)
    try:
        httpd.serve_forever(poll_interval=0.1)
    finally:
        httpd.server_close()
        if persistence:
            persistence.stop()
        if log_file:
            log_file.close()
    return 0


def gen_key(argv):
    p = argparse.ArgumentParser(prog="registry-emulator gen-key")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--kid", default="test-key-1")
    p.add_argument("--bits", type=int, default=2048)
    args = p.parse_args(argv)
    os.makedirs(args.out, mode=0o700, exist_ok=True)
    key = jwt.generate_private_key(args.bits)
    files = {"private.pem": jwt.private_pem(key), "public.pem": jwt.public_pem(key.public_key()),
             "private.jwk.json": json.dumps(jwt.private_jwk(key, args.kid), indent=2).encode("utf-8"),
             "public.jwk.json": json.dumps(jwt.public_jwk(key.public_key(), args.kid), indent=2).encode("utf-8")}
    for name, data in files.items():
        path = os.path.join(args.out, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        print(path)
    return 0


def mint_token(argv):
    p = argparse.ArgumentParser(prog="registry-emulator mint-token")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="base URL of a running emulator")
    where.add_argument("--state", metavar="DIR", help="state folder of a running emulator")
    p.add_argument("--org", help="org code (also sets urn:altinn:org unless --no-org-claim)")
    p.add_argument("--org-number", help="consumer org number (default: the org's number)")
    p.add_argument("--scopes", default=" ".join((A.SCOPE_WRITE, A.SCOPE_AL_READ, A.SCOPE_AL_WRITE)))
    p.add_argument("--lifetime", type=int, help="seconds (default: the emulator's Altinn token lifetime)")
    p.add_argument("--no-org-claim", action="store_true")
    p.add_argument("--out", metavar="FILE", help="write the token to FILE (mode 600) instead of stdout")
    args = p.parse_args(argv)
    url = args.url
    if args.state:
        url = json.loads(_read(os.path.join(args.state, "server.json")))["baseUrl"]
    body = {"org": args.org, "orgNumber": args.org_number, "scopes": args.scopes.split(),
            "lifetime": args.lifetime, "orgClaim": not args.no_org_claim}
    req = urllib.request.Request(url.rstrip("/") + "/__emulator/mint-token", data=json.dumps(body).encode("utf-8"),
                                 method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        token = json.loads(resp.read())["token"]
    if args.out:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(token + "\n")
    else:
        print(token)
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "gen-key":
        return gen_key(argv[1:])
    if argv and argv[0] == "mint-token":
        return mint_token(argv[1:])
    if argv and argv[0] == "serve":
        argv = argv[1:]
    return serve(argv)
