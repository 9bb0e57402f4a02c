# The crawl's FilterLogEvents rate from a call timeline (ms,api,outcome CSV written by the export when
# ANALYTICS__EXPORT__CALLTIMELINE is set) against the quota (-v quota=N per second; CloudWatch Logs buckets hold one
# second of burst): the calls after the first second's burst over the time from the first call to the last.
BEGIN { FS = ","; if (quota == "") quota = 25 }
$2 == "FilterLogEvents" && $3 == "attempt" { t[++n] = $1 / 1000 }
$2 == "FilterLogEvents" && $3 == "throttled" { throttled++ }
$3 == "failure" { failed++ }
END {
  if (n <= quota) { printf "FilterLogEvents: %d calls, too few to measure a rate\n", n; exit }
  rate = (n - quota) / (t[n] - t[1])
  printf "FilterLogEvents: %d calls in %.1f s = %.2f/s = %.1f%% of the %d/s quota (target >= 95%%); throttled %d; failed calls (all APIs) %d\n", n, t[n] - t[1], rate, 100 * rate / quota, quota, throttled, failed + 0
}
