#!/usr/bin/env python3
"""How fast the emulator answers a publish-sized workload: 500 resources with
policies and 20 access lists of 250 members, over 8 persistent connections.
Prints requests per second. Extra arguments go to the emulator, e.g.
    python3 tests/emulator/load.py --latency-ms 20
(a calibration aid for benchmarks, not part of make check)."""

import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import test_emulator as T  # noqa: E402
from emu_client import Process, multipart  # noqa: E402

CONNECTIONS = 8
RESOURCES = 500
LISTS = 20
MEMBERS = 250


def worker(proc, token, n, failures):
    c = proc.connect()
    try:
        for i in range(n, RESOURCES, CONNECTIONS):
            ident = "ttd-load-%03d" % i
            r = c.request("POST", T.RR + "/resource", json_body=T.resource_body(ident), token=token)
            body, ctype = multipart("policyFile", T.policy_xml(ident))
            r2 = c.request("POST", T.RR + "/resource/%s/policy" % ident, body=body,
                           headers={"Content-Type": ctype}, token=token)
            failures.extend(x.status for x in (r, r2) if x.status != 201)
        for n_list in range(n, LISTS, CONNECTIONS):
            path = T.RR + "/access-lists/ttd/load-%02d" % n_list
            r = c.request("PUT", path, json_body={"name": "n"}, headers={"If-None-Match": "*"}, token=token)
            tag = r.header("etag")
            for start in range(0, MEMBERS, 100):
                data = ["urn:altinn:organization:identifier-no:%09d" % (300000000 + n_list * 1000 + k)
                        for k in range(start, min(start + 100, MEMBERS))]
                r = c.request("POST", path + "/members", json_body={"data": data}, headers={"If-Match": tag},
                              token=token)
                if r.status != 200:
                    failures.append(r.status)
                tag = r.header("etag")
    finally:
        c.close()


def main():
    proc = Process("--memory", *sys.argv[1:])
    try:
        c = proc.connect()
        token = c.request("POST", "/__emulator/mint-token",
                          json_body={"org": "ttd", "scopes": T.PUBLISHER.split()}).json()["token"]
        failures = []
        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(proc, token, n, failures)) for n in range(CONNECTIONS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        requests = len(c.request("GET", "/__emulator/log").json()["entries"])
        c.close()
        print("%d requests in %.2f s over %d connections: %.0f requests/s%s" % (
            requests, elapsed, CONNECTIONS, requests / elapsed,
            "" if not failures else "; %d failed: %s" % (len(failures), sorted(set(failures)))))
        return 1 if failures else 0
    finally:
        proc.stop()


if __name__ == "__main__":
    sys.exit(main())
