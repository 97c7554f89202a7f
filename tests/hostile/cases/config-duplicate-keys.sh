# A configuration with a key given twice: refused with line and column.
printf '{\n  "profile": "resource",\n  "profile": "app"\n}\n' > .altinn-policy.json
echo '<Policy/>' > p.xml
expect 2 10 '\.altinn-policy\.json:[0-9]+:[0-9]+' -- "$BIN" lint p.xml
