# Hostile JSON where the tool reads JSON besides the config: template
# parameters and decision requests.  Duplicate keys, numbers beyond every
# range, 100,000-deep nesting, a NUL escape: exit 2 with file:line:col,
# nothing written, no hang.
root=$(cd "$(dirname "$BIN")/.." && pwd)
printf '{\n  "identifier": "ttd-dup",\n  "identifier": "ttd-dup2"\n}\n' > dup.json
expect 2 10 'dup\.json:3:[0-9]+' -- "$BIN" generate correspondence -T "$root/templates" --params dup.json -o out.xml
printf '{"identifier": "ttd-num", "authLevel": 1e999999}\n' > num.json
expect 2 10 'num\.json:1:[0-9]+' -- "$BIN" generate correspondence -T "$root/templates" --params num.json -o out.xml
awk 'BEGIN { printf "{\"identifier\": \"ttd-deep\", \"recipients\": "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' > deep.json
expect 2 10 'deep\.json:1:[0-9]+' -- "$BIN" generate correspondence -T "$root/templates" --params deep.json -o out.xml
printf '{"identifier": "ttd-nul\\u0000x"}\n' > nul.json
expect 2 10 'nul\.json:1:[0-9]+' -- "$BIN" generate correspondence -T "$root/templates" --params nul.json -o out.xml
[ ! -e out.xml ] || fail_case "generate wrote out.xml from hostile parameters"
awk 'BEGIN { printf "{\"Request\": {\"AccessSubject\": "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}}" }' > req.json
expect 2 10 'req\.json' -- "$BIN" eval "$root/policies/ExamplePolicy.xml" --request req.json
printf '{"Request": {"AccessSubject": [{"Attribute": [{"AttributeId": "urn:altinn:rolecode", "Value": "DAGL", "Value": "PRIV"}]}]}}\n' > reqdup.json
expect 2 10 'reqdup\.json:1:[0-9]+' -- "$BIN" eval "$root/policies/ExamplePolicy.xml" --request reqdup.json
