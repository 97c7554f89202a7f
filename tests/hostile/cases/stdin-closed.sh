# Standard input closed before the policy arrives, or empty.
expect 2 10 'stdin|standard input' -- sh -c 'exec "$BIN" lint - <&-'
expect 1 10 '' -- sh -c 'exec "$BIN" lint --format gcc - </dev/null'
