#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Host-side check of the perf.data a guest printed on its console.
#
#   check-perf.sh LOG SYMFS [spe|sw [RECORDS]]
#
# 1. takes the base64 between "VSPE-LINUX: perf.data begin SIZE MD5" and
#    "VSPE-LINUX: perf.data end" (less any line of vspe's own: "vspe: ...",
#    which base64 cannot hold, as it has no ':' or ' '), decodes it to LOG.perf.data and checks
#    its size and MD5;
# 2. decodes it with the host's perf (`perf report -D`, `perf script`):
#    nothing on stderr but perf's known notes, no bad SPE packets;
# 3. for spe: counts the SPE records (one PC packet each) and requires at
#    least one, or exactly RECORDS when given (what vspe's SPE units say
#    they wrote: `vspe run --stats`);
# 4. attributes samples to symbols with SYMFS (the initramfs root, which
#    holds /workload): user-space samples must be mostly (>= 50%) in the
#    workload's functions; for spe both workload_fill and workload_walk
#    must be seen (SPE samples by operation count; cpu-clock under TCG
#    lands unevenly, so sw only needs workload samples).
# Prints the counts. Exit 0 = good, 1 = bad, 77 = no host perf.
set -u
log=${1:?usage: check-perf.sh LOG SYMFS [spe|sw [RECORDS]]}
symfs=${2:?}; kind=${3:-spe}; want_recs=${4:-}
PERF=${PERF:-perf}
command -v "$PERF" >/dev/null || { echo "check-perf: no host perf: skipped"; exit 77; }
data="$log.perf.data"
fail() { echo "check-perf: FAIL: $*"; exit 1; }

hdr=$(tr -d '\r' <"$log" | grep -a '^VSPE-LINUX: perf.data begin ' | head -n 1)
[ -n "$hdr" ] || fail "no 'VSPE-LINUX: perf.data begin' marker in $log"
size=$(echo "$hdr" | cut -d' ' -f4); sum=$(echo "$hdr" | cut -d' ' -f5)
tr -d '\r' <"$log" |
	sed -n '/^VSPE-LINUX: perf.data begin /,/^VSPE-LINUX: perf.data end$/p' |
	sed '1d;$d' | grep -av '^vspe[: ]' | base64 -d >"$data" 2>/dev/null ||
	fail "base64 does not decode"
[ "$(wc -c <"$data")" = "$size" ] || fail "perf.data is $(wc -c <"$data") bytes, the guest said $size"
[ "$(md5sum <"$data" | cut -d' ' -f1)" = "$sum" ] || fail "perf.data MD5 differs from the guest's $sum"
echo "check-perf: perf.data $size bytes, MD5 $sum"

# perf's notes that are not about the file: the host cannot unwind arm64
# and has no guest kernel symbols; perf 6.1's script says its default
# itrace period (nanoseconds) does not apply to SPE, every time.
benign='unwind: target platform=arm64 is not supported|No kallsyms or vmlinux with build-id'
benign="$benign|Only instruction-based sampling period is currently supported by Arm SPE|^\$"
"$PERF" report -D -i "$data" >"$data.dump" 2>"$data.err" || fail "perf report -D failed: $(head -c 500 "$data.err")"
if grep -vE "$benign" "$data.err" | grep -q .; then
	fail "perf report -D warned: $(grep -vE "$benign" "$data.err" | head -n 5)"
fi
if grep -qiE 'bad packet|ARM SPE: .*(error|fail)' "$data.dump"; then
	fail "undecodable SPE data: $(grep -iE 'bad packet|error' "$data.dump" | head -n 3)"
fi
if [ "$kind" = spe ]; then
	recs=$(grep -cE '^\.[ ]+[0-9a-f]{8}: .* PC 0x' "$data.dump")
	[ "$recs" -gt 0 ] || fail "no SPE records in perf.data"
	echo "check-perf: $recs SPE records"
	if [ -n "$want_recs" ]; then
		[ "$recs" = "$want_recs" ] ||
			fail "perf.data holds $recs SPE records, the SPE units wrote $want_recs"
		echo "check-perf: as many as the SPE units wrote ($want_recs)"
	fi
fi

"$PERF" script -i "$data" --symfs "$symfs" -F ip,sym >"$data.script" 2>"$data.err" ||
	fail "perf script failed: $(head -c 500 "$data.err")"
if grep -vE "$benign" "$data.err" | grep -q .; then
	fail "perf script warned: $(grep -vE "$benign" "$data.err" | head -n 5)"
fi
# User space is below 0x0001000000000000 (48-bit VA, 4K pages).
awk -v both=$([ "$kind" = spe ] && echo 1 || echo 0) '
	{ ip = $1; sym = $2 }
	length(ip) < 16 || ip ~ /^0000/ {
		user++
		if (sym ~ /^(workload_|_start$)/) inw++
		if (sym == "workload_fill") fill++
		if (sym == "workload_walk") walk++
		next
	}
	{ kern++ }
	END {
		printf "check-perf: %d samples: %d kernel, %d user, %d in the workload (fill %d, walk %d)\n",
			user + kern, kern, user, inw, fill, walk
		if (user == 0 || inw * 2 < user || inw == 0) exit 1
		if (both && (fill == 0 || walk == 0)) exit 1
	}' "$data.script" || fail "samples do not fall in the workload's functions"
echo "check-perf: OK"
