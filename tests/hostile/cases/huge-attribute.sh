# A 50 MB attribute value.
{ printf '<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="'
  head -c 50000000 /dev/zero | tr '\0' 'x'; echo '"/>'; } > p.xml
expect 1 30 'p.xml:1:' -- "$BIN" lint --format gcc p.xml
