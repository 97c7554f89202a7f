#!/bin/sh
# The decision engine's speed (issue 6), called by tests/bench/run.sh:
#
#   sh tests/bench/eval.sh BIN BENCHDIR
#
# Generates two 40-rule Studio-shaped policies (the second with some rules
# changed), then prints
#   - requests per second for one request against the 40-rule policy after
#     parsing (evalbench, in process) [target: under 20 us per request];
#   - the in-process time of the access matrix of the two policies, and the
#     wall time of `BIN diff OLD NEW` (parsing, matrix, output) [target:
#     diff under 50 ms];
#   - for scale, `xmllint --noout` of the same file, timed in the same
#     alternating runs as the diff (medians of RUNS).
# The issue states absolute targets, so the numbers are printed as they
# are, each beside the xmllint parse time of the same file.
set -u
bin=$1
benchdir=$2
runner=$benchdir/runner
evalbench=$benchdir/evalbench
RUNS=${RUNS:-7}
say() { printf 'bench: %s\n' "$*"; }
fail() { printf 'bench: FAIL: %s\n' "$*"; exit 1; }
[ -x "$evalbench" ] || fail "$evalbench not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-evalbench.XXXXXX") || fail mktemp
trap 'rm -rf "$tmp"' EXIT

# policy FILE VARIANT: 40 rules, one role and two actions each; variant 1
# moves every fifth rule to other actions.
policy() {
	awk -v variant="$2" 'BEGIN {
		split("DAGL REGNA UTINN PRIV A0237 A0239 A0240 ADMAI APIADM BOBE", roles, " ")
		split("read write subscribe sign delete confirm", acts, " ")
		c = "urn:oasis:names:tc:xacml:"
		s = "http://www.w3.org/2001/XMLSchema#string"
		print "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		print "<xacml:Policy xmlns:xacml=\"" c "3.0:core:schema:wd-17\" PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"" c "3.0:rule-combining-algorithm:deny-overrides\">"
		print "  <xacml:Target/>"
		for (i = 1; i <= 40; i++) {
			role = roles[(i - 1) % 10 + 1] (i > 10 ? i : "")
			if (i == 40) role = "DAGL"
			a1 = acts[(i + variant * (i % 5 == 0)) % 6 + 1]
			a2 = acts[(i + 2) % 6 + 1]
			if (i == 40) a1 = "read"
			printf "  <xacml:Rule RuleId=\"urn:altinn:resource:bench-resource:ruleid:%d\" Effect=\"Permit\">\n    <xacml:Target>\n", i
			printf "      <xacml:AnyOf><xacml:AllOf><xacml:Match MatchId=\"%s3.0:function:string-equal-ignore-case\"><xacml:AttributeValue DataType=\"%s\">%s</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"urn:altinn:rolecode\" Category=\"%s1.0:subject-category:access-subject\" DataType=\"%s\" MustBePresent=\"false\"/></xacml:Match></xacml:AllOf></xacml:AnyOf>\n", c, s, role, c, s
			printf "      <xacml:AnyOf><xacml:AllOf><xacml:Match MatchId=\"%s1.0:function:string-equal\"><xacml:AttributeValue DataType=\"%s\">bench-resource</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"urn:altinn:resource\" Category=\"%s3.0:attribute-category:resource\" DataType=\"%s\" MustBePresent=\"false\"/></xacml:Match></xacml:AllOf></xacml:AnyOf>\n", c, s, c, s
			printf "      <xacml:AnyOf>\n"
			printf "        <xacml:AllOf><xacml:Match MatchId=\"%s3.0:function:string-equal-ignore-case\"><xacml:AttributeValue DataType=\"%s\">%s</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"%s1.0:action:action-id\" Category=\"%s3.0:attribute-category:action\" DataType=\"%s\" MustBePresent=\"false\"/></xacml:Match></xacml:AllOf>\n", c, s, a1, c, c, s
			printf "        <xacml:AllOf><xacml:Match MatchId=\"%s3.0:function:string-equal-ignore-case\"><xacml:AttributeValue DataType=\"%s\">%s</xacml:AttributeValue><xacml:AttributeDesignator AttributeId=\"%s1.0:action:action-id\" Category=\"%s3.0:attribute-category:action\" DataType=\"%s\" MustBePresent=\"false\"/></xacml:Match></xacml:AllOf>\n", c, s, a2, c, c, s
			printf "      </xacml:AnyOf>\n    </xacml:Target>\n  </xacml:Rule>\n"
		}
		print "  <xacml:ObligationExpressions><xacml:ObligationExpression ObligationId=\"urn:altinn:obligation:authenticationLevel1\" FulfillOn=\"Permit\"><xacml:AttributeAssignmentExpression AttributeId=\"urn:altinn:obligation1-assignment1\" Category=\"urn:altinn:minimum-authenticationlevel\"><xacml:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#integer\">3</xacml:AttributeValue></xacml:AttributeAssignmentExpression></xacml:ObligationExpression></xacml:ObligationExpressions>"
		print "</xacml:Policy>"
	}' >"$1"
}
old=$tmp/old.xml
new=$tmp/new.xml
policy "$old" 0
policy "$new" 1
xmllint --noout "$old" || fail "xmllint rejects the generated policy"

"$evalbench" "$old" "$new" >"$tmp/eb" || fail "evalbench"
rps=$(awk '$1 == "requests_per_s" { print $2 }' "$tmp/eb")
us=$(awk '$1 == "us_per_request" { print $2 }' "$tmp/eb")
mx=$(awk '$1 == "matrix_ms" { print $2 }' "$tmp/eb")

# the CLI diff and xmllint, alternating, RUNS each after a warm-up
"$bin" diff "$old" "$new" >/dev/null
: >"$tmp/d" && : >"$tmp/x"
i=0
while [ "$i" -lt "$RUNS" ]; do
	"$runner" xmllint --noout "$old" | awk '{ print $1, $3 }' >>"$tmp/x"
	"$runner" "$bin" diff "$old" "$new" | awk '{ print $1, $3 }' >>"$tmp/d"
	i=$((i + 1))
done
awk '$2 != 0 { bad = 1 } END { exit bad }' "$tmp/x" || fail "xmllint failed"
awk '$2 != 0 { bad = 1 } END { exit bad }' "$tmp/d" || fail "diff failed"
med() { sort -n "$1" | awk '{ w[NR] = $1 } END { print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2 }'; }
dm=$(med "$tmp/d")
xm=$(med "$tmp/x")
awk -v rps="$rps" -v us="$us" -v mx="$mx" -v dm="$dm" -v xm="$xm" -v size="$(wc -c <"$old")" 'BEGIN {
	printf "bench: eval: one request against a 40-rule policy (%d bytes): %.0f requests/s, %.2f us per request [target < 20 us]; xmllint --noout of the file %.2f ms\n", size, rps, us, xm * 1000
	printf "bench: diff of two 40-rule policies: %.2f ms for the matrix in process, %.2f ms for `altinn-policy diff` end to end [target < 50 ms]; xmllint --noout of one file %.2f ms in the same runs\n", mx, dm * 1000, xm * 1000
}'
exit 0
