# NUL bytes inside the document.
printf '<?xml version="1.0"?>\n<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="a">\000\000</Policy>\n' > p.xml
expect 1 10 'p.xml:2:[0-9]+: ' -- "$BIN" lint --format gcc p.xml
