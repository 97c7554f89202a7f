# A 10 MB header line, then 100,000 headers: libcurl refuses both (a header
# line over 100 KB, headers over 300 KB in all); a clear transport error.
. "$top/httpd/lib.sh"
folder
serve huge-header
expect 1 20 "hostile-res: cannot read the registry's state: no answer after 1 attempt: out of memory, or a header line too long" -- \
	$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "$ALTINN_TOKEN|^memory:"
serve many-headers
expect 1 20 "hostile-res: cannot read the registry's state: no answer after 1 attempt: Too large response headers" -- \
	$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "$ALTINN_TOKEN|^memory:"
