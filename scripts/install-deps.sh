#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Installs what vspe needs from Debian's packages; does nothing for what is
# already there, so it is safe to run on every `make demo` and in CI.
set -eu
PKGS="pkg-config libunicorn-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
libelf-dev libfdt-dev libcmocka-dev qemu-system-arm linux-perf device-tree-compiler
cpio"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
