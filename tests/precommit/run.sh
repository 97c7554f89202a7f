#!/bin/sh
# Runs each hook of .pre-commit-hooks.yaml the way pre-commit does: the
# entry split on spaces, the staged file names appended, altinn-policy on
# PATH (language: system).  Checks the exit codes on a clean and a broken
# policy (the fmt hook: on a canonical and a non-canonical one, and with
# --write, which rewrites and still fails so the change gets staged).
# Usage: run.sh BIN
set -u
bin=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/altinn-policy"
pass=0 fail=0
entries=$(sed -n 's/^ *entry: *//p' "$top/.pre-commit-hooks.yaml")
[ -n "$entries" ] || { echo "precommit: no hook entries found"; exit 1; }
check() { # expected-rc entry files...
	want=$1 entry=$2
	shift 2
	# shellcheck disable=SC2086
	(cd "$top" && PATH="$tmp/bin:$PATH" $entry "$@" >"$tmp/out" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL '$entry $*': exit $rc, wanted $want"; sed 's/^/    /' "$tmp/out"
		fail=$((fail + 1))
	fi
}
old_ifs=$IFS
IFS='
'
"$bin" fmt "$top/policies/ExamplePolicy.xml" >"$tmp/canonical.xml" || { echo "precommit: fmt failed"; exit 1; }
for entry in $entries; do
	IFS=$old_ifs
	case $entry in
	*" fmt "*)
		check 0 "$entry" "$tmp/canonical.xml"
		check 1 "$entry" "$tmp/canonical.xml" policies/ExamplePolicy.xml
		cp "$top/policies/ExamplePolicy.xml" "$tmp/rewrite.xml"
		check 1 "$entry --write" "$tmp/rewrite.xml"
		check 0 "$entry" "$tmp/rewrite.xml"
		;;
	*)
		check 0 "$entry" policies/ExamplePolicy.xml
		check 1 "$entry" policies/ExamplePolicy.xml policies/broken/missing-subscribe.xml
		;;
	esac
	IFS='
'
done
IFS=$old_ifs
echo "precommit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
