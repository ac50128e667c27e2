#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The main demo (`make demo`): boot the SPE demo guest of the build, which
# profiles a pointer chase and a branchy loop with SPE; its trace goes to
# BUILD/demo.data (perf.data: `perf report -i` reads it too), then
# `vspe report` shows where the samples fell. Exit status: vspe demo's.
set -eu
BUILD=${1:-build}
if [ ! -x "$BUILD/vspe" ]; then
	echo "demo: $BUILD/vspe is missing: run 'make build' first" >&2
	exit 1
fi
exec timeout 120 "$BUILD/vspe" demo -o "$BUILD/demo.data"
