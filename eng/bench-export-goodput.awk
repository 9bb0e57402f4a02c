# Successful GetExecutionHistory calls per second once the service first throttled (the burst is spent by then),
# from a call timeline (ms,api,outcome CSV; ANALYTICS__EXPORT__CALLTIMELINE). -v left=N is the refill left for us
# (20/s less what a neighbour drains); the window ends at the last history call.
BEGIN { FS = "," }
$2 == "GetExecutionHistory" && $3 == "attempt" { t = $1 / 1000; at[++n] = t; last = t }
$2 == "GetExecutionHistory" && $3 == "throttled" { if (!first) first = $1 / 1000; th[++m] = $1 / 1000 }
END {
  if (!first) { printf "GetExecutionHistory: %d calls, never throttled\n", n; exit }
  for (i = 1; i <= n; i++) if (at[i] >= first) calls++
  for (i = 1; i <= m; i++) throttled++
  ok = calls - throttled
  printf "GetExecutionHistory after the first throttle (%.1f s .. %.1f s): %d calls, %d throttled, %d succeeded = %.2f/s = %.1f%% of the %g/s left\n", first, last, calls, throttled, ok, ok / (last - first), 100 * ok / (last - first) / left, left
}
