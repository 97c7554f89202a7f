# An HTML error page with status 200 where JSON is expected: unreadable
# remote state (exit 1), not an empty registry.  JSON where the resource and
# the policy (XML) are expected: an object that is not the resource asked
# for is refused too; the access list then reads as an empty one.
. "$top/httpd/lib.sh"
folder
serve html
expect 1 20 "hostile-res: cannot read the registry's state: HTTP 200: the registry's resource is not a JSON object" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "$ALTINN_TOKEN"
expect 1 20 "hostile-list: cannot read the registry's state: HTTP 200: the registry's (page of (members|resource connections) is not a JSON page|access list is not a JSON object)" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
serve json
expect 1 20 "hostile-res: cannot read the registry's state: HTTP 200: the registry's answer is not the resource 'hostile-res'" -- \
	"$BIN" publish plan -C f --base-url "$URL" --timeout 5 --retries 0
forbid "$ALTINN_TOKEN|policy hostile-res: update"
