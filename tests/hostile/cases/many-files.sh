# 100,000 tiny (empty) files in one directory: every one reported, in
# order, within the time bound, memory bounded by the ordered window.
mkdir d
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%06d.xml\n", i }' | (cd d && xargs touch)
expect 1 300 '' -- "$BIN" lint -q --format gcc -o report.txt d
n=$(grep -c 'AX-S001' report.txt)
[ "$n" -eq 100000 ] || fail_case "$n findings for 100000 empty files"
[ "$(head -n 1 report.txt | cut -d: -f1)" = d/000000.xml ] || fail_case "not in file order"
