# XXE: an external entity naming a local file.  Refused, never read.
cat > p.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE Policy [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="x" Version="1.0"
 RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
<Description>&leak;</Description></Policy>
X
expect 1 10 'p.xml:2:1: .*DOCTYPE' -- "$BIN" lint --format gcc p.xml
forbid 'root:'
