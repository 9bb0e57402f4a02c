#!/usr/bin/env bash
# make demo: start the emulator on a free loopback port with the default world, export it, save the named queries'
# results as CSV, write the weekly report and print its headline block, print where everything is, stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

out="demo-out"
data="$out/data"
world="sample-data/worlds/default.json"
rm -rf "$out"
mkdir -p "$out"

. eng/emulator.sh
launch_emulator "$out/emulator.log" "$world"
trap stop_emulator EXIT
echo "emulator listening on $url (world $world)"

# The emulator checks that requests are signed; any credentials do. It has no quotas, so no client-side pacing.
AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 \
  bin/analytics export --out "$data" --endpoint-url "$url" --pacing none

# Named query results go to CSV files (a terminal full of wide tables helps nobody); the report's headline block is
# what the terminal shows.
if bin/analytics query --help 2>/dev/null | grep -q -- '--name'; then
  mkdir -p "$out/queries"
  saved=()
  for sql in queries/*.sql; do
    name=$(basename "$sql" .sql)
    case "$name" in _*) continue ;; esac
    if bin/analytics query --name "$name" --data "$data" --format csv >"$out/queries/$name.csv"; then
      saved+=("$name")
    else
      echo "(query $name failed)"
    fi
  done
  echo "saved ${#saved[@]} named queries as CSV under $out/queries/: ${saved[*]}"
else
  echo "skipping the named queries: this build's 'query' command has no --name yet"
fi

report_note="no report (this build has no 'report' command yet)"
if bin/analytics report --help >/dev/null 2>&1; then
  echo
  # Exit 1 means a partial report (e.g. an empty week): it is written and says why, so the demo goes on.
  status=0
  bin/analytics report --week 2026-W47 --data "$data" --out "$out/reports" || status=$?
  case "$status" in
    0) report_note="$out/reports/2026-W47.html (open it in a browser) and $out/reports/2026-W47.md" ;;
    1) report_note="$out/reports/2026-W47.html and .md (partial: see the notice at the top)" ;;
    *) report_note="the report failed (exit $status)" ;;
  esac
fi

echo
echo "dataset:  $data  (Hive-partitioned Parquet; manifest in $data/_manifest)"
echo "queries:  $out/queries/*.csv (one CSV per named query)"
echo "report:   $report_note"
echo "try:      bin/analytics query --data $data --name failure_rates --param start=2026-11-16 --param end=2026-11-23"
