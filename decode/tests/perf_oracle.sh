#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# perf as the oracle: a perf.data written by vspe must decode in Linux perf
# with the same records and packets as in vspe, and without warnings.
# usage: perf_oracle.sh PERF SPE_SYNTH VSPE_TRACE DATA_DIR WORK_DIR [GUEST_ELF]
set -eu
PERF=$1 SYNTH=$2 TRACE=$3 DATA=$4 WORK=$5 ELF=${6:-}
mkdir -p "$WORK"
cd "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
RECORDS=30000
CPUS=2
elfopt=""
[ -n "$ELF" ] && [ -f "$ELF" ] && elfopt="--elf $ELF"

# 1. A two-CPU trace: perf script synthesizes one instruction sample per
#    record, plus (perf 6.1, timeless decoding) one empty sample at ip 0 per
#    queue before the first record.
$SYNTH --perf t.data --records $RECORDS --cpus $CPUS $elfopt 2>/dev/null
timeout 120 $PERF script -i t.data --itrace=i1i -F ip,sym >script.out 2>script.err
[ -s script.err ] && { cat script.err; fail "perf script printed warnings"; }
n=$(wc -l <script.out)
zero=$(grep -c '^ *0 ' script.out || true)
[ "$n" -eq $((RECORDS + CPUS)) ] || fail "perf script: $n samples, want $((RECORDS + CPUS))"
[ "$zero" -eq "$CPUS" ] || fail "perf script: $zero empty samples, want $CPUS"
ours=$($TRACE report --json t.data | sed -n 's/^  "records": \([0-9]*\),$/\1/p')
[ "$ours" -eq $RECORDS ] || fail "vspe report: $ours records, want $RECORDS"
if [ -n "$elfopt" ]; then
	grep -q guest_main script.out || fail "perf did not resolve guest symbols"
fi

# 2. perf report --stdio: no warnings, every sample counted.
timeout 120 $PERF report -i t.data --stdio --itrace=i1i >report.out 2>report.err
[ -s report.err ] && { cat report.err; fail "perf report printed warnings"; }
grep -q "Event count (approx.): $((RECORDS + CPUS))" report.out || fail "perf report count"

# 3. perf report -D: the SPE packet lines equal vspe dump's, byte for byte.
timeout 120 $PERF report -i t.data -D 2>dump.err | grep -E '^\.  [0-9a-f]{8}:' >perf.dump || true
[ -s dump.err ] && { cat dump.err; fail "perf report -D printed warnings"; }
$TRACE dump t.data | grep -E '^\.  [0-9a-f]{8}:' >ours.dump
cmp perf.dump ours.dump || fail "perf report -D and vspe dump differ"
[ "$(grep -c 'TS ' ours.dump)" -eq $RECORDS ] || fail "dump: timestamp count"

# 4. The golden raw traces, wrapped into perf.data, dump the same in perf.
for g in golden-ts golden-end golden-bad; do
	$SYNTH --perf g.data --wrap "$DATA/$g.raw"
	timeout 60 $PERF report -i g.data -D 2>/dev/null | grep -E '^\.  [0-9a-f]{8}:' >g.perf || true
	grep -E '^\.  [0-9a-f]{8}:' "$DATA/$g.dump" >g.ours
	# The perf.data copy is padded to 8 bytes: perf shows one more PAD line.
	n=$(wc -l <g.ours)
	head -n "$n" g.perf | cmp - g.ours || fail "$g: perf report -D differs from $g.dump"
	[ "$(tail -n +$((n + 1)) g.perf | grep -vc ' PAD$' || true)" -eq 0 ] ||
		fail "$g: perf shows more than padding after the trace"
done
# 5. An EL0 guest image: user-space MMAP2s, symbols through the thread's maps.
#    (perf 6.1 built without an arm64 unwinder says so once on stderr for a
#    user-space arm64 DSO; that one line is perf's, not about the file.)
if [ -n "$elfopt" ]; then
	$SYNTH --perf u.data --records 3000 --el0 $elfopt 2>/dev/null
	timeout 120 $PERF script -i u.data --itrace=i1i -F ip,sym >u.out 2>u.err
	grep -v '^unwind: target platform=arm64 is not supported$' u.err >u.err2 || true
	[ -s u.err2 ] && { cat u.err2; fail "perf script (EL0) printed warnings"; }
	[ "$(wc -l <u.out)" -eq 3001 ] || fail "perf script (EL0): sample count"
	grep -q ' 40080084 guest_main' u.out || fail "perf script (EL0): symbols"
	timeout 120 $PERF report -i u.data --stdio --itrace=i1i >u.rep 2>u.rerr
	[ -s u.rerr ] && { cat u.rerr; fail "perf report (EL0) printed warnings"; }
	grep -q '\[\.\] guest_main' u.rep || fail "perf report (EL0): symbols"
fi
# 6. Files written by perf itself: perf inject rewrites ours as a normal
#    file and as a pipe-mode stream; vspe reads both with every record.
timeout 120 $PERF inject -i t.data -o inj.data 2>/dev/null
timeout 120 $PERF inject -i t.data -o - >pipe.data 2>/dev/null
for f in inj.data pipe.data; do
	n=$($TRACE report --json $f | sed -n 's/^  "records": \([0-9]*\),$/\1/p')
	[ "$n" -eq $RECORDS ] || fail "vspe report $f: $n records, want $RECORDS"
	$TRACE dump $f | grep -E '^\.  [0-9a-f]{8}:' | cmp - ours.dump || fail "vspe dump $f differs"
done

echo "perf oracle: OK ($RECORDS records, $CPUS CPUs${elfopt:+, symbols})"
