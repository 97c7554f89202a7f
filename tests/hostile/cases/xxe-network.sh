# XXE: an external entity naming a URL (a closed local port).  No request.
cat > p.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE Policy [<!ENTITY net SYSTEM "http://127.0.0.1:9/secret">]>
<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="x">&net;</Policy>
X
expect 1 10 'p.xml:2:1: .*DOCTYPE' -- "$BIN" lint --format gcc --schema p.xml
