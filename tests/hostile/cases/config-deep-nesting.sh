# 100,000 nested arrays in the configuration.
awk 'BEGIN { printf "{\"ignore\": "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' > .altinn-policy.json
echo '<Policy/>' > p.xml
expect 2 10 '\.altinn-policy\.json:[0-9]+:[0-9]+' -- "$BIN" lint p.xml
