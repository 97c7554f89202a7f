# Invalid JSON, JSON nested 100,000 deep and numbers of 100,000 digits from
# the registry: each a clean "cannot read" (jansson's depth limit holds).
. "$top/httpd/lib.sh"
folder
for mode in bad-json deep-json huge-number; do
	serve $mode
	expect 1 20 "hostile-res: cannot read the registry's state: HTTP 200: the registry's resource is not a JSON object" -- \
		$MEM "$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
	forbid "$ALTINN_TOKEN|^memory:"
done
