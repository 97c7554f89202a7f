#!/bin/sh
# make bench (from run.sh): batch generation against xsltproc.
#
#   sh tests/bench/generate.sh BIN BENCHDIR
#
# Generates GEN_N (10000) correspondence parameter objects as JSON Lines, then
# times, alternating run by run (RUNS each, medians):
#   altinn-policy generate correspondence --params P -o DIR/ -j J
#       (parameter checks, XSLT, lint with the correspondence profile and
#        atomic writes of GEN_N files: the whole command)
#   xsltproc correspondence.xsl X/*.xml >/dev/null
#       (the same stylesheet on the same parameter documents, written by
#        'generate --emit-params-xml'; transform only, one output stream)
# and prints policies per second and the ratio of the medians.
#
# Output goes to GEN_OUT (default: /dev/shm when it exists, else TMPDIR):
# on this machine's shared ext4 disk, creating and renaming 10,000 files
# from a plain Python loop without fsync ran at 1,700 to 9,500 files per
# second depending on the moment, so the disk, not generation, would be
# measured (docs/bench.md).
# Knobs: GEN_N=10000 RUNS=5 GEN_J=2 GEN_OUT=dir.  Exits non-zero only when
# something broke.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/bench/generate.sh BIN BENCHDIR" >&2
	exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
bin=$(abs "$1")
runner=$(abs "$2")/runner
top=$(cd "$(dirname "$0")/../.." && pwd)
GEN_N=${GEN_N:-10000}
RUNS=${RUNS:-5}
GEN_J=${GEN_J:-2}
say() { printf 'bench: %s\n' "$*"; }
fail() { printf 'bench: FAIL: %s\n' "$*"; exit 1; }

[ -x "$bin" ] || fail "$bin not found"
[ -x "$runner" ] || fail "$runner not built"
if ! command -v xsltproc >/dev/null 2>&1; then
	say "xsltproc not found: it is the reference. Install it: apt-get install xsltproc"
	exit 1
fi
out_root=${GEN_OUT:-}
if [ -z "$out_root" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then out_root=/dev/shm; else out_root=${TMPDIR:-/tmp}; fi
fi
tmp=$(mktemp -d "$out_root/ap-genbench.XXXXXX") || fail "mktemp in $out_root"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# GEN_N parameter objects, varied roles, packages and levels.
awk -v n="$GEN_N" 'BEGIN {
	split("REGNA UTINN SIGN PRIV", r, " ")
	split("ordinaer-post-til-virksomheten regnskapsforer-lonn post-til-virksomheten-med-taushetsbelagt-innhold", p, " ")
	for (i = 0; i < n; i++)
		printf "{\"identifier\": \"bench-res-%05d\", \"authLevel\": %d, \"recipients\": {\"roles\": [\"DAGL\", \"%s\"], \"accessPackages\": [\"urn:altinn:accesspackage:%s\"]}, \"senders\": {\"roles\": [\"DAGL\"]%s}}\n", i, 3 + i % 2, r[1 + i % 4], p[1 + i % 3], i % 5 == 0 ? ", \"orgs\": [\"ttd\"]" : ""
}' >"$tmp/params.jsonl" || fail "awk"
"$bin" generate correspondence --params "$tmp/params.jsonl" -o "$tmp/xml/" \
	--pattern '{identifier}.xml' --emit-params-xml || fail "generate --emit-params-xml"
[ "$(ls "$tmp/xml" | wc -l)" -eq "$GEN_N" ] || fail "expected $GEN_N parameter documents"
xsl=$top/templates/correspondence.xsl

i=1
: >"$tmp/g" && : >"$tmp/x"
while [ "$i" -le "$RUNS" ]; do
	rm -rf "$tmp/out"
	"$runner" "$bin" generate correspondence --params "$tmp/params.jsonl" -o "$tmp/out/" -j "$GEN_J" >>"$tmp/g"
	[ "$(tail -1 "$tmp/g" | cut -d' ' -f3)" = 0 ] || fail "generate exited $(tail -1 "$tmp/g" | cut -d' ' -f3)"
	(cd "$tmp/xml" && "$runner" sh -c "exec xsltproc '$xsl' *.xml") >>"$tmp/x"
	[ "$(tail -1 "$tmp/x" | cut -d' ' -f3)" = 0 ] || fail "xsltproc failed"
	i=$((i + 1))
done
[ "$(find "$tmp/out" -name policy.xml | wc -l)" -eq "$GEN_N" ] || fail "expected $GEN_N policies"
"$bin" lint -q --profile correspondence "$tmp/out" >/dev/null || fail "generated policies do not lint clean"

median() { cut -d' ' -f1 "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
g=$(median "$tmp/g")
x=$(median "$tmp/x")
awk -v n="$GEN_N" -v g="$g" -v x="$x" -v j="$GEN_J" -v d="$out_root" 'BEGIN {
	printf "bench: generate %d correspondence policies (lint included, -j%d, files in %s): median %.3f s, %.0f policies/s [target >= 5000]\n", n, j, d, g, n / g
	printf "bench:   xsltproc, same stylesheet and parameter documents (transform only): median %.3f s, %.0f documents/s\n", x, n / x
	printf "bench:   ratio generate/xsltproc %.2f\n", g / x
}'
exit 0
