# A 2 GB sparse file: refused by size, without reading it all.
truncate -s 2G p.xml || { skip_case "no sparse files here"; return 0; }
expect 1 10 'p.xml.*(large|size|bytes)' -- "$BIN" lint --format gcc p.xml
