# auth, generate, publish and templates live in altinn-policy-net.so, found
# beside the binary or in ../lib/altinn-policy/.  Missing or not a shared
# object: a clear message and exit 2; lint never needs it.
plugin=$(dirname "$BIN")/altinn-policy-net.so
mkdir -p alone broken inst/bin inst/lib/altinn-policy
cp "$BIN" alone/altinn-policy
cp "$BIN" broken/altinn-policy
printf 'not a shared object\n' > broken/altinn-policy-net.so
cp "$BIN" inst/bin/altinn-policy
cp "$plugin" inst/lib/altinn-policy/
printf '<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17"/>\n' > p.xml
expect 2 10 "'templates' needs altinn-policy-net.so" -- alone/altinn-policy templates
expect 2 10 "'publish' needs altinn-policy-net.so" -- alone/altinn-policy help publish
expect 1 10 'AX-' -- alone/altinn-policy lint p.xml
expect 2 10 'altinn-policy-net.so: cannot load' -- broken/altinn-policy generate
expect 0 10 'usage: altinn-policy generate' -- inst/bin/altinn-policy help generate
# and the binary itself must not need them (a pre-commit lint would pay for
# loading them again): readelf finds no such NEEDED entry, so grep exits 1
expect 1 10 '' -- sh -c 'readelf -d "$BIN" | grep -E "NEEDED.*(libcurl|libcrypto|libssl|libxslt|libexslt)"'
forbid 'NEEDED'
