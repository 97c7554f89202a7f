#!/bin/sh
# make bench: altinn-policy lint against `xmllint --noout` on the same files.
#
#   sh tests/bench/run.sh BIN BENCHDIR
#
# BIN is the altinn-policy binary, BENCHDIR holds the bench tools built from
# tests/bench/*.c (gen, runner).  Knobs (environment):
#   N=5000       files in the synthetic corpus
#   RUNS=7       timed runs per command (the single-file case does RUNS*5)
#   SEED=42      corpus seed
#   LINT_ARGS=   extra options for `BIN lint` (e.g. "--profile resource")
#
# The corpus is generated once into $(dirname BENCHDIR)/bench-corpus-N-SEED and
# reused while the generator binary is unchanged.  Each measurement alternates
# the two commands run by run, so drifting machine load hits both alike.
# Reports medians, min/max and ratios; exits 0 whatever the ratios are, and
# non-zero only if something broke: xmllint rejecting a generated file, the
# linter exiting with anything but 0 (clean) or 1 (findings), a missing tool.
# See docs/bench.md.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/bench/run.sh BIN BENCHDIR" >&2
	exit 2
fi

abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

bin=$(abs "$1")
benchdir=$(abs "$2")
gen=$benchdir/gen
runner=$benchdir/runner
top=$(dirname "$benchdir")
N=${N:-5000}
RUNS=${RUNS:-7}
SEED=${SEED:-42}
LINT_ARGS=${LINT_ARGS:-}

say() { printf 'bench: %s\n' "$*"; }
fail() { printf 'bench: FAIL: %s\n' "$*"; exit 1; }

case $N in '' | *[!0-9]* | 0) fail "N must be a positive integer (got '$N')" ;; esac
case $RUNS in '' | *[!0-9]* | 0) fail "RUNS must be a positive integer (got '$RUNS')" ;; esac
case $SEED in '' | *[!0-9]*) fail "SEED must be a non-negative integer (got '$SEED')" ;; esac

[ -x "$bin" ] || fail "$bin not found or not executable (run make)"
[ -x "$gen" ] || fail "$gen not built"
[ -x "$runner" ] || fail "$runner not built"
if ! command -v xmllint >/dev/null 2>&1; then
	say "xmllint not found: it is the baseline. Install it: apt-get install libxml2-utils"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ap-bench.XXXXXX") || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# ---- corpus ---------------------------------------------------------------

gen_sum=$(cksum <"$gen" | cut -d' ' -f1)

# corpus DIR COUNT: generate COUNT files into DIR unless a matching one is there.
corpus() {
	c_dir=$1 c_n=$2
	c_want="gen=$gen_sum n=$c_n seed=$SEED"
	if [ -d "$c_dir" ] && [ -f "$c_dir.stamp" ] && [ "$(cat "$c_dir.stamp")" = "$c_want" ]; then
		say "reusing $c_dir ($c_n files, $(du -sk "$c_dir" | cut -f1) KB on disk)"
		return 0
	fi
	rm -rf "$c_dir" "$c_dir.tmp" "$c_dir.stamp"
	"$gen" "$c_dir.tmp" "$c_n" "$SEED" >"$tmp/gen.out" || fail "gen $c_dir"
	sed -e 's/^gen: /bench: gen: /' -e "s|$c_dir.tmp|$c_dir|" "$tmp/gen.out"
	mv "$c_dir.tmp" "$c_dir" || fail "mv $c_dir.tmp"
	printf '%s\n' "$c_want" >"$c_dir.stamp"
}

big=$top/bench-corpus-$N-$SEED
corpus "$big" "$N"
M=$((N / 10))
[ "$M" -ge 1 ] || M=1
small_set=$top/bench-corpus-$M-$SEED
small=$top/bench-single.xml
"$gen" --small "$small" >/dev/null || fail "gen --small"

bytes=$(find "$big" -name "policy-*.xml" -exec cat {} + | wc -c)
say "corpus $big: $N files, $(awk -v b="$bytes" -v n="$N" 'BEGIN { printf "%.1f MB, mean %.1f KB", b / 1e6, b / n / 1024 }')"

# ---- what we run ------------------------------------------------------------

jobs=""
if "$bin" lint --help 2>&1 | grep -Eq -- '(^|[^[:alnum:]-])-j|--jobs'; then
	jobs="-j1"
fi
# shellcheck disable=SC2086
set -- $LINT_ARGS
lint_opts=$jobs
[ $# -gt 0 ] && lint_opts="$lint_opts${lint_opts:+ }$*"
say "baseline: $(xmllint --version 2>&1 | head -1)"
say "linter:   $bin lint${lint_opts:+ }$lint_opts DIR$([ -z "$jobs" ] && echo ' (no -j in lint --help: run as is)')"
say "machine:  $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# Both commands run from inside the corpus directory: xmllint gets relative
# file names (policy-00001.xml ...) to keep its argument list short, the
# linter gets the directory.  One xmllint process for all files, as long as
# the argument list fits in ARG_MAX; otherwise xargs (several processes).
argmax=$(getconf ARG_MAX 2>/dev/null || echo 131072)
arglen=$(cd "$big" && printf '%s\n' policy-*.xml | wc -c)
envlen=$(env | wc -c)
if [ $((arglen + envlen + 4096)) -lt "$argmax" ]; then
	xmllint_many() { "$runner" xmllint --noout policy-*.xml; }
	xmllint_how="one process for $N files: $arglen bytes of names, ARG_MAX $argmax"
else
	xmllint_many() { "$runner" sh -c 'printf "%s\n" policy-*.xml | xargs xmllint --noout'; }
	xmllint_how="NOTE: $arglen bytes of file names exceed ARG_MAX $argmax: xargs splits it into several xmllint processes (timed together)"
fi
say "xmllint:  xmllint --noout FILES... ($xmllint_how)"

# ---- measuring --------------------------------------------------------------

# record FILE WHAT OKCODES -- runner output on stdin: "wall rss code user sys".
# Appends "wall rss code" to FILE; fails when the exit code is not in OKCODES.
record() {
	r_file=$1 r_what=$2 r_ok=$3
	read -r r_wall r_rss r_code r_user r_sys || fail "$r_what: no measurement"
	: "$r_user" "$r_sys"
	case " $r_ok " in
	*" $r_code "*) ;;
	*)
		if [ "$r_code" -gt 128 ] && [ "$r_code" -lt 160 ]; then
			fail "$r_what: killed by signal $((r_code - 128))"
		fi
		fail "$r_what: exit code $r_code (expected one of: $r_ok)"
		;;
	esac
	printf '%s %s %s\n' "$r_wall" "$r_rss" "$r_code" >>"$r_file"
}

# stats FILE: "median min max median_rss max_rss" of the "wall rss code" lines.
stats() {
	sort -n "$1" | awk '
		{ w[NR] = $1; r[NR] = $2 }
		END {
			n = NR
			med = (n % 2) ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2
			# rss: median and max
			for (i = 1; i <= n; i++) s[i] = r[i]
			for (i = 2; i <= n; i++) { v = s[i]; for (j = i - 1; j >= 1 && s[j] > v; j--) s[j + 1] = s[j]; s[j + 1] = v }
			rmed = (n % 2) ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
			printf "%.6f %.6f %.6f %d %d\n", med, w[1], w[n], rmed, s[n]
		}'
}

# Show what a failing command said, then stop.
explain_lint() {
	say "lint said (last lines of stderr):"
	# shellcheck disable=SC2086
	(cd "$1" && "$bin" lint $lint_opts "$2" 2>&1 >/dev/null | tail -5 | sed 's/^/    /')
}

run_xmllint_many() {
	(cd "$big" && xmllint_many) | record "$1" "xmllint --noout on $N generated files" "0" ||
		{ xmllint --noout "$big"/policy-*.xml 2>&1 | head -5 | sed 's/^/    /'; exit 1; }
}
run_lint_dir() { # OUTFILE DIR
	# shellcheck disable=SC2086
	(cd "$2" && "$runner" "$bin" lint $lint_opts "$2") | record "$1" "$bin lint on $2" "0 1" ||
		{ explain_lint "$2" "$2"; exit 1; }
}

# ---- 1. throughput: N files -------------------------------------------------

say "throughput: $RUNS alternating runs each (plus one warm-up)"
run_xmllint_many "$tmp/warm"
run_lint_dir "$tmp/warm_lint" "$big"
# The corpus has ~3% files with known defects: a clean exit means the linter
# did not look at them (wrong directory handling?) and the timing is moot.
if [ "$(cut -d' ' -f3 "$tmp/warm_lint")" = 0 ]; then
	say "WARNING: lint exited 0 (no findings) on a corpus with known defects: is it reading the files?"
fi
i=1
while [ "$i" -le "$RUNS" ]; do
	run_xmllint_many "$tmp/x_many"
	run_lint_dir "$tmp/l_many" "$big"
	i=$((i + 1))
done
read -r x_med x_min x_max x_rss x_rssmax <<EOF
$(stats "$tmp/x_many")
EOF
read -r l_med l_min l_max l_rss l_rssmax <<EOF
$(stats "$tmp/l_many")
EOF

awk -v xm="$x_med" -v xl="$x_min" -v xh="$x_max" -v xr="$x_rss" -v xR="$x_rssmax" \
	-v lm="$l_med" -v ll="$l_min" -v lh="$l_max" -v lr="$l_rss" -v lR="$l_rssmax" \
	-v n="$N" -v b="$bytes" 'BEGIN {
	printf "bench:   xmllint --noout: median %.3f s (min %.3f, max %.3f), %.0f MB/s, peak RSS %.1f MB (max %.1f)\n", xm, xl, xh, b / 1e6 / xm, xr / 1024, xR / 1024
	printf "bench:   altinn-policy:   median %.3f s (min %.3f, max %.3f), %.0f MB/s, peak RSS %.1f MB (max %.1f)\n", lm, ll, lh, b / 1e6 / lm, lr / 1024, lR / 1024
	printf "bench:   ratio of minimums %.2f\n", ll / xl
	printf "bench: lint %d files: %.3f s median (xmllint --noout %.3f s) ratio %.2f [issue 2 target <= 1.5, full catalogue target <= 1.2]\n", n, lm, xm, lm / xm
}'

# ---- 1b. the same files with two threads, and the cost of SARIF and JSON ----

# variant EXTRA_OPTIONS: RUNS runs of lint with the extra options, alternating
# with xmllint; prints "median ratio_to_xmllint".
variant() {
	v_opts=$1
	: >"$tmp/v_x"
	: >"$tmp/v_l"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		run_xmllint_many "$tmp/v_x"
		# shellcheck disable=SC2086
		(cd "$big" && "$runner" "$bin" lint $v_opts "$big") | record "$tmp/v_l" "$bin lint $v_opts" "0 1" ||
			{ explain_lint "$big" "$big"; exit 1; }
		i=$((i + 1))
	done
	vx=$(stats "$tmp/v_x" | cut -d' ' -f1)
	vl=$(stats "$tmp/v_l" | cut -d' ' -f1)
	awk -v x="$vx" -v l="$vl" 'BEGIN { printf "%.6f %.6f\n", l, l / x }'
}

if "$bin" lint --help 2>/dev/null | grep -q -- '--jobs'; then
	base_opts=$(printf '%s\n' "$lint_opts" | sed 's/-j1//')
	v=$(variant "$base_opts -j2")
	printf '%s\n' "$v" | awk -v n="$N" '{
		printf "bench: lint -j2 %d files: %.3f s median, ratio %.2f to xmllint --noout [target <= 0.75]\n", n, $1, $2 }'
fi
# versus OPTS_A OPTS_B: RUNS runs of each, alternating; prints "median_b b/a".
versus() {
	: >"$tmp/va"
	: >"$tmp/vb"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		for side in a b; do
			if [ "$side" = a ]; then o=$1 f="$tmp/va"; else o=$2 f="$tmp/vb"; fi
			# shellcheck disable=SC2086
			(cd "$big" && "$runner" "$bin" lint $o "$big") | record "$f" "$bin lint $o" "0 1" ||
				{ explain_lint "$big" "$big"; exit 1; }
		done
		i=$((i + 1))
	done
	va=$(stats "$tmp/va" | cut -d' ' -f1)
	vb=$(stats "$tmp/vb" | cut -d' ' -f1)
	awk -v a="$va" -v b="$vb" 'BEGIN { printf "%.6f %.6f\n", b, b / a }'
}

if "$bin" lint --help 2>/dev/null | grep -q -- 'sarif'; then
	for f in sarif json; do
		v=$(versus "$lint_opts" "$lint_opts -f $f")
		printf '%s\n' "$v" | awk -v f="$f" '{
			printf "bench: --format %s: %.3f s median, %+.1f%% against the text format in the same runs [target <= +10%%]\n", f, $1, ($2 - 1) * 100 }'
	done
fi

# ---- 2. start-up: one small file --------------------------------------------

SRUNS=$((RUNS * 5))
say "single file: $small ($(wc -c <"$small") bytes), $SRUNS alternating runs each (plus one warm-up)"
run_xmllint_one() {
	"$runner" xmllint --noout "$small" | record "$1" "xmllint --noout $small" "0" ||
		{ xmllint --noout "$small" 2>&1 | head -5 | sed 's/^/    /'; exit 1; }
}
run_lint_one() {
	# shellcheck disable=SC2086
	"$runner" "$bin" lint $LINT_ARGS "$small" | record "$1" "$bin lint $small" "0 1" ||
		{ say "lint said:"; "$bin" lint $LINT_ARGS "$small" 2>&1 >/dev/null | tail -5 | sed 's/^/    /'; exit 1; }
}
run_xmllint_one "$tmp/warm"
run_lint_one "$tmp/warm"
i=1
while [ "$i" -le "$SRUNS" ]; do
	run_xmllint_one "$tmp/x_one"
	run_lint_one "$tmp/l_one"
	i=$((i + 1))
done
read -r sx_med sx_min sx_max sx_rss _ <<EOF
$(stats "$tmp/x_one")
EOF
read -r sl_med sl_min sl_max sl_rss _ <<EOF
$(stats "$tmp/l_one")
EOF
awk -v xm="$sx_med" -v xl="$sx_min" -v xh="$sx_max" -v xr="$sx_rss" \
	-v lm="$sl_med" -v ll="$sl_min" -v lh="$sl_max" -v lr="$sl_rss" 'BEGIN {
	printf "bench:   xmllint --noout: median %.2f ms (min %.2f, max %.2f), peak RSS %.1f MB\n", xm * 1000, xl * 1000, xh * 1000, xr / 1024
	printf "bench:   altinn-policy:   median %.2f ms (min %.2f, max %.2f), peak RSS %.1f MB\n", lm * 1000, ll * 1000, lh * 1000, lr / 1024
	printf "bench:   ratio of minimums %.2f\n", ll / xl
	printf "bench: single file: %.2f ms median (xmllint --noout %.2f ms) ratio %.2f [target <= 1.3]\n", lm * 1000, xm * 1000, lm / xm
}'

. "$(dirname "$0")/fmt.sh" # ---- 2b. fmt --check (issue 7) ----

# ---- 3. memory: independent of the number of files --------------------------

corpus "$small_set" "$M"
MRUNS=3
i=1
while [ "$i" -le "$MRUNS" ]; do
	run_lint_dir "$tmp/l_few" "$small_set"
	i=$((i + 1))
done
read -r _ _ _ f_rss _ <<EOF
$(stats "$tmp/l_few")
EOF
awk -v m="$M" -v n="$N" -v a="$f_rss" -v b="$l_rss" 'BEGIN {
	printf "bench: peak RSS %d files %.1f MB, %d files %.1f MB (ratio %.2f)\n", m, a / 1024, n, b / 1024, b / a
}'
sh "$(dirname "$0")/generate.sh" "$bin" "$benchdir" || exit 1

# ---- 4. the decision engine: eval and diff (tests/bench/eval.sh) -----------

sh "$(dirname "$0")/eval.sh" "$bin" "$benchdir" || exit 1

# ---- 5. publish against the emulator (tests/bench/publish.sh) -------------

sh "$(dirname "$0")/publish.sh" "$bin" || fail "publish benchmark"
exit 0
