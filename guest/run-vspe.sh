#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs `vspe run ...` for a guest test whose outcome needs mapping to CTest's:
#   --expect N   pass (exit 0) when the guest's status is N, else fail (1)
#   --spe        the test needs SPE: a vspe whose hypervisor does not offer
#                SPE to guests is a skip (77), not a failure
# A skip (77) from vspe passes through. Output is shown as it is.
#   guest/run-vspe.sh [--expect N] [--spe] -- /path/to/vspe run ARGS...
set -u
EXPECT=""
SPE=0
while [ $# -gt 0 ]; do
	case "$1" in
	--expect) EXPECT=$2; shift 2 ;;
	--spe) SPE=1; shift ;;
	--) shift; break ;;
	*) echo "run-vspe.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ $# -eq 0 ]; then
	echo "usage: run-vspe.sh [--expect N] [--spe] -- VSPE run ARGS..." >&2
	exit 2
fi
ERR=$(mktemp)
trap 'rm -f "$ERR"' EXIT
"$@" 2>"$ERR"
STATUS=$?
head -c 20000 "$ERR" >&2
if [ "$STATUS" -eq 77 ]; then
	exit 77
fi
if [ "$SPE" -eq 1 ] && [ "$STATUS" -ne 0 ] && grep -q "does not offer SPE" "$ERR"; then
	echo "run-vspe.sh: no SPE for guests in this vspe: skipped" >&2
	exit 77
fi
if [ -n "$EXPECT" ]; then
	if [ "$STATUS" -eq "$EXPECT" ]; then
		exit 0
	fi
	echo "run-vspe.sh: guest status $STATUS, expected $EXPECT" >&2
	exit 1
fi
exit "$STATUS"
