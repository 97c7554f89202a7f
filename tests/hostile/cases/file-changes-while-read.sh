# The file is rewritten over and over while it is linted: any consistent
# answer (0 or 1), never a crash.
cp "$BIN" /dev/null
src=$(dirname "$BIN")/../policies/ExamplePolicy.xml
[ -f "$src" ] || src=$(cd "$(dirname "$BIN")/.." && pwd)/policies/ExamplePolicy.xml
cp "$src" p.xml
( i=0; while [ $i -lt 400 ]; do head -c $((i * 37 % 4000)) "$src" > p.xml; cat "$src" >> p.xml; i=$((i + 1)); done ) &
writer=$!
n=0
while [ $n -lt 40 ]; do
	expect '0|1' 10 '' -- "$BIN" lint --format gcc p.xml
	n=$((n + 1))
done
wait $writer
