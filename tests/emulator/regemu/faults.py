"""Fault injection: latency, error statuses, connection resets, 429 bursts
and concurrent modification of access lists.

Decisions are deterministic for a seed: each request draws from a generator
seeded with (seed, method, path, how many times that method+path was seen),
so the same sequence of requests gets the same faults whatever the thread
interleaving. 429 bursts count requests globally."""

import random
import re
import threading

DEFAULTS = {
    "seed": 0,
    "latency_ms": 0,             # added to every matching request
    "latency_jitter_ms": 0,      # plus uniform [0, jitter)
    "error_rates": {},           # {"503": 0.1, "502": 0.02, "504": 0.02}
    "error_phase": "before",     # before: not processed; after: processed, then the error is answered
    "reset_rate": 0.0,           # connection reset in the middle of the response body
    "reset_phase": "before",     # before: not processed; after: processed, response cut
    "rate_429": 0.0,             # single 429s
    "burst_429": None,           # {"every": 50, "length": 5}: requests k with k % every >= every - length
    "retry_after": 1,            # seconds in Retry-After of a 429
    "conflict_rate": 0.0,        # access-list writes with If-Match: another writer bumps the list first
    "paths": r"^/(resourceregistry|authentication|maskinporten)/",
    "methods": None,             # e.g. ["PUT", "POST"]; None = all
    "once": [],                  # [{"method": "PUT", "path": "regex", "fault": "503|502|504|429|reset|conflict"}]
}

FAULT_NAMES = ("502", "503", "504", "429", "reset", "conflict")


class Decision:
    def __init__(self):
        self.latency = 0.0
        self.fault = None        # one of FAULT_NAMES or None
        self.phase = "before"


class Faults:
    def __init__(self, config=None):
        self.lock = threading.Lock()
        self.config = dict(DEFAULTS)
        self.counts = {}
        self.total = 0
        if config:
            self.update(config)

    def update(self, config):
        unknown = set(config) - set(DEFAULTS)
        if unknown:
            raise ValueError("unknown fault setting(s): " + ", ".join(sorted(unknown)))
        merged = dict(self.config)
        merged.update(config)
        for code in merged["error_rates"]:
            if str(code) not in ("500", "502", "503", "504"):
                raise ValueError("error_rates keys must be 500, 502, 503 or 504")
        for name in ("error_phase", "reset_phase"):
            if merged[name] not in ("before", "after"):
                raise ValueError(name + " must be before or after")
        re.compile(merged["paths"])
        for item in merged["once"]:
            if item.get("fault") not in FAULT_NAMES and not str(item.get("fault")).startswith("500"):
                raise ValueError("once[].fault must be one of " + ", ".join(FAULT_NAMES))
            re.compile(item.get("path", ""))
        with self.lock:
            self.config = merged
            self.config["once"] = [dict(x) for x in merged["once"]]

    def snapshot(self):
        with self.lock:
            return dict(self.config)

    def reset_counters(self):
        with self.lock:
            self.counts = {}
            self.total = 0

    def decide(self, method, path):
        d = Decision()
        with self.lock:
            cfg = self.config
            if not re.search(cfg["paths"], path) or (cfg["methods"] and method not in cfg["methods"]):
                return d
            key = method + " " + path
            n = self.counts.get(key, 0)
            self.counts[key] = n + 1
            k = self.total
            self.total += 1
            for i, item in enumerate(cfg["once"]):
                if item.get("method", method).upper() == method and re.search(item.get("path", ""), path):
                    d.fault = str(item["fault"])
                    d.phase = item.get("phase", "before")
                    del cfg["once"][i]
                    return d
        rng = random.Random("%s|%s|%d" % (cfg["seed"], key, n))
        d.latency = (cfg["latency_ms"] + rng.random() * cfg["latency_jitter_ms"]) / 1000.0
        burst = cfg["burst_429"]
        if burst and burst.get("every", 0) > 0 and k % burst["every"] >= burst["every"] - burst.get("length", 1):
            d.fault = "429"
            return d
        r = rng.random()
        acc = 0.0
        for code in sorted(cfg["error_rates"]):
            acc += float(cfg["error_rates"][code])
            if r < acc:
                d.fault, d.phase = str(code), cfg["error_phase"]
                return d
        acc += cfg["reset_rate"]
        if r < acc:
            d.fault, d.phase = "reset", cfg["reset_phase"]
            return d
        acc += cfg["rate_429"]
        if r < acc:
            d.fault = "429"
            return d
        if rng.random() < cfg["conflict_rate"]:
            d.fault = "conflict"
        return d
