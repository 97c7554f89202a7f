#!/usr/bin/env python3
"""The publish benchmark (issue 5, "Speed"): against the registry emulator
with LATENCY ms added to every registry request, a folder of N resources
with policies and L access lists of M members.

Measured in alternating rounds (medians of RUNS), the emulator emptied
before each apply from empty:
  apply            altinn-policy publish apply (default --parallel 8)
  apply -p1        the same with --parallel 1
  curl script      a plain sequential shell script of curl commands making
                   the same requests (written from the folder here)
  apply again      a second apply with nothing changed (must write nothing)
  plan             publish plan on the same unchanged state

    python3 tests/bench/publish.py BIN
Environment: PUB_N=500 PUB_LISTS=20 PUB_MEMBERS=250 PUB_LATENCY=20 PUB_RUNS=3
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
EMULATOR = os.path.join(ROOT, "tests", "emulator", "registry-emulator")
MKFOLDER = os.path.join(ROOT, "tests", "publish", "mkfolder.py")
ORGNR = "991825827"
REG = "/resourceregistry/api/v1"


def say(msg):
    print("bench: " + msg, flush=True)


class Emulator:
    def __init__(self, tmp, latency):
        self.keys = os.path.join(tmp, "keys")
        subprocess.run([sys.executable, EMULATOR, "gen-key", "--out", self.keys], check=True,
                       stdout=subprocess.DEVNULL)
        self.proc = subprocess.Popen(
            ["nice", sys.executable, EMULATOR, "--port", "0", "--memory", "--latency-ms", str(latency),
             "--fault-paths", "^/resourceregistry/",
             "--client", "bench-client", ORGNR, os.path.join(self.keys, "public.jwk.json")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.base = self.proc.stdout.readline().decode().strip()

    def call(self, method, path, doc=None):
        data = json.dumps(doc).encode() if doc is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def write_curl_script(path, folder, base, token_file):
    """The same requests apply makes from empty, one curl process each, in
    sequence: reads of every object, then resource + policy per resource,
    then each list, its member batches and its connections.  The requests
    are checked against the emulator's log of an apply in main()."""
    res_dir = os.path.join(folder, "resources")
    lists_dir = os.path.join(folder, "access-lists")
    bodies = os.path.join(os.path.dirname(path), "bodies")
    os.makedirs(bodies, exist_ok=True)
    c = 'curl -s -o /dev/null -H "Authorization: Bearer $TOKEN"'
    lines = ["#!/bin/sh", "set -e", 'TOKEN=$(cat "%s")' % token_file]
    ids = sorted(os.listdir(res_dir))
    lists = []
    for owner in sorted(os.listdir(lists_dir)):
        for f in sorted(os.listdir(os.path.join(lists_dir, owner))):
            lists.append((owner, f[:-5], json.load(open(os.path.join(lists_dir, owner, f)))))
    for i in ids:  # (apply reads a policy only when its resource exists)
        lines.append('%s "%s%s/resource/%s"' % (c, base, REG, i))
    for owner, ident, _ in lists:
        for sub in ("", "/members", "/resource-connections"):
            lines.append('%s "%s%s/access-lists/%s/%s%s"' % (c, base, REG, owner, ident, sub))
    for i in ids:
        lines.append('%s -H "Content-Type: application/json" --data-binary @"%s" "%s%s/resource"'
                     % (c, os.path.join(res_dir, i, "resource.json"), base, REG))
        lines.append('%s -F "policyFile=@%s;filename=policy.xml" "%s%s/resource/%s/policy"'
                     % (c, os.path.join(res_dir, i, "policy.xml"), base, REG, i))
    for owner, ident, doc in lists:
        url = "%s%s/access-lists/%s/%s" % (base, REG, owner, ident)
        info = os.path.join(bodies, "%s-%s-info.json" % (owner, ident))
        json.dump({"name": doc["name"], "description": doc.get("description", "")}, open(info, "w"))
        lines.append('%s -X PUT -H "Content-Type: application/json" --data-binary @"%s" "%s"' % (c, info, url))
        members = ["urn:altinn:organization:identifier-no:" + m for m in doc["members"]]
        for k in range(0, len(members), 100):
            b = os.path.join(bodies, "%s-%s-m%d.json" % (owner, ident, k))
            json.dump({"data": members[k:k + 100]}, open(b, "w"))
            lines.append('%s -H "Content-Type: application/json" --data-binary @"%s" "%s/members"' % (c, b, url))
        for conn in doc.get("resourceConnections", []):
            body = json.dumps({"actionFilters": conn["actionFilters"]} if conn.get("actionFilters") else {})
            lines.append("%s -X PUT -H 'Content-Type: application/json' --data-binary '%s' \"%s/resource-connections/%s\""
                         % (c, body, url, conn["resource"]))
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return len([l for l in lines if l.startswith("curl")])


def timed(cmd, env=None, ok=(0,)):
    t = time.monotonic()
    p = subprocess.run(["nice"] + cmd, capture_output=True, env=env)
    dt = time.monotonic() - t
    if p.returncode not in ok:
        say("FAIL: %s exited %d\n%s\n%s" % (" ".join(cmd[:3]), p.returncode, p.stdout.decode()[-2000:],
                                            p.stderr.decode()[-2000:]))
        sys.exit(1)
    return dt


def main():
    bin_ = os.path.abspath(sys.argv[1])
    n = int(os.environ.get("PUB_N", "500"))
    nl = int(os.environ.get("PUB_LISTS", "20"))
    nm = int(os.environ.get("PUB_MEMBERS", "250"))
    latency = float(os.environ.get("PUB_LATENCY", "20"))
    runs = int(os.environ.get("PUB_RUNS", "3"))
    tmp = tempfile.mkdtemp(prefix="ap-bench-publish-")
    emu = None
    try:
        folder = os.path.join(tmp, "folder")
        subprocess.run([sys.executable, MKFOLDER, folder, "--resources", str(n), "--lists", str(nl),
                        "--members", str(nm), "--prefix", "ttd-bench"], check=True)
        emu = Emulator(tmp, latency)
        auth = ["--base-url", emu.base, "--client-id", "bench-client", "--maskinporten-url",
                emu.base + "/maskinporten/", "--key", os.path.join(emu.keys, "private.jwk.json"), "-q"]
        token_file = os.path.join(tmp, "token")
        script = os.path.join(tmp, "publish-with-curl.sh")
        ncurl = None
        apply_requests = 0
        say("publish: %d resources with policies, %d access lists of %d members, %g ms latency, %d rounds" % (
            n, nl, nm, latency, runs))
        t = {"apply": [], "p1": [], "curl": [], "again": [], "plan": []}
        writes_again = []
        for r in range(runs):
            emu.call("POST", "/__emulator/reset")
            t["apply"].append(timed([bin_, "publish", "apply", "-C", folder] + auth))
            if r == 0:
                log = emu.call("GET", "/__emulator/log")["entries"]
                apply_requests = sum(1 for e in log if e["path"].startswith(REG))
            # the second apply and the plan, in alternating order
            for what in (("again", "plan") if r % 2 == 0 else ("plan", "again")):
                if what == "plan":
                    t["plan"].append(timed([bin_, "publish", "plan", "-C", folder] + auth))
                    continue
                emu.call("DELETE", "/__emulator/log")
                t["again"].append(timed([bin_, "publish", "apply", "-C", folder] + auth))
                log = emu.call("GET", "/__emulator/log")["entries"]
                writes_again.append(sum(1 for e in log if e["method"] != "GET" and e["path"].startswith(REG)))
            emu.call("POST", "/__emulator/reset")
            t["p1"].append(timed([bin_, "publish", "apply", "-C", folder, "--parallel", "1"] + auth))
            emu.call("POST", "/__emulator/reset")
            tok = emu.call("POST", "/__emulator/mint-token", {
                "org": "ttd", "orgNumber": ORGNR,
                "scopes": ["altinn:resourceregistry/resource.write", "altinn:resourceregistry/accesslist.write"]})
            with open(token_file, "w") as fh:
                fh.write(tok["token"])
            if ncurl is None:
                ncurl = write_curl_script(script, folder, emu.base, token_file)
            t["curl"].append(timed(["sh", script]))
            say("round %d: apply %.2f s, --parallel 1 %.2f s, curl script %.2f s, apply again %.2f s, plan %.2f s"
                % (r + 1, t["apply"][-1], t["p1"][-1], t["curl"][-1], t["again"][-1], t["plan"][-1]))
        m = {k: statistics.median(v) for k, v in t.items()}
        say("curl script: %d requests, one curl process each, in sequence (apply from empty made %d "
            "registry requests)" % (ncurl, apply_requests))
        if ncurl != apply_requests:
            say("FAIL: the curl script does not make the same requests as apply")
            return 1
        say("publish apply from empty: %.2f s median; --parallel 1 %.2f s: ratio %.1fx [target >= 6x]" % (
            m["apply"], m["p1"], m["p1"] / m["apply"]))
        say("publish apply from empty: %.2f s; sequential curl script %.2f s: ratio %.1fx [target > 1x]" % (
            m["apply"], m["curl"], m["curl"] / m["apply"]))
        say("second apply (nothing changed): %.2f s, %d write requests; plan %.2f s: ratio %.2f [target <= 1.0, "
            "0 writes]" % (m["again"], max(writes_again), m["plan"], m["again"] / m["plan"]))
        if max(writes_again) != 0:
            say("FAIL: the second apply wrote something")
            return 1
        return 0
    finally:
        if emu is not None:
            emu.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
