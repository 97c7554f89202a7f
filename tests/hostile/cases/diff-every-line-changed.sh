# fmt --diff of a 10 MB policy in which formatting changes every one of
# 240,000 lines (tab indentation): the line diff must stay near linear
# (Myers' algorithm alone is quadratic here: minutes, an hour at 1M lines).
awk 'BEGIN {
	print "<Policy xmlns=\"urn:oasis:names:tc:xacml:3.0:core:schema:wd-17\" PolicyId=\"p\" Version=\"1\" RuleCombiningAlgId=\"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides\">"
	print "<Target/>"
	for (i = 0; i < 20000; i++) {
		printf "<Rule RuleId=\"r%d\" Effect=\"Permit\">\n\t<Target>\n\t\t<AnyOf>\n\t\t\t<AllOf>\n", i
		printf "\t\t\t\t<Match MatchId=\"urn:oasis:names:tc:xacml:1.0:function:string-equal\">\n"
		printf "\t\t\t\t\t<AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">v%d</AttributeValue>\n", i
		printf "\t\t\t\t\t<AttributeDesignator AttributeId=\"urn:altinn:rolecode\" Category=\"urn:oasis:names:tc:xacml:1.0:subject-category:access-subject\" DataType=\"http://www.w3.org/2001/XMLSchema#string\" MustBePresent=\"false\"/>\n"
		printf "\t\t\t\t</Match>\n\t\t\t</AllOf>\n\t\t</AnyOf>\n\t</Target>\n</Rule>\n"
	}
	print "</Policy>"
}' > big.xml
expect 1 60 '^\+\+\+ big.xml \(formatted\)' -- "$BIN" fmt --diff big.xml
