# Sustained GetExecutionHistory rate from a call timeline (ms,api,outcome CSV written by the export when
# ANALYTICS__EXPORT__CALLTIMELINE is set). The quota is a 400-token bucket refilled at 20/s: a crawl first spends the
# burst, then runs at the refill rate while histories are backlogged. The burst phase ends when the bucket is empty:
# the bucket is replayed call by call (refilled at 20/s, never above its 400 cap: a slow start must not bank more)
# and the first call that leaves under one second's refill in it ends the burst (slack for timer jitter between the
# client's limiter and these timestamps); the sustained rate is measured from there to the
# last history call (the queue has drained by then). Calls by other APIs and the run's start-up are not in the window.
# -v unit=LABEL counts only that (account, region) unit's calls (the timeline's 4th column): each unit has its own bucket.
BEGIN { FS = ","; burst = 400; refill = 20 }
unit != "" && $4 != unit { next }
$2 == "GetExecutionHistory" && $3 == "attempt" { t[++n] = $1 / 1000 }
$2 == "GetExecutionHistory" && $3 == "throttled" { throttled++ }
$3 == "failure" { failed++ }
END {
  if (n == 0) { print "GetExecutionHistory: no calls"; exit }
  b = 0
  tokens = burst
  for (i = 1; i <= n; i++) {
    tokens += refill * (t[i] - (i > 1 ? t[i - 1] : t[1]))
    if (tokens > burst) tokens = burst
    if (--tokens < refill) { b = i; break }
  }
  printf "GetExecutionHistory: %d attempts from %.1f s to %.1f s after start (history window %.1f s); throttled %d; failed calls (all APIs) %d\n", n, t[1], t[n], t[n] - t[1], throttled, failed
  if (n <= burst) { printf "all %d calls fit in the 400-token burst: no sustained window to measure (export a larger world)\n", n; exit }
  if (b == 0 || b == n) {
    printf "bucket never emptied: the client, not the quota, limited the rate: (calls - 400 burst) / window = %.2f/s = %.1f%% of the 20/s refill\n", (n - burst) / (t[n] - t[1]), 100 * (n - burst) / (t[n] - t[1]) / refill
    exit
  }
  printf "burst: %d calls in the first %.1f s (%.0f/s, the 400-token allowance plus refill)\n", b, t[b] - t[1], b / (t[b] - t[1] + 1e-9)
  # The calls after b that the refill paid for: the few tokens still in the bucket at b paid for others.
  rate = (n - b - (tokens > 0 ? tokens : 0)) / (t[n] - t[b])
  printf "sustained: %d calls in %.1f s = %.2f/s = %.1f%% of the 20/s refill (target >= 95%%)\n", n - b, t[n] - t[b], rate, 100 * rate / refill
}
