# 301, 302, 307 and 308 to another host (localhost instead of 127.0.0.1) and
# to the same host: never followed, so the token never reaches the target
# (a second listener that records every request it gets).
. "$top/httpd/lib.sh"
folder
serve log
target=$PORT
for status in 301 302 307 308; do
	for where in "http://localhost:$target/elsewhere" "http://127.0.0.1:$target/resourceregistry/api/v1/resource/hostile-res"; do
		serve redirect "$status $where"
		expect 1 20 "HTTP $status: a redirect, not followed" -- \
			"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
		forbid "$ALTINN_TOKEN"
		expect 4 20 "HTTP $status: a redirect, not followed" -- \
			"$BIN" publish apply -C f --base-url "$URL" --timeout 5 --retries 0
		forbid "$ALTINN_TOKEN"
	done
done
if [ -s log.log ]; then
	fail_case "a redirect was followed: $(grep -c '^GET\|^POST\|^PUT' log.log) requests reached the target"
fi
if ! grep -q "^Authorization: Bearer $ALTINN_TOKEN" redirect.log; then
	fail_case "the registry itself never got the token: the test proves nothing"
fi
