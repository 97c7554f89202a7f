# Sourced by tests/hostile/cases/http-*.sh: a hostile server, a folder to
# publish, a token that must never be printed, a memory bound.
#
#   serve MODE [ARG]   starts httpd.py in the background; sets PORT, and
#                      URL=http://127.0.0.1:$PORT; requests go to $WORK/MODE.log
#   folder             writes a folder with one resource (and its policy)
#                      and one access list into $WORK/f
#   $ALTINN_TOKEN      the token the commands use; cases forbid it in output
#   $MEM CMD...        runs a command with its peak memory bounded
# ($top is tests/hostile, set by run.sh)
HTTPD=$top/httpd/httpd.py
POLICY=$top/../../policies/ExamplePolicy.xml
ALTINN_TOKEN=hostile-test-token-c2VjcmV0LXZhbHVl
export ALTINN_TOKEN
SERVERS=""
trap 'for s in $SERVERS; do kill "$s" 2>/dev/null; done' EXIT

serve() {
	log=$WORK/$1.log
	: >"$log"
	rm -f "$WORK/$1.port"
	python3 "$HTTPD" "$1" "$log" "${2:-}" >"$WORK/$1.port" 2>"$WORK/$1.err" &
	SERVERS="$SERVERS $!"
	i=0
	while [ ! -s "$WORK/$1.port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	PORT=$(head -n 1 "$WORK/$1.port")
	URL=http://127.0.0.1:$PORT
}

folder() {
	mkdir -p f/resources/hostile-res f/access-lists/ttd
	cat >f/resources/hostile-res/resource.json <<'JSON'
{"identifier":"hostile-res","title":{"en":"H","nb":"H","nn":"H"},"description":{"en":"H","nb":"H","nn":"H"},
 "resourceType":"GenericAccessResource","hasCompetentAuthority":{"organization":"991825827","orgcode":"ttd"},
 "contactPoints":[{"category":"x","email":"a@b.no","telephone":"","contactPage":""}],"delegable":true}
JSON
	cp "$POLICY" f/resources/hostile-res/policy.xml
	echo '{"name":"L","members":["991825827"],"resourceConnections":[{"resource":"hostile-res"}]}' \
		>f/access-lists/ttd/hostile-list.json
}

# $MEM CMD...: runs CMD with its peak memory (resident, with children)
# bounded to 600 MB (ASan's shadow included); over it: "memory: ..." and 99.
MEM="python3 $top/httpd/maxrss.py 600"
