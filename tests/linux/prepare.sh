#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# CTest fixture: fetch the Debian packages (cached in DIR) and build
# DIR/initramfs.cpio. 77 (skip) when the host lacks the tools.
#   prepare.sh SRCDIR DIR
src=${1:?usage: prepare.sh SRCDIR DIR}; dir=${2:?}
for t in apt-get dpkg-deb cpio aarch64-linux-gnu-gcc; do
	command -v $t >/dev/null || { echo "prepare: no $t: skipped"; exit 77; }
done
"$src/scripts/linux/fetch.sh" "$dir" || exit 1
"$src/scripts/linux/mkinitramfs.sh" "$dir" "$dir/initramfs.cpio" || exit 1
# The same inputs give the same bytes.
"$src/scripts/linux/mkinitramfs.sh" "$dir" "$dir/again.cpio" >/dev/null || exit 1
cmp "$dir/initramfs.cpio" "$dir/again.cpio" || { echo "prepare: the initramfs is not reproducible"; exit 1; }
rm -rf "$dir/again.cpio" "$dir/again.cpio.root"
echo "prepare: initramfs reproducible, MD5 $(md5sum <"$dir/initramfs.cpio" | cut -d' ' -f1)"
cat "$dir/packages.txt"
