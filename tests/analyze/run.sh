#!/bin/sh
# make analyze: clang-tidy (the checks in .clang-tidy) and cppcheck over
# src/.  Findings are compared with tests/analyze/baseline.txt (reviewed,
# accepted findings, one per line as "file: [check] message", without line
# numbers so edits elsewhere do not disturb them); a finding that is not in
# the baseline fails the run.  UPDATE=1 rewrites the baseline (review it).
# usage: sh tests/analyze/run.sh "<compiler flags>"
set -eu
flags=$1
base=tests/analyze/baseline.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-analyze.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
top=$(pwd)

for tool in clang-tidy cppcheck; do
	command -v $tool >/dev/null 2>&1 || { echo "analyze: $tool not found (apt-get install clang-tidy cppcheck)"; exit 2; }
done

files=$(find src -name '*.c' | sort)
# One file per clang-tidy process: in one process the analyzer's va_list
# checker reports va_start'ed lists as uninitialised in every file after
# the first (llvm-project issue 40656).
# shellcheck disable=SC2086
printf '%s\n' $files | xargs -P2 -n1 sh -c 'clang-tidy --quiet "$@" -- '"$flags"' 2>/dev/null' _ \
	> "$tmp/tidy.raw" || true
# shellcheck disable=SC2086
cppcheck --quiet --enable=warning,performance,portability --std=c11 \
	--inline-suppr --suppress=missingIncludeSystem -Iinclude -Isrc \
	--template='{file}:{line}:{column}: warning: {message} [cppcheck-{id}]' \
	$files 2> "$tmp/cppcheck.raw" || true

# "path:line:col: warning: message [check]" -> "path: [check] message"
cat "$tmp/tidy.raw" "$tmp/cppcheck.raw" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
	sed -e "s|^$top/||" \
	    -e 's/^\([^:]*\):[0-9]*:[0-9]*: [a-z]*: \(.*\) \[\([^]]*\)\]$/\1: [\3] \2/' |
	sort -u > "$tmp/now"
total=$(wc -l < "$tmp/now")

if [ "${UPDATE:-}" = 1 ]; then
	cp "$tmp/now" "$base"
	echo "analyze: baseline rewritten ($total findings); review the diff"
	exit 0
fi
touch "$base"
comm -23 "$tmp/now" "$base" > "$tmp/new"
comm -13 "$tmp/now" "$base" > "$tmp/gone"
if [ -s "$tmp/gone" ]; then
	echo "analyze: fixed since the baseline (remove with UPDATE=1):"
	sed 's/^/  /' "$tmp/gone"
fi
if [ -s "$tmp/new" ]; then
	echo "analyze: NEW findings (fix them, or review and add with UPDATE=1):"
	sed 's/^/  /' "$tmp/new"
	exit 1
fi
echo "analyze: clang-tidy and cppcheck: no new findings ($total in the reviewed baseline)"
