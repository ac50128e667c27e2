#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The main demo: boot a guest with SPE, profile a workload, print a report.
set -eu
BUILD=${1:-build}
exec "$BUILD/vspe" demo
