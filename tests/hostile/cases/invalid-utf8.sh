# Bytes that are not UTF-8 in an attribute value, with a position.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="\377\376"/>\n' > p.xml
expect 1 10 'p.xml:2:[0-9]+: ' -- "$BIN" lint --format gcc p.xml
