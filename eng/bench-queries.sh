#!/usr/bin/env bash
# Named queries timed end to end with the CLI (process start, view set-up, query, CSV out; best of RUNS, default 3)
# over an exported dataset, before and after `analytics compact`, with the dataset's file counts. Part of
# `make bench` (eng/bench-export.sh runs it on the 1,000,000-execution export, exported with --no-compact).
# Usage: eng/bench-queries.sh DATASET   (compacts DATASET in place)
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"
runs="${RUNS:-3}"
queries=(failure_rates retry_attempts latency_percentiles top_errors state_failure_rates map_run_health durable_health)

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

files() { find "$data" -name '*.parquet' -not -path "$data/_*" | wc -l; }

# best_of LABEL ARGS…: the fastest of $runs runs of `bin/analytics query ARGS… --data $data --format csv`.
best_of() {
  local label="$1" best="" t
  shift
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e" -o "$timing" bin/analytics query "$@" --data "$data" --format csv >/dev/null 2>&1
    t=$(tail -n1 "$timing")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
  done
  printf "  %-22s %6.2f s\n" "$label" "$best"
}

timings() {
  echo "$1: $(files) Parquet files ($(du -sh --exclude=_manifest --exclude=_staging "$data" | cut -f1)), best of $runs:"
  best_of "select 1" "select 1"
  for q in "${queries[@]}"; do best_of "$q" --name "$q"; done
}

timings "before compaction"
start=$(date +%s.%N)
bin/analytics compact --out "$data"
echo "compaction took $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
timings "after compaction"
