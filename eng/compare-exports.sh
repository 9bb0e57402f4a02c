#!/usr/bin/env bash
# Compares two builds of the CLI on one emulator (issue 10's acceptance: the SQL-level behaviour unchanged, and the
# export's CPU seconds per exported execution).
#   eng/compare-exports.sh OLD_BIN NEW_BIN [WORLD]     (BIN: a runnable `analytics`, e.g. bin/analytics)
# One emulator (NEW_BIN's, --quotas none) serves WORLD (default sample-data/worlds/default.json; SCALE=N scales it,
# NO_LOGS=1 drops its CloudWatch Logs);
# each build exports it RUNS times (default 2), alternating old, new, old, new, with --pacing none under
# /usr/bin/time. Prints each export's CPU s (user + sys) per exported execution, then, over the first export of
# each, every table both datasets have, each binary querying its own dataset over the columns both have, minus run
# ids (run_id, export_run_id) and export_runs' clock stamps: "equal", or the rows only in old / only in new.
# COMPARE_DIR=/path keeps the datasets and dumps there (default: a temporary folder, deleted).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_BIN NEW_BIN [WORLD]" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2") world=${3:-sample-data/worlds/default.json}
cd "$(dirname "$0")/.."
work=${COMPARE_DIR:-$(mktemp -d)}
mkdir -p "$work" && work=$(realpath "$work")
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${COMPARE_DIR:-}" ] || rm -rf "$work"' EXIT
if [ -n "${SCALE:-}${NO_LOGS:-}" ]; then
  # NO_LOGS=1 drops the state machines' `logging`: no EXPRESS log crawl, which builds before issue 13 lack.
  sed -e "s/\"scale\": 1.0/\"scale\": ${SCALE:-1.0}/" -e "${NO_LOGS:+/\"logging\":/d}" "$world" > "$work/world.json"
  world="$work/world.json"
fi

. eng/emulator.sh
ANALYTICS_BIN="$new" launch_emulator "$work/emulator.log" "$world" --quotas none
export AWS_ACCESS_KEY_ID=compare AWS_SECRET_ACCESS_KEY=compare AWS_REGION=us-east-1

echo "== exports of ${3:-sample-data/worlds/default.json}${SCALE:+ ×$SCALE}${NO_LOGS:+ without logging} (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 1 "${RUNS:-2}"); do
  for side in old new; do
    bin=${!side} extra=()
    # --no-compact where the build has it (compaction came after the old write path), as bench-export.sh part 1.
    "$bin" export --help 2>&1 | grep -q -- --no-compact && extra=(--no-compact)
    /usr/bin/time -f "%e %M %U %S" -o "$work/time-$side-$i" "$bin" export --out "$work/$side-$i" --endpoint-url "$url" \
      --pacing none "${extra[@]}" >"$work/out-$side-$i.txt" 2>"$work/err-$side-$i.txt" || echo "$side export $i exited with $?"
    read -r elapsed rss user sys < "$work/time-$side-$i"
    executions=$(sed -n 's/^export [^:]*: \([0-9]*\) executions.*/\1/p' "$work/out-$side-$i.txt")
    events=$(sed -n 's/.* \([0-9]*\) events,.*/\1/p' "$work/out-$side-$i.txt")
    awk -v s="$side" -v i="$i" -v e="$executions" -v ev="$events" -v t="$elapsed" -v r="$rss" -v u="$user" -v y="$sys" \
      -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      printf "%s #%d: %d executions, %d events, %.1f s wall, CPU %.2f s = %.3f ms per exported execution, %.2f us per event, peak RSS %.0f MB, load %s\n",
        s, i, e, ev, t, u + y, 1000 * (u + y) / e, 1e6 * (u + y) / ev, r / 1024, l
      print s, 1000 * (u + y) / e >> "/dev/stderr" }' 2>>"$work/cpu.txt"
  done
done
stop_emulator
awk '{ cpu[$1] += $2; n[$1]++ }
  END { if (n["old"] && n["new"]) printf "CPU per exported execution, mean: old %.3f ms, new %.3f ms = %.2fx old (%+.0f %%)\n",
    cpu["old"] / n["old"], cpu["new"] / n["new"], (cpu["new"] / n["new"]) / (cpu["old"] / n["old"]),
    100 * ((cpu["new"] / n["new"]) / (cpu["old"] / n["old"]) - 1) }' "$work/cpu.txt"

echo "== row dumps, table by table (old-1 vs new-1)"
# dump BIN SIDE SQL: SQL's result over SIDE's first dataset as CSV rows, with BIN's own views (from beside it: a
# queries/ folder in the working directory would win).
dump() { (cd / && "$1" query --data "$work/$2-1" --format csv "$3") | tail -n +2 | tr -d '\r'; }
# filled BIN SIDE: the columns of $common with a value in some row of $table in SIDE's first dataset, sorted.
filled() {
  paste -d' ' <(dump "$1" "$2" "SELECT $counts FROM $table" | tr ',' '\n') <(cat <<<"$common") | awk '$1 > 0 { print $2 }' | sort
}
columns="SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' ORDER BY ALL"
dump "$old" old "$columns" | sort >"$work/columns-old"
dump "$new" new "$columns" | sort >"$work/columns-new"
for table in $(comm -12 <(cut -d, -f1 "$work/columns-old" | uniq) <(cut -d, -f1 "$work/columns-new" | uniq)); do
  skip='^(run_id|export_run_id)$'
  [ "$table" = export_runs ] && skip='^(run_id|export_run_id|started_at|finished_at|window_end)$'
  common=$(comm -12 "$work/columns-old" "$work/columns-new" | awk -F, -v t="$table" -v s="$skip" '$1 == t && $2 !~ s { print $2 }')
  # A column the old build never filled and the new one does (its old views read NULL, e.g. account_id and region
  # before issue 12) is named, not compared: an addition. Columns NULL in both are still compared.
  counts=$(awk '{ printf "%scount(\"%s\") AS \"%s\"", (NR > 1 ? ", " : ""), $1, $1 }' <<<"$common")
  unfilled=$(join -v1 <(filled "$new" new) <(filled "$old" old) | tr '\n' ' ')
  cols=$(grep -vxF -f <(tr ' ' '\n' <<<"$unfilled" | grep .) <<<"$common" | awk '{ printf "%s\"%s\"", (NR > 1 ? ", " : ""), $1 }' || true)
  # One JSON object a row: a value's newlines stay escaped, so sort and comm see one line per row.
  sql="SELECT to_json(r) FROM (SELECT $cols FROM $table) r"
  for side in old new; do
    dump "${!side}" "$side" "$sql" | LC_ALL=C sort >"$work/dump-$side-$table"
  done
  only_old=$(LC_ALL=C comm -23 "$work/dump-old-$table" "$work/dump-new-$table" | wc -l)
  only_new=$(LC_ALL=C comm -13 "$work/dump-old-$table" "$work/dump-new-$table" | wc -l)
  if [ "$only_old" = 0 ] && [ "$only_new" = 0 ]; then
    printf '%-20s equal (%d rows)' "$table" "$(wc -l <"$work/dump-old-$table")"
  else
    printf '%-20s differ: %d rows old, %d new; %d only in old, %d only in new' "$table" \
      "$(wc -l <"$work/dump-old-$table")" "$(wc -l <"$work/dump-new-$table")" "$only_old" "$only_new"
  fi
  echo "${unfilled:+; not filled by old: $unfilled}"
done
for side in old new; do
  other=$([ $side = old ] && echo new || echo old)
  comm -23 "$work/columns-$side" "$work/columns-$other" | awk -F, -v s="$side" '$1 != t { printf "%s%s:", t ? "; " : "columns only in " s ": ", $1; t = $1 }
    { printf " %s", $2 } END { if (t) print "" }'
done
