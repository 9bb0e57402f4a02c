# Sourced by the eng/ scripts: starts the emulator on a free loopback port and waits for its URL.
# launch_emulator LOG WORLD [emulator arguments…]: runs `bin/analytics emulator --port 0 --world WORLD …` in the
# background (ANALYTICS_BIN picks another build) with its output in LOG; sets $emulator_pid and $url (exits with the log shown if it never listens).
launch_emulator() {
  local log="$1" world="$2"
  shift 2
  "${ANALYTICS_BIN:-bin/analytics}" emulator --port 0 --world "$world" "$@" >"$log" 2>&1 &
  emulator_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -n1 || true)
    [ -n "$url" ] && return 0
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "the emulator did not start:"; cat "$log"; exit 1
}

# stop_emulator: stops the one launch_emulator started last.
stop_emulator() {
  kill "$emulator_pid" 2>/dev/null || true
  wait "$emulator_pid" 2>/dev/null || true
}
