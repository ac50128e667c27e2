#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs the benchmarks: every bench/<area>/run.sh, or only the areas named.
#   bench/run.sh BUILD [AREA...]     e.g. bench/run.sh build machine spe-vmm
# Each area prints its own table; timings are ranges on a shared machine,
# so compare the ratios within one run.
set -eu
BUILD=${1:-build}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
	set -- $(cd "$here" && ls -d */ | tr -d / )
fi
for area in "$@"; do
	if [ ! -x "$here/$area/run.sh" ] && [ ! -f "$here/$area/run.sh" ]; then
		echo "bench: $area has no run.sh (its programs are in $BUILD/bin)"
		continue
	fi
	echo "== bench/$area"
	sh "$here/$area/run.sh" "$BUILD"
done
