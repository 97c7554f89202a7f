# 100,000 nested elements: stopped at the depth limit with a position.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<a>"; for (i = 0; i < 100000; i++) printf "</a>"; print "" }' > p.xml
expect 1 10 'p.xml:1:[0-9]+: .*(deep|depth|nest)' -- "$BIN" lint --format gcc p.xml
