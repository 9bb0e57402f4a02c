#!/usr/bin/env bash
# Named queries timed end to end with the CLI (process start, view set-up, query, CSV out; best of RUNS, default 3)
# over an exported dataset, before and after `analytics compact`, with the dataset's file counts. Part of
# `make bench` (eng/bench-export.sh runs it on the 1,000,000-execution export, exported with --no-compact).
# Usage: eng/bench-queries.sh DATASET   (compacts DATASET in place)
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"
runs="${RUNS:-3}"
# Every named query (queries/*.sql; files starting with '_' are the views script).
queries=()
for f in queries/[a-z]*.sql; do queries+=("$(basename "$f" .sql)"); done

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

files() { find "$data" -name '*.parquet' -not -path "$data/_*" | wc -l; }

# best_of LABEL ARGS…: the fastest of $runs runs of `bin/analytics query ARGS… --data $data --format csv`, wall
# clock and CPU (user + sys: on a shared machine the wall clock mostly measures the neighbours).
best_of() {
  local label="$1" best="" cpu="" t c
  shift
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$timing" bin/analytics query "$@" --data "$data" --format csv >/dev/null 2>&1
    read -r t c < <(tail -n1 "$timing" | awk '{ print $1, $2 + $3 }')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
    cpu=$(awk -v a="$cpu" -v b="$c" 'BEGIN { print (a == "" || b < a) ? b : a }')
  done
  printf "  %-22s %6.2f s  (CPU %.2f s)\n" "$label" "$best" "$cpu"
}

per_table() {
  for t in "$data"/[!_]*/; do printf ' %s %d' "$(basename "$t")" "$(find "$t" -name '*.parquet' | wc -l)"; done
}

timings() {
  echo "$1: $(files) Parquet files ($(du -sh --exclude=_manifest --exclude=_staging "$data" | cut -f1)), best of $runs, load average $(cut -d' ' -f1-3 /proc/loadavg):"
  echo "  files per table:$(per_table)"
  best_of "select 1" "select 1"
  for q in "${queries[@]}"; do best_of "$q" --name "$q"; done
}

timings "before compaction"
files_before=$(files)
/usr/bin/time -f "%e %U %S %M" -o "$timing" bin/analytics compact --out "$data"
awk -v b="$files_before" -v a="$(files)" '{ printf "compaction: %d -> %d files in %.1f s wall, %.1f CPU s, peak RSS %.0f MB (target <= 512)\n", b, a, $1, $2 + $3, $4 / 1024 }' "$timing"
timings "after compaction"
