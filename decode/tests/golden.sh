#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Golden outputs: vspe-trace dump/report of the checked-in traces must not
# change, and spe-synth must still make the same bytes.
# usage: golden.sh VSPE_TRACE SPE_SYNTH DATA_DIR WORK_DIR
set -eu
TRACE=$1 SYNTH=$2 DATA=$3 WORK=$4
mkdir -p "$WORK"
cd "$DATA"
for g in golden-ts golden-end golden-bad; do
	$TRACE dump $g.raw 2>/dev/null | cmp - $g.dump
	$TRACE report --json $g.raw | cmp - $g.json
done
$SYNTH --raw "$WORK/ts.raw" --records 64 --seed 7 2>/dev/null
cmp "$WORK/ts.raw" golden-ts.raw
$SYNTH --raw "$WORK/end.raw" --records 64 --seed 9 --no-ts --context 42 2>/dev/null
cmp "$WORK/end.raw" golden-end.raw
# Bad usage and bad files give errors, not crashes.
if $TRACE dump /nonexistent 2>/dev/null; then exit 1; fi
if $TRACE report --top 0 golden-ts.raw 2>/dev/null; then exit 1; fi
printf 'PERFILE2\020\000\000' >"$WORK/bad.data"
if $TRACE report "$WORK/bad.data" 2>/dev/null; then exit 1; fi
$TRACE dump --help >/dev/null
$TRACE report --help >/dev/null
$TRACE report --html "$WORK/r.html" golden-ts.raw >/dev/null
grep -q '<svg' "$WORK/r.html"
if grep -q '<script' "$WORK/r.html"; then exit 1; fi
echo "golden: OK"
