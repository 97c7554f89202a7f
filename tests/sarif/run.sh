#!/bin/sh
# tests/sarif/run.sh BIN: lints a few inputs with `BIN lint --format sarif`
# (and --format json) and validates what comes out: the SARIF against the
# SARIF 2.1.0 schema and GitHub's needs (validate.sh), the JSON against
# schemas/findings.schema.json.  Inputs: policies/ExamplePolicy.xml,
# policies/broken/*.xml, a copy under a path with spaces and non-ASCII
# letters, and standard input.
#
# Without node or without the validator (npm ci --prefix tests/sarif) it
# prints "sarif: skipped (...)" and exits 0, so an offline `make check`
# passes; CI installs the validator first.
set -eu
if [ $# -ne 1 ]; then
	echo "usage: tests/sarif/run.sh BIN" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case $1 in
/*) bin=$1 ;;
*) bin=$(pwd)/$1 ;;
esac

if ! command -v node >/dev/null 2>&1; then
	echo "sarif: skipped (node not found)"
	exit 0
fi
if [ ! -d "$here/node_modules/ajv-draft-04" ] || [ ! -d "$here/node_modules/@microsoft/jest-sarif" ]; then
	echo "sarif: skipped (validator not installed: npm ci --prefix tests/sarif)"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-sarif.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/in/dir with space"
cp "$root/policies/broken/missing-subscribe.xml" "$tmp/in/dir with space/æøå policy #1.xml"
cp -R "$root/policies" "$tmp/in/policies"

fail=0
# lint ARGS... > OUT: exit 0 (clean) and 1 (findings) are both fine
lint() {
	out=$1
	shift
	rc=0
	(cd "$tmp/in" && "$bin" lint -q "$@") >"$out" 2>"$out.err" </dev/null || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "sarif: '$bin lint $*' exited $rc:"
		cat "$out.err"
		fail=1
	fi
}

# a clean file alone, everything together, standard input
lint "$tmp/clean.sarif" --format sarif policies/ExamplePolicy.xml
lint "$tmp/all.sarif" --format sarif policies/ExamplePolicy.xml policies/broken \
	"dir with space/æøå policy #1.xml"
(cd "$tmp/in" && "$bin" lint -q --format sarif --stdin-filename "from stdin/a b.xml" - \
	<"$root/policies/broken/no-rules.xml" >"$tmp/stdin.sarif" 2>"$tmp/stdin.err") ||
	[ $? -eq 1 ] || { cat "$tmp/stdin.err"; fail=1; }
lint "$tmp/all.json" --format json policies/ExamplePolicy.xml policies/broken \
	"dir with space/æøå policy #1.xml"

# the spaced, non-ASCII path must arrive percent-encoded
if ! grep -q '"uri":"dir%20with%20space/%C3%A6%C3%B8%C3%A5%20policy%20%231.xml"' "$tmp/all.sarif"; then
	echo "sarif: the path with spaces is not percent-encoded as expected"
	fail=1
fi

if ! node "$here/validate.js" sarif "$tmp/clean.sarif" "$tmp/all.sarif" "$tmp/stdin.sarif" >"$tmp/v.out" 2>&1; then
	cat "$tmp/v.out"
	fail=1
fi
if ! node "$here/validate.js" findings "$tmp/all.json" >"$tmp/v.out" 2>&1; then
	cat "$tmp/v.out"
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	echo "sarif: FAILED"
	exit 1
fi
echo "sarif: 3 SARIF logs and 1 JSON report valid"
