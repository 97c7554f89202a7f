#!/bin/sh
# Corpus smoke test: sh tests/corpus/run.sh BIN
#
# Lints every *.xml of the real-policy corpus one by one, each under
# `timeout 10`, and fails on a crash or signal, a hang, a sanitizer report
# on standard error, or an exit status other than 0 or 1.  Then checks the
# acceptance facts:
#   - the not-well-formed files (INDEX.md: "not well-formed XML") give
#     AX-S001 with a line number;
#   - the PolicySet file(s) (INDEX.md: "PolicySet root") give AX-S002;
#   - the correspondence docs' ExamplePolicy.xml exits 1 with an error
#     naming urn:altinn:rolecode at the org:rolecode designator, 11:7.
#
# The corpus is $AP_CORPUS, else ../shared/corpus/real beside the
# repository (where CI puts the shared folder).  Without it the test is
# skipped (exit 0).
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh tests/corpus/run.sh <altinn-policy binary>" >&2
	exit 2
fi
bin=$1
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${AP_CORPUS:-$root/../shared/corpus/real}
if [ ! -d "$corpus" ]; then
	echo "corpus: skipped (no corpus at $corpus; set AP_CORPUS)"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "corpus: no executable '$bin'" >&2
	exit 2
fi
if command -v timeout >/dev/null 2>&1; then
	limit="timeout 10"
else
	limit=""
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-corpus.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

nfiles=0 nfindings=0 ncrash=0 pass=0 fail=0

failed() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# Lints $1 into $tmp/out, $tmp/err; sets rc.
lint() {
	# shellcheck disable=SC2086
	$limit "$bin" lint --format gcc "$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

for f in "$corpus"/*.xml; do
	[ -f "$f" ] || continue
	nfiles=$((nfiles + 1))
	name=$(basename "$f")
	lint "$f"
	bad=""
	if [ "$rc" -eq 124 ]; then
		bad="timed out after 10 s"
	elif [ "$rc" -gt 128 ]; then
		bad="killed by signal $((rc - 128))"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		bad="exit status $rc"
	fi
	if grep -q -e 'runtime error' -e 'AddressSanitizer' -e 'LeakSanitizer' \
		-e 'UndefinedBehaviorSanitizer' "$tmp/err"; then
		bad="${bad:+$bad; }sanitizer report"
	fi
	if [ -n "$bad" ]; then
		ncrash=$((ncrash + 1))
		failed "$name: $bad"
		sed 's/^/    /' "$tmp/err" | head -n 30
	else
		pass=$((pass + 1))
	fi
	[ -s "$tmp/out" ] && nfindings=$((nfindings + 1))
done

if [ "$nfiles" -eq 0 ]; then
	failed "no *.xml in $corpus"
fi

# Files of INDEX.md whose Note column matches $1.
indexed() {
	[ -f "$corpus/INDEX.md" ] || return 0
	grep -e "$1" "$corpus/INDEX.md" | sed -n 's/^| *\([^ |]*\.xml\) *|.*/\1/p'
}

# Expects $name (in the corpus) to exit 1 with a line matching $2.
expect() {
	name=$1
	pattern=$2
	what=$3
	if [ ! -f "$corpus/$name" ]; then
		failed "$name: listed but not in the corpus"
		return
	fi
	lint "$corpus/$name"
	if [ "$rc" -ne 1 ]; then
		failed "$name: exit status $rc, want 1 ($what)"
	elif ! grep -q -e "$pattern" "$tmp/out"; then
		failed "$name: no $what; got:"
		sed 's/^/    /' "$tmp/out"
	else
		pass=$((pass + 1))
	fi
}

n=0
for name in $(indexed 'not well-formed XML'); do
	n=$((n + 1))
	expect "$name" "\.xml:[1-9][0-9]*:[1-9][0-9]*: error: .*\[AX-S001\]$" \
		"AX-S001 error with a line"
done
if [ "$n" -ne 2 ]; then
	failed "INDEX.md lists $n not-well-formed files, want 2"
fi

n=0
for name in $(indexed 'PolicySet root'); do
	n=$((n + 1))
	expect "$name" "\.xml:[1-9][0-9]*:[1-9][0-9]*: error: .*PolicySet.*\[AX-S002\]$" \
		"AX-S002 error"
done
if [ "$n" -lt 1 ]; then
	failed "INDEX.md lists no PolicySet file"
fi

expect Altinn__altinn-studio-docs__content_correspondence_getting-started_ExamplePolicy.xml \
	"ExamplePolicy\.xml:11:7: error: .*'urn:altinn:rolecode'" \
	"error naming urn:altinn:rolecode at 11:7"

echo "corpus: $nfiles files, $nfindings with findings, $ncrash crashes"
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
