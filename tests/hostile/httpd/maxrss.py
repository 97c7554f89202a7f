#!/usr/bin/env python3
"""maxrss.py LIMIT_MB CMD [ARG...]: runs CMD (output passed through) and
exits with its status; when its peak resident memory exceeded LIMIT_MB,
prints "memory: N MB, over the bound of LIMIT_MB MB" and exits 99."""
import resource
import subprocess
import sys

limit = int(sys.argv[1])
rc = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
if peak > limit:
    print("memory: %d MB, over the bound of %d MB" % (peak, limit), flush=True)
    sys.exit(99)
sys.exit(rc if rc >= 0 else 128 - rc)
