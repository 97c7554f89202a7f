#!/bin/sh
# The publish benchmark (docs/bench.md): apply from empty against
# --parallel 1 and a sequential curl script, second apply against plan,
# on the registry emulator with 20 ms latency.  See tests/bench/publish.py.
#   sh tests/bench/publish.sh BIN
set -u
if ! command -v python3 >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "bench: publish: SKIPPED: needs python3 (the emulator) and curl (the reference script)"
	exit 0
fi
exec python3 "$(dirname "$0")/publish.py" "$1"
