#!/bin/sh
# Writes the seed inputs of one fuzz target into OUTDIR (created), from the
# project's own tests and ../shared/corpus/real when it exists.
# usage: sh tests/fuzz/seeds.sh <target> <outdir>
set -eu
target=$1
out=$2
mkdir -p "$out"
n=0

# Copies each file given on stdin, prefixed with the bytes of $1 (a printf
# format) so that targets which read a selector byte first see every choice.
add() {
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		{ printf "$1" "$((n % 5))"; cat "$f"; } > "$out/seed-$n"
	done
}

policies() {
	find policies tests/rules tests/golden -name '*.xml' 2>/dev/null | sort
	[ -d ../shared/corpus/real ] && find ../shared/corpus/real -name '*.xml' | sort
	return 0
}

case $target in
lint | fmt) policies | add '\%o' ;;
params)
	# each example with each template selector byte
	for sel in 0 1 2 3; do
		find templates tests/golden/generate -name '*.json' 2>/dev/null | sort | add "\\$sel"
	done ;;
config) find tests docs -name '*.json' -path '*altinn-policy*' 2>/dev/null | sort | add '' ;;
*) policies | add '' ;;
esac
echo "$target: $n seeds"
