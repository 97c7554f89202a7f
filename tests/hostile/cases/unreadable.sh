# A file without read permission: exit 2 naming it (root reads anything).
if [ "$(id -u)" -eq 0 ]; then skip_case "running as root: permissions do not apply"; return 0; fi
echo '<Policy/>' > p.xml
chmod 000 p.xml
expect 2 10 'p.xml.*(ermission|cannot)' -- "$BIN" lint p.xml
