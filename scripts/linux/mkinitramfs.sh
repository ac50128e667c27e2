#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the Linux test initramfs: an uncompressed newc cpio (the kernel
# unpacks it faster than a compressed one) with busybox, perf and its
# libraries and loader, arm_spe_pmu, the workload and /init (init.sh).
#
#   scripts/linux/mkinitramfs.sh FETCHDIR OUT.cpio
#
# FETCHDIR is what fetch.sh produced. Needs aarch64-linux-gnu-gcc (for the
# workload) and GNU cpio. The same inputs give the same bytes.
set -eu

fx=${1:?usage: mkinitramfs.sh FETCHDIR OUT.cpio}
outcpio=${2:?usage: mkinitramfs.sh FETCHDIR OUT.cpio}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
CC=${CROSS_CC:-aarch64-linux-gnu-gcc}

for f in "$fx/busybox" "$fx/perf-root/usr/bin/perf" "$fx/modules/load-order"; do
	[ -e "$f" ] || { echo "mkinitramfs: $f missing: run fetch.sh first" >&2; exit 1; }
done

root="$outcpio.root"
rm -rf "$root"
mkdir -p "$root/bin" "$root/lib/modules" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
cp "$fx/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"	# for /init's "#!/bin/sh"
cp -R "$fx/perf-root/." "$root/"
cp "$fx/modules/"*.ko "$fx/modules/load-order" "$root/lib/modules/"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox" "$root/usr/bin/perf"
# The workload: static, no C library, symbols kept for the host checker.
"$CC" -O2 -static -nostdlib -ffreestanding -fno-pie -no-pie -fno-stack-protector \
	-Wl,--build-id=none -o "$root/workload" "$src/tests/linux/workload.c"

find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc --owner=0:0 --reproducible) >"$outcpio.tmp"
mv "$outcpio.tmp" "$outcpio"
echo "mkinitramfs: $outcpio ($(($(wc -c <"$outcpio") / 1024)) KiB)"
