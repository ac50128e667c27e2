#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The main demo (`make demo`): boot the demo guest of the build (SPE demo
# when it exists) and show what it prints. Exit status: vspe demo's.
set -eu
BUILD=${1:-build}
if [ ! -x "$BUILD/vspe" ]; then
	echo "demo: $BUILD/vspe is missing: run 'make build' first" >&2
	exit 1
fi
exec timeout 300 "$BUILD/vspe" demo
