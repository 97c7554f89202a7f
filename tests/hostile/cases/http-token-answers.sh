# Hostile answers of Maskinporten and of the Altinn token exchange to
# `auth check`: a token with a line break (it would add headers of its own),
# an HTML page, JSON nested 100,000 deep, a 1 MB token, an error body with
# control characters; each a clean refusal (exit 2) that never shows the
# token it refused, the assertion or the key.
. "$top/httpd/lib.sh"
unset ALTINN_TOKEN
if ! command -v openssl >/dev/null 2>&1; then
	skip_case "openssl(1) is missing (to make an RSA key)"
	return 0
fi
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null
check() {
	serve dir "$WORK/answers"
	expect 2 20 "$1" -- $MEM "$BIN" auth check --client-id hostile-client --key key.pem --kid k \
		--maskinporten-url "$URL" --base-url "$URL" --timeout 5 --retries 0
	forbid "INJECTED|c2VjcmV0LXZhbHVl|eyJ|PRIVATE|^memory:"
}
mkdir answers
# Maskinporten
printf '{"access_token":"c2VjcmV0LXZhbHVl\\r\\nX-INJECTED: 1","expires_in":120}' >answers/token
check "Maskinporten's answer: the token holds a byte that a bearer token cannot \(0x0d"
printf '<html><body>Service unavailable</body></html>' >answers/token
check "Maskinporten's answer has no access_token"
python3 -c 'print("[" * 100000 + "]" * 100000)' >answers/token
check "Maskinporten's answer has no access_token"
python3 -c 'print("{\"access_token\":\"c2VjcmV0LXZhbHVl" + "A" * 1000000 + "\"}")' >answers/token
check "Maskinporten's answer: the token is 10000[0-9]+ bytes long \(at most 65536\)"
# the exchange: Maskinporten's token is fine, the exchange's answer is not
printf '{"access_token":"eyJhbGciOiJub25lIn0.e30.c2ln","expires_in":120}' >answers/token
printf '"c2VjcmV0LXZhbHVl\nX-INJECTED: 1"' >answers/maskinporten
check "the Altinn token exchange's answer: the token holds a byte that a bearer token cannot \(0x0a at 16\)"
printf '<html>c2VjcmV0LXZhbHVl oops</html>' >answers/maskinporten
check "the Altinn token exchange's answer: the token holds a byte that a bearer token cannot \(0x3c at 0\)"
