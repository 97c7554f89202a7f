# A megabyte of random bytes, and /dev/zero (endless: cut at the size cap).
head -c 1000000 /dev/urandom > junk.xml
expect 1 10 'junk.xml' -- "$BIN" lint --format gcc junk.xml
expect 1 20 '' -- "$BIN" lint --format gcc /dev/zero
