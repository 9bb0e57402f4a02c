#!/usr/bin/env bash
# Full-size crash and fault storm (SPEC §9; the test suite runs small versions of both in
# tests/Analytics.Export.Tests: ExportReliabilityTests and PartialMapRunTests):
#   1. a clean export of the world: the reference;
#   2. KILLS (default 30) exports into a second dataset, each killed with SIGKILL at a random moment of the run, then
#      one run to completion: every table must equal the reference's (no duplicate, no missing row);
#   3. unless STORM_SKIP_FAULTS=1: exports of the world scaled by FAULT_SCALE (default 0.1: with the CLI's own
#      retries and backoffs a run under this mix takes ~8 minutes even so) against an emulator with the hard fault mix
#      (--throttle-rate 0.5 --error-rate 0.2 --reset-rate 0.05 --truncate-rate 0.05), run after run (at most RUNS,
#      default 10), until its history tables equal a clean export's; prints each run's exit code and the runs it took.
# Needs bin/analytics (make build). WORLD=file picks the world (default sample-data/worlds/default.json; SCALE=N
# scales it), STORM_DIR=/path holds the datasets (default a temporary folder, deleted at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-30}
max_runs=${RUNS:-10}
world=${WORLD:-sample-data/worlds/default.json}
work=$(mktemp -d "${STORM_DIR:-${TMPDIR:-/tmp}}/crash-storm.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${SCALE:-}" ]; then
  sed "s/\"scale\": 1.0/\"scale\": $SCALE/" "$world" > "$work/world.json"
  world="$work/world.json"
fi
export AWS_ACCESS_KEY_ID=storm AWS_SECRET_ACCESS_KEY=storm AWS_REGION=us-east-1

. eng/emulator.sh
start_emulator() { # $1 = log name, further arguments go to the emulator; sets $url
  local name="$1"
  shift
  launch_emulator "$work/emulator-$name.log" "$world" --quotas none "$@"
}

export_into() { # $1 = dataset; the exit code is the export's
  bin/analytics export --out "$1" --endpoint-url "$url" --pacing none >>"$work/export.log" 2>&1
}

# One line per table: rows and an order-independent checksum of the rows (export run ids aside).
tables=(executions events state_visits task_attempts map_runs durable_executions durable_events durable_operations)
fingerprint() { # $1 = dataset, further arguments: tables
  local data="$1"
  shift
  for table in "$@"; do
    printf '%s ' "$table"
    bin/analytics query --data "$data" --format csv 2>/dev/null \
      "SELECT count(*) AS n, sum(hash(to_json(x)::VARCHAR)::HUGEINT) AS h FROM (SELECT * EXCLUDE (export_run_id) FROM $table) x" | tail -n1
  done
}

start_emulator clean
echo "== reference: clean export of $world"
started=$(date +%s.%N)
export_into "$work/reference"
clean_s=$(echo "$(date +%s.%N) - $started" | bc)
echo "clean export: ${clean_s} s"
fingerprint "$work/reference" "${tables[@]}" state_machines functions > "$work/reference.txt"
cat "$work/reference.txt"

echo "== crash storm: $kills exports killed with SIGKILL, then one run to completion"
done_kills=0
for attempt in $(seq 1 $((kills * 3))); do
  [ "$done_kills" -ge "$kills" ] && break
  delay=$(awk -v s="$RANDOM" -v c="$clean_s" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 0.8 * c }')
  bin/analytics export --out "$work/storm" --endpoint-url "$url" --pacing none >>"$work/export.log" 2>&1 &
  pid=$!
  sleep "$delay"
  # bin/analytics execs dotnet, so $pid is the export process itself.
  if kill -9 "$pid" 2>/dev/null; then done_kills=$((done_kills + 1)); fi
  wait "$pid" 2>/dev/null || true
done
echo "killed $done_kills runs"
export_into "$work/storm"
fingerprint "$work/storm" "${tables[@]}" state_machines functions > "$work/storm.txt"
if diff "$work/reference.txt" "$work/storm.txt"; then
  echo "crash storm: the dataset equals the reference"
else
  echo "crash storm: the dataset DIFFERS from the reference"; exit 1
fi

if [ "${STORM_SKIP_FAULTS:-}" != 1 ]; then
  stop_emulator
  sed "s/\"scale\": [0-9.]*/\"scale\": ${FAULT_SCALE:-0.1}/" "$world" > "$work/fault-world.json"
  world="$work/fault-world.json"
  start_emulator fault-reference --seed 11 # the faults run's seed: --seed also seeds the world
  export_into "$work/fault-reference"
  fingerprint "$work/fault-reference" "${tables[@]}" > "$work/reference-history.txt"
  stop_emulator
  start_emulator faults --throttle-rate 0.5 --error-rate 0.2 --reset-rate 0.05 --truncate-rate 0.05 --seed 11
  echo "== fault mix: --throttle-rate 0.5 --error-rate 0.2 --reset-rate 0.05 --truncate-rate 0.05, run until equal"
  for run in $(seq 1 "$max_runs"); do
    code=0
    export_into "$work/faults" || code=$?
    fingerprint "$work/faults" "${tables[@]}" > "$work/faults.txt"
    if diff -q "$work/reference-history.txt" "$work/faults.txt" >/dev/null; then
      echo "run $run: exit $code, the history tables equal the reference: converged in $run runs"
      exit 0
    fi
    echo "run $run: exit $code, $(diff "$work/reference-history.txt" "$work/faults.txt" | grep -c '^>') table(s) still differ"
  done
  echo "fault mix: not converged after $max_runs runs"; exit 1
fi
