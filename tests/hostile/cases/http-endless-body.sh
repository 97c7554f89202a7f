# A chunked body that never ends: cut off at 16 MB, said so, memory bounded.
. "$top/httpd/lib.sh"
folder
serve endless
expect 1 30 "hostile-res: cannot read the registry's state: no answer after 1 attempt: the answer is larger than 16 MB" -- \
	$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 20 --retries 0
forbid "$ALTINN_TOKEN|^memory:"
