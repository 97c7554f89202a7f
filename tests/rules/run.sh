#!/bin/sh
# Rule fixtures: tests/rules/<ID>/ holds bad-*.xml and good-*.xml.
#   bad-NAME.xml   must give exactly the findings of <ID> listed in
#                  bad-NAME.expected ("line:col: severity: message [ID]")
#   good-NAME.xml  must give no finding of <ID>
# A file "profile" in the folder names the lint profile (default:
# correspondence); "args" adds lint options.  UPDATE=1 rewrites .expected.
# Usage: run.sh BIN [ID...]  (no IDs: every rule folder)
set -u
bin=$1
shift
top=$(dirname "$0")
pass=0 fail=0
for dir in "$top"/AX-*/; do
	id=$(basename "$dir")
	if [ $# -gt 0 ]; then
		case " $* " in *" $id "*) ;; *) continue ;; esac
	fi
	profile=correspondence
	[ -f "$dir/profile" ] && profile=$(cat "$dir/profile")
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	nbad=0 ngood=0
	for f in "$dir"bad-*.xml "$dir"good-*.xml; do
		[ -f "$f" ] || continue
		name=$(basename "$f" .xml)
		# shellcheck disable=SC2086
		out=$("$bin" lint --format gcc --profile "$profile" $args "$f" 2>/dev/null | grep -F "[$id]" | sed "s|^$f:||")
		case $name in
		bad-*)
			nbad=$((nbad + 1))
			exp="$dir$name.expected"
			if [ "${UPDATE:-}" = 1 ]; then printf '%s\n' "$out" > "$exp"; fi
			if [ -z "$out" ]; then
				echo "FAIL $id/$name.xml: no $id finding"; fail=$((fail + 1))
			elif [ ! -f "$exp" ] || [ "$(cat "$exp")" != "$out" ]; then
				echo "FAIL $id/$name.xml: findings differ from $name.expected:"
				printf '%s\n' "$out" | diff "$exp" - | sed 's/^/    /'
				fail=$((fail + 1))
			else pass=$((pass + 1)); fi ;;
		good-*)
			ngood=$((ngood + 1))
			if [ -n "$out" ]; then
				echo "FAIL $id/$name.xml: unexpected finding:"; printf '%s\n' "$out" | sed 's/^/    /'
				fail=$((fail + 1))
			else pass=$((pass + 1)); fi ;;
		esac
	done
	if [ "$nbad" -eq 0 ] || [ "$ngood" -eq 0 ]; then
		echo "FAIL $id: needs at least one bad-*.xml and one good-*.xml"; fail=$((fail + 1))
	fi
done
echo "rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
