#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Run one fuzz target for a bounded time from a seed corpus.
# usage: run_fuzz.sh TARGET SECONDS WORK_DIR SEED_FILE...
set -eu
TARGET=$1 SECS=$2 WORK=$3
shift 3
rm -rf "$WORK"
mkdir -p "$WORK/corpus"
for s in "$@"; do cp "$s" "$WORK/corpus/"; done
cd "$WORK"
exec "$TARGET" -max_total_time="$SECS" -rss_limit_mb=1024 -max_len=65536 \
	-print_final_stats=1 corpus
