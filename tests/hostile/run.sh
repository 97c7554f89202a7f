#!/bin/sh
# Hostile-input suite: sh tests/hostile/run.sh BIN [<case>...]
#
# Each tests/hostile/cases/<name>.sh builds its hostile input in $WORK (a
# fresh temporary folder; inputs such as a 2 GB sparse file or 100,000
# files are made at run time, not committed) and states what must happen
# with `expect`:
#
#   expect <rc> <seconds> <pattern> -- <command> [<args>...]
#
# The command must end within <seconds> (else: a hang), must not die of a
# signal or print a sanitizer report, must exit with <rc> (alternatives
# as "0|1"), and its standard output + error must match the extended
# regular expression <pattern> ("" for any).  `forbid <pattern>` after an
# expect fails the case when the last output matches (leaked file
# contents, say).  $BIN is the binary; cases run from $WORK.  Cases are
# found by glob.
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh tests/hostile/run.sh <altinn-policy binary> [<case>...]" >&2
	exit 2
fi
BIN=$1
shift
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
export BIN
top=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 skipped=0

fail_case() {
	echo "FAIL $CASE: $*"
	[ -f "$OUT" ] && sed -n '1,12p' "$OUT" | sed 's/^/      /'
	CASE_FAILED=1
}

expect() {
	want=$1 secs=$2 pattern=$3
	shift 4
	OUT=$WORK/.out
	start=$(date +%s)
	timeout -k 5 "$secs" "$@" >"$OUT" 2>&1 </dev/null
	rc=$?
	took=$(( $(date +%s) - start ))
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail_case "no answer within ${secs}s: $*"
		return
	fi
	if [ $rc -ge 128 ]; then
		fail_case "killed by signal $((rc - 128)): $*"
		return
	fi
	if grep -qE 'Sanitizer|^[^ ]+:[0-9]+:[0-9]+: runtime error:' "$OUT"; then
		fail_case "sanitizer report: $*"
		return
	fi
	case "|$want|" in
	*"|$rc|"*) ;;
	*) fail_case "exit $rc, expected $want: $*"; return ;;
	esac
	if [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$OUT"; then
		fail_case "output does not match /$pattern/: $*"
		return
	fi
	[ -n "${VERBOSE:-}" ] && echo "  $CASE: exit $rc in ${took}s"
	return 0
}

forbid() {
	if grep -qE -- "$1" "$OUT"; then
		fail_case "output matches /$1/, which it must not"
	fi
}

skip_case() {
	echo "SKIP $CASE: $*"
	CASE_SKIPPED=1
}

run_case() {
	file=$1
	CASE=$(basename "$file" .sh)
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/ap-hostile.XXXXXX") || exit 2
	CASE_FAILED=0 CASE_SKIPPED=0
	( cd "$WORK" && . "$file" ) >"$WORK.log" 2>&1
	status=$?
	cat "$WORK.log"
	if grep -q "^FAIL $CASE" "$WORK.log"; then
		fail=$((fail + 1))
	elif grep -q "^SKIP $CASE" "$WORK.log"; then
		skipped=$((skipped + 1))
	elif [ $status -ne 0 ]; then
		echo "FAIL $CASE: the case script itself failed ($status)"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	chmod -R u+rwx "$WORK" 2>/dev/null
	rm -rf "$WORK" "$WORK.log"
}

if [ $# -gt 0 ]; then
	for c in "$@"; do run_case "$top/cases/${c%.sh}.sh"; done
else
	for c in "$top"/cases/*.sh; do run_case "$c"; done
fi
echo "hostile: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
