# Content-Encoding: gzip expanding to 4 GiB.  No Accept-Encoding is sent and
# libcurl decodes nothing, so the ~4 MB of compressed bytes are read as they
# are (a body over 16 MB would be refused) and are not JSON; memory stays small.
. "$top/httpd/lib.sh"
folder
serve gzip-bomb
expect 1 30 "hostile-res: cannot read the registry's state: HTTP 200: the registry's resource is not a JSON object" -- \
	$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 20 --retries 0
forbid "$ALTINN_TOKEN|^memory:"
if grep -qi '^accept-encoding' gzip-bomb.log; then
	fail_case "Accept-Encoding was sent"
fi
