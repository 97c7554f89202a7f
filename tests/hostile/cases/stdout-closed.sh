# Standard output closed, or a full disk: an error, not silence or a crash.
src=$(cd "$(dirname "$BIN")/.." && pwd)/policies/broken/org-rolecode.xml
expect 2 10 'write|output' -- sh -c 'exec "$BIN" lint "$0" >&-' "$src"
expect 2 10 'write|output' -- sh -c 'exec "$BIN" lint "$0" >/dev/full' "$src"
