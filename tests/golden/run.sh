#!/bin/sh
# Golden tests of the command line: sh tests/golden/run.sh BIN
#
# Each case is a folder tests/golden/<command>/<case>/ holding
#   args     one line: the arguments after the binary (word-split, no globbing)
#   stdin    optional: fed to standard input (else /dev/null)
#   filter   optional: a sed script applied to stdout and stderr before
#            comparing (for output that legitimately varies, e.g. versions)
#   stdout   expected standard output
#   stderr   expected standard error
#   rc       expected exit status
# The binary runs from inside the case folder, so relative paths in args
# name files of the case.  Cases are found by glob; there is no list.
#
# AP_VALGRIND=1 runs the binary under valgrind's memcheck; an error or a
# leak makes the case fail with valgrind's report.
#
# UPDATE=1 rewrites stdout, stderr and rc from the actual run (bless);
# review the diff like code.  A case named on the command line after BIN
# (e.g. lint/clean) runs alone.
set -u
if [ $# -lt 1 ]; then
	echo "usage: sh tests/golden/run.sh <altinn-policy binary> [<command>/<case>...]" >&2
	exit 2
fi
bin=$1
shift
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -x "$bin" ]; then
	echo "golden: no executable '$bin'" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0 fail=0

run_case() {
	dir=$1
	name=${dir#"$top"/}
	if [ ! -f "$dir/args" ]; then
		echo "FAIL $name: no 'args' file"
		fail=$((fail + 1))
		return
	fi
	in=/dev/null
	[ -f "$dir/stdin" ] && in=$dir/stdin
	args=$(cat "$dir/args")
	(
		cd "$dir" || exit 125
		set -f
		# shellcheck disable=SC2086
		if [ "${AP_VALGRIND:-}" = 1 ]; then
			exec valgrind -q --error-exitcode=99 --leak-check=full \
				--errors-for-leak-kinds=definite,indirect \
				--log-file="$tmp/vg.log" "$bin" $args <"$in" >"$tmp/out.raw" 2>"$tmp/err.raw"
		fi
		exec "$bin" $args <"$in" >"$tmp/out.raw" 2>"$tmp/err.raw"
	)
	rc=$?
	if [ -s "$tmp/vg.log" ]; then
		echo "FAIL $name: valgrind:"
		sed 's/^/      /' "$tmp/vg.log"
		rm -f "$tmp/vg.log"
		fail=$((fail + 1))
		return
	fi
	if [ -f "$dir/filter" ]; then
		sed -f "$dir/filter" "$tmp/out.raw" >"$tmp/out"
		sed -f "$dir/filter" "$tmp/err.raw" >"$tmp/err"
	else
		cp "$tmp/out.raw" "$tmp/out"
		cp "$tmp/err.raw" "$tmp/err"
	fi
	echo "$rc" >"$tmp/rc"
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$dir/stdout"
		cp "$tmp/err" "$dir/stderr"
		cp "$tmp/rc" "$dir/rc"
	fi
	ok=1
	for f in rc stdout stderr; do
		if [ ! -f "$dir/$f" ]; then
			[ $ok = 1 ] && echo "FAIL $name:"
			echo "    no expected '$f' (run with UPDATE=1 to create it)"
			ok=0
			continue
		fi
		case $f in
		rc) actual=$tmp/rc ;;
		stdout) actual=$tmp/out ;;
		stderr) actual=$tmp/err ;;
		esac
		if ! cmp -s "$dir/$f" "$actual"; then
			[ $ok = 1 ] && echo "FAIL $name:"
			echo "    $f differs (- expected, + actual):"
			diff "$dir/$f" "$actual" | sed 's/^/      /'
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
}

if [ $# -gt 0 ]; then
	for c in "$@"; do
		run_case "$top/${c%/}"
	done
else
	for dir in "$top"/*/*/; do
		[ -d "$dir" ] || continue
		run_case "${dir%/}"
	done
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
