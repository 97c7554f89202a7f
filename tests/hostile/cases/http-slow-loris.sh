# One byte a second: --timeout bounds each attempt (2 s here, 2 attempts).
. "$top/httpd/lib.sh"
folder
serve slow
expect 1 15 "hostile-res: cannot read the registry's state: no answer after 2 attempts: Operation timed out after 20[0-9][0-9] milliseconds" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 2 --retries 1
forbid "$ALTINN_TOKEN"
