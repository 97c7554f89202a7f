# fmt --check over the benchmark corpus against `xmllint --noout` over the
# same files (issue 7: ratio <= 1.5).  Sourced by tests/bench/run.sh, after
# the corpus is generated: uses its $bin, $big, $N, $RUNS, $tmp, $runner and
# its record, stats and run_xmllint_many helpers.  Alternating runs, medians.
# fmt --check exits 1 when files are not canonical (the generated files are
# not): both 0 and 1 count as a run; 2 (a file fmt could not read) fails.

run_fmt_check() { # OUTFILE
	(cd "$big" && "$runner" "$bin" fmt --check "$big") | record "$1" "$bin fmt --check $big" "0 1" ||
		{ (cd "$big" && "$bin" fmt --check "$big" 2>&1 >/dev/null | tail -5 | sed 's/^/    /'); exit 1; }
}

say "fmt --check: $RUNS alternating runs each against xmllint --noout (plus one warm-up)"
run_fmt_check "$tmp/f_warm"
: >"$tmp/f_x"
: >"$tmp/f_f"
i=1
while [ "$i" -le "$RUNS" ]; do
	run_xmllint_many "$tmp/f_x"
	run_fmt_check "$tmp/f_f"
	i=$((i + 1))
done
read -r fx_med fx_min _ _ _ <<STATS
$(stats "$tmp/f_x")
STATS
read -r ff_med ff_min _ ff_rss _ <<STATS
$(stats "$tmp/f_f")
STATS
awk -v xm="$fx_med" -v xl="$fx_min" -v fm="$ff_med" -v fl="$ff_min" -v fr="$ff_rss" -v n="$N" 'BEGIN {
	printf "bench:   fmt --check: median %.3f s (min %.3f), peak RSS %.1f MB; ratio of minimums %.2f\n", fm, fl, fr / 1024, fl / xl
	printf "bench: fmt --check %d files: %.3f s median (xmllint --noout %.3f s) ratio %.2f [issue 7 target <= 1.5]\n", n, fm, xm, fm / xm
}'
