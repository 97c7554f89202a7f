#!/bin/sh
# tests/sarif/validate.sh FILE...: validates SARIF files written by
# `altinn-policy lint --format sarif` against the SARIF 2.1.0 JSON schema,
# against tests/sarif/github.schema.json (what GitHub code scanning needs)
# and checks that every ruleIndex names its ruleId.  Exit 0 when all are
# valid, 1 when one is not, 2 when the validator is missing or no file given.
#
# Setup, once (versions pinned in package-lock.json):
#	npm ci --prefix tests/sarif
# Optional: SARIF_MULTITOOL=/path/to/Sarif.Multitool (Microsoft's SARIF
# Multitool, npm package @microsoft/sarif-multitool-linux) also runs its
# validator with GitHub's ingestion rules and fails on any error it reports.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
	echo "usage: tests/sarif/validate.sh FILE..." >&2
	exit 2
fi
if ! command -v node >/dev/null 2>&1; then
	echo "validate.sh: node not found (apt-get install nodejs npm)" >&2
	exit 2
fi
if [ ! -d "$here/node_modules/ajv-draft-04" ] || [ ! -d "$here/node_modules/@microsoft/jest-sarif" ]; then
	echo "validate.sh: validator not installed: run npm ci --prefix tests/sarif" >&2
	exit 2
fi
rc=0
node "$here/validate.js" sarif "$@" || rc=$?
if [ -n "${SARIF_MULTITOOL:-}" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-multitool.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	for f in "$@"; do
		"$SARIF_MULTITOOL" validate --rule-kind "Gh;Sarif" -o "$tmp/out.sarif" "$f" >"$tmp/log" 2>&1 || true
		rm -f "$tmp/out.sarif"
		if grep -q ': error ' "$tmp/log" || ! grep -q 'Analysis completed successfully' "$tmp/log"; then
			echo "INVALID $f (SARIF Multitool, GitHub rules)"
			grep -v -e '^THREADS' -e '^Analyzing' -e '^$' "$tmp/log" | sed 's/^/  /'
			rc=1
		else
			echo "ok $f (SARIF Multitool, GitHub rules)"
		fi
	done
fi
exit "$rc"
