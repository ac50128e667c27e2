#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Decode benchmark: one run, one deterministic trace, vspe against Linux perf.
#   vspe dump          vs  perf report -D          (goal >= 50x)
#   vspe raw decode    vs  perf script --itrace=e  (goal >= 3x and > 1 GB/s)
#   vspe report        vs  perf report --stdio     (goal >= 10x)
# usage: bench/decode/run.sh [BUILD_DIR] [TRACE_BYTES] [WORK_DIR]
# perf runs are capped with `timeout`; a perf run that hits the cap is
# reported as a lower bound of the ratio.
set -eu
BUILD=${1:-build}
BYTES=${2:-200000000}
WORK=${3:-$(mktemp -d /tmp/vspe-bench-decode.XXXXXX)}
CAP=${PERF_TIMEOUT:-900}
BIN=$BUILD/bin
SRC=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$WORK"

elf=""
if command -v aarch64-linux-gnu-gcc >/dev/null; then
	aarch64-linux-gnu-gcc -nostdlib -static -Wl,-Ttext=0x40080000 -Wl,--build-id=none \
		-o "$WORK/guest.elf" "$SRC/decode/tests/data/guest_syms.S"
	elf="--elf $WORK/guest.elf"
fi
echo "generating a ${BYTES}-byte trace (4 CPUs, seed 1) in $WORK"
"$BIN/spe-synth" --perf "$WORK/trace.data" --raw "$WORK/trace.raw" --bytes "$BYTES" \
	--cpus 4 $elf 2>&1 | sed 's/^/  /'

ns() { date +%s%N; }
# run NAME CMD...: time CMD (stdout to /dev/null); sets T (seconds) and CAPPED.
run() {
	name=$1
	shift
	t0=$(ns)
	CAPPED=0
	"$@" >/dev/null 2>"$WORK/$name.err" || { [ $? -eq 124 ] && CAPPED=1; }
	t1=$(ns)
	T=$(echo "($t1 - $t0) / 1000000000" | bc -l)
	printf '  %-28s %9.3f s%s\n' "$name" "$T" "$([ $CAPPED = 1 ] && echo ' (capped)' || true)"
}
ratio() { echo "$2 / $1" | bc -l; }
verdict() { # ratio goal capped
	if [ "$(echo "$1 >= $2" | bc)" = 1 ]; then echo "meets >= ${2}x"; else echo "BELOW ${2}x goal"; fi
}

echo "timings:"
run "vspe dump" "$BIN/vspe-trace" dump "$WORK/trace.data"; t_dump=$T
run "perf report -D" timeout "$CAP" perf report -D -i "$WORK/trace.data"; p_dump=$T; c_dump=$CAPPED
run "vspe report" "$BIN/vspe-trace" report "$WORK/trace.data"; t_rep=$T
run "perf report --stdio" timeout "$CAP" perf report --stdio -i "$WORK/trace.data"; p_rep=$T; c_rep=$CAPPED
"$BIN/bench_decode" "$WORK/trace.raw" 3 2>/dev/null >"$WORK/raw.txt"
sed 's/^/  /' "$WORK/raw.txt"
t_raw=$(awk '/^record-decode/ {print $7}' "$WORK/raw.txt")
gbs=$(awk '/^record-decode/ {print $9}' "$WORK/raw.txt")
run "perf script --itrace=e" timeout "$CAP" perf script --itrace=e -i "$WORK/trace.data"; p_raw=$T; c_raw=$CAPPED

r1=$(ratio "$t_dump" "$p_dump"); r2=$(ratio "$t_rep" "$p_rep"); r3=$(ratio "$t_raw" "$p_raw")
lb() { [ "$1" = 1 ] && echo ">=" || echo ""; }
echo "ratios (perf time / vspe time):"
printf '  dump   vs perf report -D         %s%8.1fx  %s\n' "$(lb $c_dump)" "$r1" "$(verdict "$r1" 50)"
printf '  report vs perf report --stdio    %s%8.1fx  %s\n' "$(lb $c_rep)" "$r2" "$(verdict "$r2" 10)"
printf '  decode vs perf script --itrace=e %s%8.1fx  %s; %.2f GB/s %s\n' "$(lb $c_raw)" "$r3" \
	"$(verdict "$r3" 3)" "$gbs" "$([ "$(echo "$gbs > 1" | bc)" = 1 ] && echo '(> 1 GB/s)' || echo '(BELOW 1 GB/s)')"
echo "work dir: $WORK (remove when done)"
