# A given token ($ALTINN_TOKEN) with a line break in it would add a header
# of its own to every request: refused before anything is sent with it.
. "$top/httpd/lib.sh"
folder
serve log
ALTINN_TOKEN=$(printf 'c2VjcmV0LXZhbHVl\r\nX-INJECTED: 1')
expect 1 20 "the given token: the token holds a byte that a bearer token cannot \(0x0d at 16\)" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "c2VjcmV0LXZhbHVl|INJECTED"
if grep -qi "injected\|^Authorization" log.log; then
	fail_case "the token went out: $(grep -i 'injected\|^Authorization' log.log | head -n 2)"
fi
