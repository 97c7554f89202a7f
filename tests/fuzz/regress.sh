#!/bin/sh
# Replays every fuzz target's regression inputs (tests/fuzz/regress/<t>/)
# and seeds with the replay binaries of the current build.
# usage: sh tests/fuzz/regress.sh <dir of replay_* binaries>
set -eu
dir=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for bin in "$dir"/replay_*; do
	t=${bin##*/replay_}
	sh tests/fuzz/seeds.sh "$t" "$tmp/$t" >/dev/null
	printf 'fuzz-regress %s: ' "$t"
	"$bin" "tests/fuzz/regress/$t" "$tmp/$t" || fail=1
done
exit $fail
