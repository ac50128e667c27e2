#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `make demo-linux`: Debian's arm64 kernel boots under vspe with SPE, its
# own arm_spe_pmu driver probes the virtual SPE, `perf record -e arm_spe_0//`
# profiles a workload in the guest, the guest prints perf.data on its
# console, and the host decodes it and reports where the samples fell.
#   scripts/linux/demo.sh [BUILD]
# The first run fetches Debian's packages by name (about 100 MB, as root:
# scripts/linux/fetch.sh) into BUILD/linux; later runs reuse them.
# Environment: CPUS (2), DEMO_TIMEOUT (600 s).
set -u
B=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
D="$B/linux"
cpus=${CPUS:-2}
[ -x "$B/vspe" ] || { echo "demo-linux: $B/vspe is missing: run 'make build' first" >&2; exit 1; }
if [ ! -f "$D/initramfs.cpio" ]; then
	echo "demo-linux: fetching Debian's kernel, busybox and perf into $D (once)"
	sh "$src/tests/linux/prepare.sh" "$src" "$D" >"$B/linux-prepare.log" 2>&1 ||
		{ tail -n 20 "$B/linux-prepare.log"; echo "demo-linux: preparing the initramfs failed" >&2; exit 1; }
fi
log="$B/demo-linux.log"
echo "demo-linux: vspe run --spe --cpus $cpus --kernel $D/Image --initrd $D/initramfs.cpio (console in $log)"
LINUX_TIMEOUT=${DEMO_TIMEOUT:-600} "$src/scripts/linux/run.sh" "$B/vspe" "$D" "$D/initramfs.cpio" spe "$log" \
	"$cpus" --mark "VSPE-LINUX: "
rc=$?
# The guest's story, without the base64 dump.
tr -d '\r' <"$log" | grep -a -E '^(VSPE-LINUX: |vspe: (mark|spe total|[0-9]))|arm_spe_pmu' |
	grep -v '^VSPE-LINUX: perf.data \(begin\|end\)' | head -n 40
if [ $rc != 0 ] || ! grep -aq 'VSPE-LINUX: perf.data end' "$log"; then
	echo "demo-linux: the guest did not get through its perf run (status $rc);" \
		"see $log and docs/linux-guest.md" >&2
	exit 1
fi
unit=$(tr -d '\r' <"$log" | sed -n 's/^vspe: spe total: records \([0-9]*\),.*/\1/p' | tail -n 1)
"$src/tests/linux/check-perf.sh" "$log" "$D/initramfs.cpio.root" spe "$unit" || exit 1
echo "demo-linux: the guest's perf.data is $log.perf.data (perf report -i reads it);"
echo "demo-linux: samples per symbol (perf script, --symfs the initramfs):"
awk '{ print ($2 == "" ? "[unknown]" : $2) }' "$log.perf.data.script" | sort | uniq -c | sort -rn | head -n 10
