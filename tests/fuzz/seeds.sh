#!/bin/sh
# Writes the seed inputs of one fuzz target into OUTDIR (created), from the
# project's own tests and ../shared/corpus/real when it exists.
# usage: sh tests/fuzz/seeds.sh <target> <outdir>
set -eu
target=$1
out=$2
mkdir -p "$out"

# Copies each file given on stdin into $out/<tag>-<k>, prefixed with the
# selector bytes of targets that read some first: $2 is "" (none), "k"
# (the byte k % 5, so that the seeds cover every choice) or bytes as
# printf %b writes them ('\002', '\005\000').  Runs in a pipe's subshell:
# names carry the tag, not a shared counter.
add() {
	k=0
	while IFS= read -r f; do
		[ -f "$f" ] || continue
		k=$((k + 1))
		case $2 in
		k) sel="\\$(printf '%03o' $((k % 5)))" ;;
		*) sel=$2 ;;
		esac
		{ printf '%b' "$sel"; cat "$f"; } > "$out/$1-$k"
	done
}

# One seed from printf %b text (answers written in place).
n=0
seed() { n=$((n + 1)); printf '%b' "$1" > "$out/answer-$n"; }

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
		find templates tests/golden/generate -name '*.json' 2>/dev/null | sort | add "t$sel" "\\00$sel"
	done ;;
config) find tests docs -name '*.json' -path '*altinn-policy*' 2>/dev/null | sort | add c "" ;;
registry)
	# selector byte, status byte, body: answers the registry gives
	# (registry-api.md) and downloaded policies
	policies | head -n 20 | add d '\005\000'
	seed '\002\000{"links":{"next":"https://registry.example/x?page=2"},"data":[{"id":"urn:altinn:party:uuid:1","identifiers":{"urn:altinn:party:id":5,"urn:altinn:organization:identifier-no":"991825827"}}]}'
	seed '\003\000{"links":{},"data":[{"resourceIdentifier":"r1","actionFilters":["read","write"]}]}'
	seed '\001\000{"identifier":"l1","name":"List","description":"D"}'
	seed '\004\000{"type":"urn:altinn:error:STD-00000","title":"One or more validation errors occurred.","status":400,"code":"STD-00000","validationErrors":[{"code":"RR.VLD-00000","title":"Cannot","paths":["/data"]}]}'
	seed '\004\000{"title":"Bad","status":400,"errors":{"Identifier":["The Identifier field is required."]}}'
	seed '\004\001"Unknown resource"'
	seed '\000\000{"identifier":"r1","title":{"en":"X"},"delegable":false,"keywords":[{"word":"a","language":"en"}]}' ;;
token)
	seed '\000\000{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln","token_type":"Bearer","expires_in":119}'
	seed '\001\000"eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln"'
	seed '\001\000eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjEuNWUzMDB9.c2ln\n'
	seed '\002\220{"error":"invalid_client","error_description":"Invalid assertion"}' ;;
*) policies | add p "" ;;
esac
echo "$target: $(ls "$out" | wc -l) seeds"
