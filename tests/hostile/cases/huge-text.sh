# A 20 MB text node in an AttributeValue.
{ printf '<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17"><Description>'
  head -c 20000000 /dev/zero | tr '\0' 'y'; echo '</Description></Policy>'; } > p.xml
expect 1 30 'p.xml:1:' -- "$BIN" lint --format gcc p.xml
