#!/usr/bin/env python3
"""`make publish-check`: altinn-policy publish and auth against the registry
emulator (tests/emulator), started here on random ports.

    python3 tests/publish/run.py BIN

Every case prints "ok - ..." or "FAIL - ..."; the exit status is the number
of failures (capped).  Everything the tool prints in every case is kept
and, at the end, searched for every secret of the run: the private key (PEM
body, JWK members), minted tokens, the subscription key, and any JWT at all
(an Altinn or Maskinporten token or an assertion starts with "eyJ").
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
EMULATOR = os.path.join(ROOT, "tests", "emulator", "registry-emulator")
MKFOLDER = os.path.join(HERE, "mkfolder.py")
ORGNR = "991825827"  # digdir: may manage ttd's lists (registry-api.md §1.3)

failures = []
printed = []         # (case, bytes) of everything the tool printed
secrets = []         # strings that must never appear in printed


def say(ok, what, detail=""):
    print(("ok - " if ok else "FAIL - ") + what)
    if not ok:
        failures.append(what)
        if detail:
            print("    " + detail.replace("\n", "\n    "))


class Emulator:
    def __init__(self, tmp, name, *extra):
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir)
        self.keys = os.path.join(self.dir, "keys")
        subprocess.run([sys.executable, EMULATOR, "gen-key", "--out", self.keys, "--kid", "kid-" + name],
                       check=True, stdout=subprocess.DEVNULL)
        for f in ("private.pem", "private.jwk.json"):
            remember_key(os.path.join(self.keys, f))
        self.proc = subprocess.Popen(
            [sys.executable, EMULATOR, "--port", "0", "--memory",
             "--client", "test-client", ORGNR, os.path.join(self.keys, "public.jwk.json")] + list(extra),
            stdout=subprocess.PIPE, stderr=open(os.path.join(self.dir, "emulator.err"), "wb"))
        self.base = self.proc.stdout.readline().decode().strip()
        if not self.base.startswith("http://127.0.0.1:"):
            raise SystemExit("the emulator did not start: " + open(os.path.join(self.dir, "emulator.err")).read())

    def call(self, method, path, doc=None):
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read() or b"{}")

    def log(self):
        return self.call("GET", "/__emulator/log")["entries"]

    def clear_log(self):
        self.call("DELETE", "/__emulator/log")

    def faults(self, doc):
        self.call("PUT", "/__emulator/faults", doc)

    def mint(self, **kw):
        tok = self.call("POST", "/__emulator/mint-token", kw)["token"]
        secrets.append(tok)
        return tok

    def maskinporten_args(self, key="private.jwk.json"):
        return ["--base-url", self.base, "--client-id", "test-client", "--key", os.path.join(self.keys, key),
                "--maskinporten-url", self.base + "/maskinporten/"]

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def remember_key(path):
    text = open(path, encoding="utf-8").read()
    if text.lstrip().startswith("{"):
        jwk = json.loads(text)
        secrets.extend(jwk[k] for k in ("d", "p", "q", "dp", "dq", "qi") if k in jwk)
    else:
        secrets.extend(line for line in text.splitlines() if line and not line.startswith("-----"))


def run(bin_, case, args, env=None, cwd=None, timeout=300):
    full_env = {k: v for k, v in os.environ.items() if k not in ("ALTINN_TOKEN", "ALTINN_SUBSCRIPTION_KEY")}
    full_env.update(env or {})
    p = subprocess.run([bin_] + args, capture_output=True, env=full_env, cwd=cwd, timeout=timeout)
    printed.append((case, p.stdout))
    printed.append((case, p.stderr))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def run_tty(bin_, case, args):
    """Runs under script(1), so standard error is a terminal; None when
    script is not there."""
    if shutil.which("script") is None:
        return None
    import shlex
    p = subprocess.run(["script", "-qec", shlex.join([bin_] + args), "/dev/null"], capture_output=True,
                       timeout=300, env={k: v for k, v in os.environ.items() if not k.startswith("ALTINN_")})
    printed.append((case, p.stdout))
    printed.append((case, p.stderr))
    return p.returncode, p.stdout.decode("utf-8", "replace")


def mkfolder(path, *args):
    subprocess.run([sys.executable, MKFOLDER, path] + list(args), check=True)


def writes(entries):
    return [e for e in entries if e["method"] in ("POST", "PUT", "DELETE", "PATCH")
            and e["path"].startswith("/resourceregistry/")]


def list_of(path):
    m = re.match(r"^/resourceregistry/api/v1/access-lists/([^/]+)/([^/]+)", path)
    return m.group(1) + "/" + m.group(2) if m else None


def check_audit(emu, case):
    """The emulator's own audit of its log agrees."""
    a = emu.call("GET", "/__emulator/audit")
    say(not a["writesAfter412WithoutReread"] and not a["unconditionalAccessListWrites"],
        case + ": emulator audit: no write after a 412 without a re-read, no unconditional list write",
        json.dumps(a)[:1500])


def check_no_blind_write_after_412(entries, case):
    """After a 412 on a list, the next write to it comes after a GET of
    that list answered after the 412."""
    pending = {}   # list -> seq of a 412 not yet followed by a re-read
    bad = []
    for e in sorted(entries, key=lambda x: x["seq"]):
        lst = list_of(e["path"])
        if lst is None:
            continue
        if e["method"] == "GET" and e["path"].endswith(lst.split("/")[1]) and e["status"] == 200:
            pending.pop(lst, None)
        elif e["method"] != "GET":
            if lst in pending:
                bad.append("%s %s (seq %d) after the 412 of seq %d" % (e["method"], e["path"], e["seq"], pending[lst]))
            if e["status"] == 412:
                pending[lst] = e["seq"]
    say(not bad, case + ": no write after a 412 without a re-read", "\n".join(bad[:5]))


def case_round_trip(bin_, tmp):
    emu = Emulator(tmp, "rt")
    try:
        folder = os.path.join(tmp, "rt-folder")
        mkfolder(folder, "--resources", "4", "--lists", "2", "--members", "230", "--prefix", "ttd-rt")
        auth = emu.maskinporten_args()
        rc, out, err = run(bin_, "rt-plan1", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 2 and "plan: 10 to create, 0 to update, 0 unchanged" in out,
            "round trip: first plan shows 10 creations, --detailed-exitcode 2", out + err)
        say(not writes(emu.log()), "round trip: plan writes nothing")
        emu.clear_log()
        rc, out, err = run(bin_, "rt-apply", ["publish", "apply", "-C", folder] + auth)
        say(rc == 0 and "apply: 10 applied, 0 unchanged, 0 failed" in out, "round trip: apply exits 0", out + err)
        log = emu.log()
        batches = [e for e in log if e["method"] == "POST" and e["path"].endswith("/members")]
        say(len(batches) == 6 and all(e["ifMatch"] for e in batches),
            "round trip: 230 members go in 3 batches per list, each with If-Match",
            json.dumps([(e["path"], e["ifMatch"]) for e in batches]))
        # ETag chaining: each batch's If-Match is the ETag the list had just before
        creates = [e for e in log if e["method"] == "PUT" and re.search(r"/access-lists/ttd/[^/]+$", e["path"])]
        say(len(creates) == 2 and all(e["ifNoneMatch"] == "*" for e in creates),
            "round trip: lists are created with If-None-Match: *")
        rc, out, err = run(bin_, "rt-plan2", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 0 and "plan: nothing to do, 10 unchanged" in out, "round trip: the second plan has nothing to do",
            out + err)
        emu.clear_log()
        rc, out, err = run(bin_, "rt-apply2", ["publish", "apply", "-C", folder] + auth)
        say(rc == 0 and not writes(emu.log()), "round trip: a second apply makes zero writes", out + err)

        # an edit of each kind, planned field by field, then applied
        res = os.path.join(folder, "resources", "ttd-rt-0001", "resource.json")
        doc = json.load(open(res))
        doc["title"]["en"] = "Changed title"
        json.dump(doc, open(res, "w"))
        lst = os.path.join(folder, "access-lists", "ttd", "ttd-rt-list-00.json")
        doc = json.load(open(lst))
        doc["members"] = doc["members"][5:] + ["310999991"]
        doc["resourceConnections"] = [{"resource": "ttd-rt-0000", "actionFilters": ["write", "read"]}]
        json.dump(doc, open(lst, "w"))
        rc, out, err = run(bin_, "rt-plan3", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 2 and '~ title.en: "Tjeneste ttd-rt-0001" -> "Changed title"' in out
            and "members: +1 -5" in out and "connection ttd-rt-0000: update [all actions] -> [read, write]" in out
            and "connection ttd-rt-0001: delete" in out,
            "edits: plan shows the field diff, member and connection changes", out + err)
        rc, out, err = run(bin_, "rt-plan3j", ["publish", "plan", "-C", folder, "-f", "json"] + auth)
        try:
            j = json.loads(out)
            lst_obj = [o for o in j["objects"] if o["id"] == "ttd/ttd-rt-list-00"][0]
            ok = len(lst_obj["removeMembers"]) == 5 and lst_obj["addMembers"] == [
                "urn:altinn:organization:identifier-no:310999991"] and j["summary"]["update"] == 2
        except (ValueError, KeyError, IndexError) as exc:
            ok = False
            err += str(exc)
        say(ok, "edits: --format json lists every member change", out[:2000] + err)
        emu.clear_log()
        rc, out, err = run(bin_, "rt-apply3", ["publish", "apply", "-C", folder] + auth)
        say(rc == 0 and "apply: 2 applied, 8 unchanged, 0 failed" in out, "edits: apply", out + err)
        rc, out, err = run(bin_, "rt-plan4", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 0, "edits: nothing left to do", out + err)

        # a subset: only one resource folder
        doc = json.load(open(res))
        doc["title"]["nb"] = "Endret"
        json.dump(doc, open(res, "w"))
        res2 = os.path.join(folder, "resources", "ttd-rt-0002", "resource.json")
        doc = json.load(open(res2))
        doc["title"]["nb"] = "Endret"
        json.dump(doc, open(res2, "w"))
        rc, out, err = run(bin_, "rt-subset", ["publish", "apply", "-C", folder,
                                               os.path.join(folder, "resources", "ttd-rt-0001")] + auth)
        say(rc == 0 and "apply: 1 applied, 1 unchanged, 0 failed" in out, "subset: only the named path is published",
            out + err)
        rc, out, err = run(bin_, "rt-subset-plan", ["publish", "plan", "-C", folder] + auth)
        say("resource ttd-rt-0002: update" in out and "ttd-rt-0001: update" not in out,
            "subset: the other resource is still pending", out)

        # lint first: an error-level finding stops everything before the first request
        bad = os.path.join(tmp, "lint-folder")
        mkfolder(bad, "--resources", "3", "--lists", "1", "--prefix", "ttd-lint")
        pol = os.path.join(bad, "resources", "ttd-lint-0001", "policy.xml")
        with open(pol, "w") as fh:
            fh.write("<xacml:Policy xmlns:xacml='urn:oasis:names:tc:xacml:3.0:core:schema:wd-17'>")
        emu.clear_log()
        rc, out, err = run(bin_, "lint-apply", ["publish", "apply", "-C", bad] + auth)
        say(rc == 1 and "nothing was sent to the registry" in err and "policy.xml:" in err,
            "lint: a policy with an error-level finding stops apply (exit 1)", out + err)
        say(emu.log() == [], "lint: zero requests reached the emulator", json.dumps(emu.log())[:500])
        rc, out, err = run(bin_, "lint-plan", ["publish", "plan", "-C", bad, "--detailed-exitcode"] + auth)
        say(rc == 1 and emu.log() == [], "lint: plan stops too (exit 1 with --detailed-exitcode)", out + err)

        # the lint profile follows resourceType: a read-only policy is an error for a
        # CorrespondenceService (write is required) but fine for a GenericAccessResource
        ro = os.path.join(tmp, "profile-folder")
        mkfolder(ro, "--resources", "1", "--lists", "0", "--prefix", "ttd-prof")
        pol = os.path.join(ro, "resources", "ttd-prof-0000", "policy.xml")
        text = open(pol).read().replace(">write<", ">read<")
        open(pol, "w").write(text)
        emu.clear_log()
        rc, out, err = run(bin_, "profile-corr", ["publish", "plan", "-C", ro] + auth)
        say(rc == 1 and "AX-C002" in err and emu.log() == [],
            "lint profile: correspondence for a CorrespondenceService (AX-C002 stops it)", out + err)
        res = os.path.join(ro, "resources", "ttd-prof-0000", "resource.json")
        doc = json.load(open(res))
        doc["resourceType"] = "GenericAccessResource"
        json.dump(doc, open(res, "w"))
        rc, out, err = run(bin_, "profile-generic", ["publish", "apply", "-C", ro] + auth)
        say(rc == 0 and "apply: 2 applied" in out, "lint profile: resource for a GenericAccessResource", out + err)

        # usage and configuration errors
        rc, out, err = run(bin_, "usage-http", ["publish", "plan", "-C", folder, "--base-url", "http://example.com"])
        say(rc == 2 and "https" in err, "plain http to a non-loopback host is refused", err)
        rc, out, err = run(bin_, "usage-env", ["publish", "plan", "-C", folder, "--env", "nowhere"])
        say(rc == 2 and "unknown environment" in err, "an unknown environment is a usage error", err)
        rc, out, err = run(bin_, "usage-nocred", ["publish", "plan", "-C", folder, "--base-url", emu.base])
        say(rc == 2 and "no credentials" in err, "no credentials is a usage error", err)
        rc, out, err = run(bin_, "usage-sub", ["publish", "frobnicate"])
        say(rc == 2, "an unknown publish subcommand is a usage error", err)

        # the config file's "publish" section
        cfg = os.path.join(folder, ".altinn-policy.json")
        shutil.copy(os.path.join(emu.keys, "private.jwk.json"), os.path.join(folder, "client.jwk.json"))
        with open(cfg, "w") as fh:
            json.dump({"publish": {"baseUrl": emu.base, "clientId": "test-client", "key": "client.jwk.json",
                                   "maskinportenUrl": emu.base + "/maskinporten/"}}, fh)
        rc, out, err = run(bin_, "config", ["publish", "plan", "-C", folder])
        say(rc == 0 and "plan:" in out, "config: settings from .altinn-policy.json", out + err)
        with open(cfg, "w") as fh:
            json.dump({"publish": {"baseUrl": emu.base, "nonsense": "x"}}, fh)
        rc, out, err = run(bin_, "config-bad", ["publish", "plan", "-C", folder])
        say(rc == 2 and "nonsense" in err, "config: an unknown publish setting is an error", err)
        os.remove(cfg)
        os.remove(os.path.join(folder, "client.jwk.json"))

        # auth: given tokens, auth check, PEM with --kid
        tok = emu.mint(org="ttd", orgNumber=ORGNR, scopes=["altinn:resourceregistry/resource.write",
                                                          "altinn:resourceregistry/accesslist.read",
                                                          "altinn:resourceregistry/accesslist.write"])
        tokfile = os.path.join(tmp, "token.txt")
        with open(tokfile, "w") as fh:
            fh.write(tok + "\n")
        rc, out, err = run(bin_, "token-file", ["publish", "plan", "-C", folder, "--base-url", emu.base,
                                                "--token-file", tokfile])
        say(rc == 0 and "plan:" in out, "auth: a token file", out + err)
        rc, out, err = run(bin_, "token-env", ["publish", "plan", "-C", folder, "--base-url", emu.base],
                           env={"ALTINN_TOKEN": tok})
        say(rc == 0 and "plan:" in out, "auth: $ALTINN_TOKEN", out + err)
        rc, out, err = run(bin_, "auth-check", ["auth", "check", "--base-url", emu.base, "--token-file", tokfile])
        say(rc == 0 and ORGNR in out and "(ttd)" in out and "accesslist.write" in out,
            "auth check: who and which scopes, from a token file", out + err)
        rc, out, err = run(bin_, "auth-check-mp", ["auth", "check", "-f", "json"] +
                           emu.maskinporten_args("private.pem") + ["--kid", "kid-rt"])
        try:
            j = json.loads(out)
            ok = rc == 0 and j["organizationNumber"] == ORGNR and j["clientId"] == "test-client" and not j["expired"]
        except (ValueError, KeyError):
            ok = False
        say(ok, "auth check: Maskinporten with a PEM key and --kid, JSON", out + err)
        rc, out, err = run(bin_, "auth-check-nokid", ["auth", "check"] + emu.maskinporten_args("private.pem"))
        say(rc == 2 and "kid" in err, "auth check: Maskinporten's refusal is reported (a PEM key needs --kid)", err)
        emu.clear_log()
        rc, out, err = run(bin_, "refused-apply", ["publish", "apply", "-C", folder] +
                           emu.maskinporten_args("private.pem") + ["--kid", "wrong-kid"])
        asked = sum(1 for e in emu.log() if e["path"] == "/maskinporten/token")
        say(rc == 4 and asked == 1 and "Maskinporten refused the token request: HTTP 400 invalid_grant" in out,
            "auth: a refused token request is asked once and reported on each object (%d requests)" % asked,
            out[-1500:] + err)
        weak = emu.mint(org="ttd", orgNumber=ORGNR, scopes=["altinn:resourceregistry/accesslist.read"])
        rc, out, err = run(bin_, "auth-check-weak", ["auth", "check", "--base-url", emu.base],
                           env={"ALTINN_TOKEN": weak})
        say(rc == 1 and "missing for publish" in out, "auth check: a token without the publish scopes exits 1", out)
        expired = emu.mint(org="ttd", orgNumber=ORGNR, lifetime=-100,
                           scopes=["altinn:resourceregistry/resource.write",
                                   "altinn:resourceregistry/accesslist.write"])
        rc, out, err = run(bin_, "expired", ["publish", "plan", "-C", folder, "--base-url", emu.base,
                                             "--detailed-exitcode"], env={"ALTINN_TOKEN": expired})
        say(rc == 1 and "get a new one" in out + err, "auth: an expired given token is reported, exit 1", out + err)
    finally:
        emu.stop()


def case_registry_errors(bin_, tmp):
    emu = Emulator(tmp, "errs", "--unknown-org", "310000003")
    try:
        folder = os.path.join(tmp, "errs-folder")
        mkfolder(folder, "--resources", "3", "--lists", "1", "--members", "5", "--prefix", "ttd-er")
        res = os.path.join(folder, "resources", "ttd-er-0002", "resource.json")
        doc = json.load(open(res))
        del doc["title"]["en"]
        json.dump(doc, open(res, "w"))
        # a policy for a resource that is not in the registry: AX-R004
        orphan = os.path.join(folder, "resources", "ttd-er-orphan")
        os.makedirs(orphan)
        src = open(os.path.join(folder, "resources", "ttd-er-0000", "policy.xml")).read()
        open(os.path.join(orphan, "policy.xml"), "w").write(src.replace("ttd-er-0000", "ttd-er-orphan"))
        auth = emu.maskinporten_args()
        rc, out, err = run(bin_, "errs-apply", ["publish", "apply", "-C", folder] + auth)
        say(rc == 4, "registry errors: exit 4", out + err)
        say("failed    access-list ttd/ttd-er-list-00 (members (add)): HTTP 400 RR-00001: "
            "One or more party references not found." in out,
            "registry errors: the ProblemDetails code and title (RR-00001)", out)
        say(re.search(r"failed    resource ttd-er-0002: HTTP 400: .*Missing title in english en", out) is not None,
            "registry errors: ASP.NET validation messages", out)
        say("skipped   policy ttd-er-0002" in out, "registry errors: the policy of a failed resource is skipped", out)
        say("failed    policy ttd-er-orphan: HTTP 400 AX-R004:" in out,
            "registry errors: 'Unknown resource' on policy upload is AX-R004", out)
        say(re.search(r"apply: 4 applied, 0 unchanged, 4 failed", out) is not None,
            "registry errors: the summary counts them", out)
        emu.clear_log()
        rc, out, err = run(bin_, "errs-apply2", ["publish", "apply", "-C", folder] + auth)
        w = writes(emu.log())
        say(rc == 4 and all("ttd-er-0000" not in e["path"] and "ttd-er-0001" not in e["path"] for e in w),
            "registry errors: a second apply only retries what is left", json.dumps([e["path"] for e in w]))
    finally:
        emu.stop()


def case_partial_then_finish(bin_, tmp):
    emu = Emulator(tmp, "partial")
    try:
        folder = os.path.join(tmp, "partial-folder")
        mkfolder(folder, "--resources", "6", "--lists", "2", "--members", "30", "--prefix", "ttd-pa")
        auth = emu.maskinporten_args()
        emu.faults({"error_rates": {"503": 1.0}, "paths": r"/policy$", "methods": ["POST"]})
        rc, out, err = run(bin_, "partial-apply", ["publish", "apply", "-C", folder, "--retries", "1"] + auth)
        failed = [l for l in out.splitlines() if l.startswith("failed ")]
        say(rc == 4 and len(failed) == 6 and all("HTTP 503" in l for l in failed)
            and "apply: 8 applied, 0 unchanged, 6 failed" in out,
            "partial failure: exit 4 and each failure with its HTTP status", out + err)
        emu.faults({})
        emu.clear_log()
        tty = run_tty(bin_, "partial-apply2", ["publish", "apply", "-C", folder] + auth)
        if tty is None:
            rc, out, err = run(bin_, "partial-apply2", ["publish", "apply", "-C", folder] + auth)
            print("ok - progress: SKIPPED (no script(1))")
        else:
            (rc, out), err = tty, ""
            say("\rapply: 6/6 objects" in out, "progress: shown on a terminal", repr(out[:500]))
        w = writes(emu.log())
        say(rc == 0 and "apply: 6 applied, 8 unchanged, 0 failed" in out and len(w) == 6,
            "partial failure: a second apply finishes the rest (6 policy uploads, nothing else)", out + err)
        rc, out, err = run(bin_, "no-tty", ["publish", "apply", "-C", folder] + auth)
        say("\r" not in out + err, "progress: not shown when standard error is not a terminal")
        rc, out, err = run(bin_, "partial-plan", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 0, "partial failure: then nothing is left", out + err)
    finally:
        emu.stop()


def case_conflict(bin_, tmp):
    emu = Emulator(tmp, "conflict")
    try:
        folder = os.path.join(tmp, "conflict-folder")
        mkfolder(folder, "--resources", "2", "--lists", "1", "--members", "150", "--prefix", "ttd-cf")
        auth = emu.maskinporten_args()
        rc, out, err = run(bin_, "conflict-apply0", ["publish", "apply", "-C", folder] + auth)
        lst = os.path.join(folder, "access-lists", "ttd", "ttd-cf-list-00.json")
        doc = json.load(open(lst))
        doc["members"] = doc["members"][:140] + ["31099%04d" % i for i in range(120)]
        doc["description"] = "changed"
        json.dump(doc, open(lst, "w"))
        # someone else changes the list just before our member write
        emu.faults({"once": [{"method": "POST", "path": "/members$", "fault": "conflict"},
                             {"method": "DELETE", "path": "/members$", "fault": "conflict"}]})
        emu.clear_log()
        rc, out, err = run(bin_, "conflict-apply", ["publish", "apply", "-C", folder] + auth)
        log = emu.log()
        n412 = sum(1 for e in log if e["status"] == 412)
        say(rc == 0 and n412 >= 2, "412: concurrent modification is re-read, re-planned and finished (%d 412s)" % n412,
            out + err)
        check_no_blind_write_after_412(log, "412")
        check_audit(emu, "412")
        rc, out, err = run(bin_, "conflict-plan", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 0, "412: the registry matches the folder afterwards", out + err)
        # a list that changes on every write: given up after three re-reads
        doc["description"] = "changed again"
        json.dump(doc, open(lst, "w"))
        emu.faults({"conflict_rate": 1.0})
        emu.clear_log()
        rc, out, err = run(bin_, "conflict-forever", ["publish", "apply", "-C", folder] + auth)
        say(rc == 4 and "kept changing" in out, "412: a list that keeps changing fails after 3 re-reads, exit 4",
            out + err)
        check_no_blind_write_after_412(emu.log(), "412 forever")
        check_audit(emu, "412 forever")
        emu.faults({})
    finally:
        emu.stop()


def case_faults(bin_, tmp):
    emu = Emulator(tmp, "faults")
    try:
        folder = os.path.join(tmp, "faults-folder")
        mkfolder(folder, "--resources", "30", "--lists", "3", "--members", "160", "--prefix", "ttd-fi")
        auth = emu.maskinporten_args()
        emu.faults({"seed": 7, "error_rates": {"503": 0.10}, "reset_rate": 0.05, "reset_phase": "after",
                    "burst_429": {"every": 40, "length": 4}, "retry_after": 1,
                    "latency_ms": 1, "latency_jitter_ms": 25, "conflict_rate": 0.1})
        rounds = []
        for i in range(4):
            rc, out, err = run(bin_, "faults-apply%d" % i, ["publish", "apply", "-C", folder, "--retries", "4"] + auth)
            rounds.append(rc)
            failed = [l for l in out.splitlines() if l.startswith(("failed ", "skipped "))]
            m = re.search(r"apply: (\d+) applied, (\d+) unchanged, (\d+) failed", out)
            exact = m is not None and int(m.group(3)) == len(failed)
            say(rc in (0, 4) and exact, "faults: apply %d exits %d with an exact report (%d not applied)" % (
                i + 1, rc, len(failed)), out[-3000:] + err[-2000:])
            if rc == 0:
                break
        say(rounds[-1] == 0, "faults: re-runs complete the folder (%s)" % rounds)
        log = emu.log()
        kinds = {e["fault"] for e in log if e["fault"]}
        say({"503", "reset", "429", "conflict"} <= kinds, "faults: 503s, resets, 429 bursts and concurrent changes were injected (%s)" % sorted(kinds))
        check_no_blind_write_after_412(log, "faults")
        check_audit(emu, "faults")
        emu.faults({})
        rc, out, err = run(bin_, "faults-plan", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 0 and "nothing to do" in out, "faults: the registry equals the folder", out + err)
    finally:
        emu.stop()


def case_refresh_and_subscription(bin_, tmp):
    emu = Emulator(tmp, "refresh", "--altinn-token-lifetime", "60", "--subscription-key", "sub-key-s3cr3t-value")
    secrets.append("sub-key-s3cr3t-value")
    try:
        folder = os.path.join(tmp, "refresh-folder")
        mkfolder(folder, "--resources", "40", "--lists", "1", "--members", "10", "--prefix", "ttd-rf")
        auth = emu.maskinporten_args()
        rc, out, err = run(bin_, "sub-missing", ["publish", "plan", "-C", folder, "--detailed-exitcode"] + auth)
        say(rc == 1 and "sub-key" not in out + err, "subscription key: without it the emulator refuses (exit 1)",
            out + err)
        env = {"ALTINN_SUBSCRIPTION_KEY": "sub-key-s3cr3t-value"}
        emu.faults({"latency_ms": 40, "paths": r"^/resourceregistry/"})
        emu.clear_log()

        def advance():  # the Altinn token expires in the middle of the run
            deadline = time.time() + 20
            while time.time() < deadline and not any(
                    e["path"].endswith("/exchange/maskinporten") for e in emu.log()):
                time.sleep(0.05)
            time.sleep(0.3)
            emu.call("POST", "/__emulator/clock", {"advance": 61})
        t = threading.Thread(target=advance)
        t.start()
        rc, out, err = run(bin_, "refresh-apply", ["publish", "apply", "-C", folder, "--parallel", "2"] + auth,
                           env=env)
        t.join()
        log = emu.log()
        n401 = sum(1 for e in log if e["status"] == 401)
        exchanges = sum(1 for e in log if e["path"].endswith("/exchange/maskinporten"))
        say(rc == 0 and n401 >= 1 and exchanges >= 2,
            "token refresh: a 401 gets a fresh token and the request again (%d 401s, %d exchanges)" % (
                n401, exchanges), out + err)
        say(all(e.get("status") != 401 or e["path"].startswith("/resourceregistry/") for e in log),
            "subscription key: sent on every request")
    finally:
        emu.stop()


def case_secrets(tmp):
    leaks = []
    for case, data in printed:
        text = data.decode("utf-8", "replace")
        if "eyJ" in text:
            leaks.append("%s: something like a JWT: %s" % (case, text[max(0, text.find("eyJ") - 40):][:120]))
        for s in secrets:
            if len(s) >= 8 and s in text:
                leaks.append("%s: a secret (%s...)" % (case, s[:4]))
    say(not leaks, "secrets: no token, assertion, key or subscription key in %d outputs" % len(printed),
        "\n".join(leaks[:10]))


def main():
    if len(sys.argv) != 2:
        print("usage: run.py BIN", file=sys.stderr)
        return 2
    bin_ = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="ap-publish-")
    start = time.time()
    try:
        case_round_trip(bin_, tmp)
        case_registry_errors(bin_, tmp)
        case_partial_then_finish(bin_, tmp)
        case_conflict(bin_, tmp)
        case_faults(bin_, tmp)
        case_refresh_and_subscription(bin_, tmp)
        case_secrets(tmp)
        # the tool writes no files: only what the tests made is there
        stray = [os.path.join(d, f) for d, _, fs in os.walk(tmp) for f in fs
                 if not re.search(r"(\.json|\.xml|\.pem|\.err|token\.txt)$", f)]
        say(not stray, "files: publish wrote nothing into the folders", "\n".join(stray[:5]))
    finally:
        if failures:
            print("kept %s for inspection" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("publish-check: %d failures in %.1f s" % (len(failures), time.time() - start))
    return min(len(failures), 100)


if __name__ == "__main__":
    sys.exit(main())
