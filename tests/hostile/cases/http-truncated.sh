# A 200 whose body ends long before its Content-Length: a transport error
# (retried, then reported), never a half resource taken as the remote state.
. "$top/httpd/lib.sh"
folder
serve truncated
expect 1 20 "hostile-res: cannot read the registry's state: no answer after 2 attempts: transfer closed" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 1
forbid "$ALTINN_TOKEN"
