# Quadratic blowup: one 100 kB internal entity referenced 10,000 times.
{
	echo '<?xml version="1.0"?>'
	printf '<!DOCTYPE Policy [<!ENTITY a "'
	head -c 100000 /dev/zero | tr '\0' 'a'
	echo '">]>'
	printf '<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">'
	i=0; while [ $i -lt 10000 ]; do printf '&a;'; i=$((i + 1)); done
	echo '</Policy>'
} > p.xml
expect 1 10 'DOCTYPE' -- "$BIN" lint --format gcc p.xml
