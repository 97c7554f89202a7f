#!/bin/sh
# Runs libFuzzer targets for a bounded time on a fixed seed.
# usage: sh tests/fuzz/run.sh <dir of fuzz_* binaries> [<target>] [<seconds>] [<runs>]
# (stops at whichever of seconds and runs comes first)
# Each target keeps its growing corpus in build-fuzz/corpus/<target>/ and
# writes crashes to build-fuzz/crash/<target>/; a crash fails the run (add
# the input to tests/fuzz/regress/<target>/ once fixed).
set -eu
bindir=$1
only=${2:-}
secs=${3:-60}
runs=${4:-}
root=$(dirname "$bindir")
fail=0
for bin in "$bindir"/fuzz_*; do
	t=${bin##*/fuzz_}
	[ -z "$only" ] || [ "$only" = "$t" ] || continue
	corpus=$root/corpus/$t
	crash=$root/crash/$t
	mkdir -p "$corpus" "$crash"
	sh tests/fuzz/seeds.sh "$t" "$root/seeds/$t" >/dev/null
	dict=""
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	# targets that read policies share the XACML dictionary
	[ -z "$dict" ] && [ "$t" != config ] && dict="-dict=tests/fuzz/lint.dict"
	echo "== fuzz $t for ${secs}s"
	# shellcheck disable=SC2086
	if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -seed=1 -max_total_time="$secs" ${runs:+-runs=$runs} -timeout=25 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$crash/" $dict \
		"$corpus" "$root/seeds/$t" > "$root/fuzz-$t.log" 2>&1; then
		fail=1
		echo "fuzz $t: FAILED (see $root/fuzz-$t.log and $crash/)"
		tail -n 30 "$root/fuzz-$t.log"
	fi
	grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "$root/fuzz-$t.log" | tail -n 2
done
exit $fail
