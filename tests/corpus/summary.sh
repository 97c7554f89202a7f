#!/bin/sh
# Lints every file of the real corpus with the profile that suits it (from
# the category in INDEX.md: app policy -> app, delegation policy ->
# delegation, everything else -> resource; the correspondence resources
# named in the argument list, if any, -> correspondence) and prints the
# number of findings per rule.  Usage: summary.sh BIN [correspondence-file...]
set -u
bin=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${AP_CORPUS:-$top/../shared/corpus/real}
[ -d "$corpus" ] || { echo "corpus: not found at $corpus"; exit 0; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "$corpus"/*.xml; do
	name=$(basename "$f")
	line=$(grep -F "| $name |" "$corpus/INDEX.md" | head -1)
	case $line in
	*"| app policy"*) p=app ;;
	*"| delegation policy"*) p=delegation ;;
	*) p=resource ;;
	esac
	for c in "$@"; do [ "$c" = "$name" ] && p=correspondence; done
	"$bin" lint -q -f gcc --profile "$p" "$f" >>"$tmp" 2>/dev/null
done
sed -n 's/.*\[\(AX-[A-Z0-9]*\)\]$/\1/p' "$tmp" | sort | uniq -c | awk '{printf "%s %d\n", $2, $1}'
