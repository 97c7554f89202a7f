# Exponential entity expansion: refused before any expansion, quickly.
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE lolz ['
	echo ' <!ENTITY lol "lol">'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		echo " <!ENTITY lol$i \"&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;\">"
		prev=lol$i
	done
	echo ']>'
	echo '<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">&lol9;</Policy>'
} > p.xml
expect 1 5 'p.xml:2:1: .*DOCTYPE' -- "$BIN" lint --format gcc p.xml
