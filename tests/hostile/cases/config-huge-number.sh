# Numbers beyond every range in the configuration.
printf '{"rules": {"AX-Q002": {"options": {"max": 1e999999}}}}\n' > .altinn-policy.json
echo '<Policy/>' > p.xml
expect 2 10 '\.altinn-policy\.json:[0-9]+:[0-9]+' -- "$BIN" lint p.xml
printf '{"rules": {"AX-Q002": {"options": {"max": 123456789012345678901234567890}}}}\n' > .altinn-policy.json
expect 2 10 '\.altinn-policy\.json:[0-9]+:[0-9]+' -- "$BIN" lint p.xml
