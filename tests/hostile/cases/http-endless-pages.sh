# Pages of members without end (each links to the next), and a registry
# that answers 412 to every read: neither is read forever.  2,000 pages at
# most (200,000 members); 3 fresh starts after a 412.
. "$top/httpd/lib.sh"
folder
serve endless-pages
expect 1 50 "hostile-list: cannot read the registry's state: HTTP 200: the registry's pages of (members|resource connections) do not end \(2000 read\)" -- \
	$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0 -p 8
forbid "$ALTINN_TOKEN|^memory:"
serve always-412
expect 1 20 "hostile-list: cannot read the registry's state: (HTTP 412: .*|.*kept changing while it was read \(4 times\))" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "$ALTINN_TOKEN"
