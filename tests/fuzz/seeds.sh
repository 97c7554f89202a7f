#!/bin/sh
# Writes the seed inputs of one fuzz target into OUTDIR (created), from the
# project's own tests and ../shared/corpus/real when it exists.
# usage: sh tests/fuzz/seeds.sh <target> <outdir>
set -eu
target=$1
out=$2
mkdir -p "$out"

# Copies each file given on stdin into $out/<tag>-<k>, prefixed with a
# selector byte for targets that read one first: $2 is "" (none), "k" (the
# byte k % 5, so the seeds cover every choice) or a digit (that byte).
# Runs in a pipe's subshell: names carry the tag, not a shared counter.
add() {
	k=0
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		k=$((k + 1))
		case $2 in
		"") sel="" ;;
		k) sel=$((k % 5)) ;;
		*) sel=$2 ;;
		esac
		{ [ -z "$sel" ] || printf "\\$(printf '%03o' "$sel")"; cat "$f"; } > "$out/$1-$k"
	done
}

policies() {
	find policies tests/rules tests/golden -name '*.xml' 2>/dev/null | sort
	[ -d ../shared/corpus/real ] && find ../shared/corpus/real -name '*.xml' | sort
	return 0
}

case $target in
lint | fmt) policies | add p k ;;
eval)
	policies | add p k
	# conformance cases: xacml semantics (byte 2), policy, NUL, request
	for req in tests/conformance/cases/*Request.xml ../shared/conformance/xacml3/*Request.xml; do
		[ -f "$req" ] || continue
		pol=${req%Request.xml}Policy.xml
		[ -f "$pol" ] || continue
		{ printf '\2'; cat "$pol"; printf '\0'; cat "$req"; } > "$out/c-${req##*/}"
	done ;;
params)
	# each example with each template selector byte
	for sel in 0 1 2 3; do
		find templates tests/golden/generate -name '*.json' 2>/dev/null | sort | add "t$sel" "$sel"
	done ;;
config) find tests docs -name '*.json' -path '*altinn-policy*' 2>/dev/null | sort | add c "" ;;
*) policies | add p "" ;;
esac
echo "$target: $(ls "$out" | wc -l) seeds"
