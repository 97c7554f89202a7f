# XXE through an external parameter entity (the classic out-of-band form).
cat > p.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE Policy [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="x"/>
X
expect 1 10 'p.xml:2:1: .*DOCTYPE' -- "$BIN" lint --format gcc p.xml
forbid 'root:'
