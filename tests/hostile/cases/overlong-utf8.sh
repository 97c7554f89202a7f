# An overlong UTF-8 encoding of '/' (C0 AF), the classic filter bypass.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="a\300\257b"/>\n' > p.xml
expect 1 10 'p.xml:2:[0-9]+: ' -- "$BIN" lint --format gcc p.xml
