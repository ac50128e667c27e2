#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# check-perf.sh against known inputs, no guest needed: the decoder's seed
# SPE file (decode/tests/data/seed-small.data: 6 records at EL1, so the
# workload check must refuse it), a corrupted copy, a cut one, no markers.
#   check-perf-selftest.sh SRCDIR WORKDIR
src=${1:?usage: check-perf-selftest.sh SRCDIR WORKDIR}; w=${2:?}
command -v perf >/dev/null || { echo "selftest: no host perf: skipped"; exit 77; }
chk="$src/tests/linux/check-perf.sh"
f="$src/decode/tests/data/seed-small.data"
mkdir -p "$w"
bad=0
expect() {	# NAME EXPECTED-RC EXPECTED-LINE LOG
	out=$(sh "$chk" "$4" "$w" spe 2>&1); rc=$?
	if [ $rc != "$2" ] || ! echo "$out" | grep -qxF "$3"; then
		echo "selftest $1: FAIL (rc $rc, want $2 and the line \"$3\"):"; echo "$out"; bad=1
	else
		echo "selftest $1: ok"
	fi
}
mklog() {	# FILE SIZE MD5 LOG [lines to keep of base64]
	{ echo "junk before"; echo "VSPE-LINUX: perf.data begin $2 $3"
	  base64 "$1" | head -n "${5:-100000}" | sed 's/$/\r/'; echo "VSPE-LINUX: perf.data end"; } >"$4"
}
size=$(wc -c <"$f"); sum=$(md5sum <"$f" | cut -d' ' -f1)

mklog "$f" "$size" "$sum" "$w/good.log"
expect decodes 1 "check-perf: 6 SPE records" "$w/good.log"
expect el1-not-workload 1 "check-perf: FAIL: samples do not fall in the workload's functions" "$w/good.log"
mklog "$f" "$size" 0123456789abcdef0123456789abcdef "$w/md5.log"
expect md5 1 "check-perf: FAIL: perf.data MD5 differs from the guest's 0123456789abcdef0123456789abcdef" "$w/md5.log"
mklog "$f" "$size" "$sum" "$w/cut.log" 10
expect cut 1 "check-perf: FAIL: perf.data is 570 bytes, the guest said $size" "$w/cut.log"
echo "no markers" >"$w/none.log"
expect none 1 "check-perf: FAIL: no 'VSPE-LINUX: perf.data begin' marker in $w/none.log" "$w/none.log"
head -c 1000 "$f" >"$w/trunc.data"
mklog "$w/trunc.data" 1000 "$(md5sum <"$w/trunc.data" | cut -d' ' -f1)" "$w/trunc.log"
out=$(sh "$chk" "$w/trunc.log" "$w" spe 2>&1) && { echo "selftest truncated-file: FAIL (accepted)"; bad=1; } ||
	echo "selftest truncated-file: ok ($(echo "$out" | tail -n 1 | cut -c1-100))"
exit $bad
