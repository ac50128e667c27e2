#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run one guest ELF on QEMU's virt board and exit with the guest's status:
# the value of its last "EXIT: STATUS=<n>" line (0 pass, 1 fail, 2 abort,
# 77 skip); no such line (crash, hang, timeout) is a failure (status 3).
#   scripts/run-qemu.sh [--smp N] [--append "args"] [--timeout S] guest.elf
set -u
SMP=1
APPEND=""
TIMEOUT=120
EXPECT=""
ICOUNT=""
while [ $# -gt 1 ]; do
	case "$1" in
	--icount) ICOUNT="-icount shift=0,sleep=off"; shift ;;
	--smp) SMP=$2; shift 2 ;;
	--append) APPEND=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--expect) EXPECT=$2; shift 2 ;;
	*) echo "run-qemu.sh: unknown option $1" >&2; exit 3 ;;
	esac
done
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
	echo "usage: run-qemu.sh [--smp N] [--append ARGS] [--timeout S] [--expect N] [--icount] guest.elf" >&2
	exit 3
fi
ELF=$1
QEMU=${QEMU:-qemu-system-aarch64}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

timeout "$TIMEOUT" "$QEMU" -M virt,gic-version=3 -cpu max -smp "$SMP" -m 128M \
	-nographic -no-reboot $ICOUNT -kernel "$ELF" -append "$APPEND" \
	</dev/null >"$LOG" 2>&1
QRC=$?
# Bounded echo of the guest's output for the CTest log.
head -c 100000 "$LOG" | tr -d '\r'
STATUS=$(tr -d '\r' <"$LOG" | sed -n 's/^EXIT: STATUS=\([0-9][0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$STATUS" ]; then
	echo "run-qemu.sh: no EXIT: STATUS line (qemu exit $QRC)" >&2
	exit 3
fi
if [ -n "$EXPECT" ]; then
	if [ "$STATUS" -eq "$EXPECT" ]; then
		exit 0
	fi
	echo "run-qemu.sh: guest status $STATUS, expected $EXPECT" >&2
	exit 1
fi
exit "$STATUS"
