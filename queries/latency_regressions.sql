-- latency_regressions: week over week, did durations get slower? Per state machine (execution durations), state
-- (visits that exited it) and task resource (attempt run time) — the same samples as latency_percentiles.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): the current window, [start, end) on the execution's start time;
-- the previous window is as long and ends at start. Without end: the end of the ISO week of the newest execution;
-- without start: 7 days before end;
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- The rule (README "Latency regressions"; the weekly report flags a row beside the failure-rate regressions):
--   * both windows have at least 30 samples;
--   * p95 (or p50) rose by at least 25 % of last week's value AND by at least 100 ms;
--   * the current week's durations are significantly larger: one-sided Mann-Whitney U test (normal approximation
--     with the tie correction), z >= 4.0. The test compares whole distributions, so a real shift is needed, not
--     one unlucky tail sample; it makes no assumption about the shape of the durations (they are skewed). z >= 4
--     (one-sided p < 0.00004) because a week tests ~70 rows: z >= 3 let a chance wobble of a heavy-tailed Wait state
--     through (default world, seed 7, W47: customer-onboarding / WaitForVerification p50 +44 %, z 3.25).
--     A task resource is tested within each state that calls it (the U statistics of the strata are summed, as in
--     van Elteren's test): `lambda:invoke` serves many functions, and a week in which a slow caller simply ran
--     more often is a change of mix, not a regression. The percentiles shown are still over all its attempts.
-- Percentiles are quantile_disc (nearest rank), as in latency_percentiles. Ranks, ties and percentiles are computed from
-- counts per distinct duration (one row per stratum and duration), not by sorting every sample: > 20 M samples on the
-- 1,000,000-execution export. Their sums are integers and the strata's variances are added in stratum order, so z is
-- the same to the last digit on every run, whatever the threads.
-- Rows: one per (account_id, region, level, state_machine, state_name, resource) with samples in either window,
-- ordered by account_id, region, level, names.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   level             VARCHAR  'execution', 'state' or 'resource'
--   state_machine     VARCHAR  (execution and state levels)
--   state_name        VARCHAR  (state level)
--   resource          VARCHAR  (resource level), named as in latency_percentiles
--   samples_previous  BIGINT
--   samples_current   BIGINT
--   p50_previous_ms, p50_current_ms, p95_previous_ms, p95_current_ms  BIGINT  (NULL without samples)
--   mann_whitney_z    DOUBLE   z of the current week's rank sum (positive: the current week is slower); NULL when a
--                              window has no samples or all durations are equal
--   p50_regressed     BOOLEAN  the rule holds for p50
--   p95_regressed     BOOLEAN  the rule holds for p95
--   regressed         BOOLEAN  p50_regressed OR p95_regressed
WITH latest AS (
    SELECT coalesce(CAST(getvariable('end') AS TIMESTAMPTZ),
                    (SELECT CAST(date_trunc('week', max(start_time)) AS TIMESTAMPTZ) + INTERVAL 7 DAY FROM executions)) AS cur_end
),
bounds AS (
    SELECT cur_start, cur_end, cur_start - (cur_end - cur_start) AS prev_start
    FROM (SELECT coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), cur_end - INTERVAL 7 DAY) AS cur_start, cur_end FROM latest)
),
samples AS (
    SELECT account_id, region, 'execution' AS level, state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS state_machine,
           NULL::VARCHAR AS state_name, NULL::VARCHAR AS resource, '' AS stratum, duration_ms AS ms, start_time AS t, date
    FROM executions
    WHERE duration_ms IS NOT NULL
    UNION ALL
    SELECT account_id, region, 'state', state_machine_name, state_name, NULL, '', duration_ms, execution_start_time, date
    FROM state_visits
    WHERE duration_ms IS NOT NULL AND outcome IN ('succeeded', 'caught')
    UNION ALL
    SELECT account_id, region, 'resource', NULL, NULL,
           CASE WHEN resource_type IS NULL OR starts_with(resource, 'arn:') THEN resource ELSE resource_type || ':' || resource END,
           state_machine_name || ' / ' || state_name, run_ms, execution_start_time, date
    FROM task_attempts
    WHERE run_ms IS NOT NULL AND resource IS NOT NULL
      AND (outcome IN ('succeeded', 'failed') OR (outcome = 'timed_out' AND error IS NOT NULL))
),
tagged AS (
    SELECT coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, level, coalesce(state_machine, '') AS sm, coalesce(state_name, '') AS st, coalesce(resource, '') AS res, stratum, ms,
           t >= cur_start AS current
    FROM samples, bounds
    WHERE date >= CAST(prev_start AS DATE) AND date <= CAST(cur_end AS DATE) AND t >= prev_start AND t < cur_end
      AND in_scope(account_id, region)
),
counts AS (
    -- One row per stratum and duration, with how many samples of each week have it: the ranks, ties and percentiles
    -- below are computed from these counts, never by sorting the samples themselves.
    SELECT acct, reg, level, sm, st, res, stratum, ms, count(*) FILTER (WHERE current) AS c1, count(*) FILTER (WHERE NOT current) AS c2
    FROM tagged
    GROUP BY ALL
),
ranked AS (
    -- Twice the mid-rank of a duration within its stratum, an integer: tied durations share the mean of the ranks
    -- they span, (below + 1 + below + ties) / 2 with below the samples under it.
    SELECT *, 2 * sum(c1 + c2) OVER (PARTITION BY acct, reg, level, sm, st, res, stratum ORDER BY ms) - (c1 + c2) + 1 AS r2
    FROM counts
),
strata AS (
    -- Per stratum: the current week's U statistic minus its expectation (doubled: an integer), and its variance
    -- (with the tie correction). Every sum here is of integers, so exact whatever order the threads add in; the
    -- variance is a function of those integers alone.
    SELECT acct, reg, level, sm, st, res, stratum,
           rank_sum2 - n1 * (n1 + 1) - n1 * n2 AS u_excess2,
           n1 * n2 / 12.0 * ((n1 + n2 + 1) - tie_term::DOUBLE / ((n1 + n2) * (n1 + n2 - 1.0))) AS u_variance
    FROM (SELECT acct, reg, level, sm, st, res, stratum, sum(c1)::BIGINT AS n1, sum(c2)::BIGINT AS n2,
                 sum(c1 * r2) AS rank_sum2, sum((c1 + c2)::HUGEINT * (c1 + c2) * (c1 + c2) - (c1 + c2)) AS tie_term
          FROM ranked
          GROUP BY ALL)
    WHERE n1 > 0 AND n2 > 0
),
spread AS (
    -- Per row and duration: the samples of each week at or below it, and each week's total.
    SELECT *, sum(c1) OVER w AS below1, sum(c2) OVER w AS below2,
           sum(c1) OVER (PARTITION BY acct, reg, level, sm, st, res) AS n1, sum(c2) OVER (PARTITION BY acct, reg, level, sm, st, res) AS n2
    FROM (SELECT acct, reg, level, sm, st, res, ms, sum(c1) AS c1, sum(c2) AS c2 FROM counts GROUP BY ALL)
    WINDOW w AS (PARTITION BY acct, reg, level, sm, st, res ORDER BY ms)
),
stats AS (
    -- quantile_disc's nearest rank: the sample at 0-based position max(1, ceil(n * q)) - 1 of the sorted samples.
    SELECT acct, reg, level, sm, st, res, n2::BIGINT AS n2, n1::BIGINT AS n1,
           min(ms) FILTER (WHERE below2 >= greatest(1, ceil(n2::BIGINT * 0.5))) AS p50_prev, min(ms) FILTER (WHERE below1 >= greatest(1, ceil(n1::BIGINT * 0.5))) AS p50_cur,
           min(ms) FILTER (WHERE below2 >= greatest(1, ceil(n2::BIGINT * 0.95))) AS p95_prev, min(ms) FILTER (WHERE below1 >= greatest(1, ceil(n1::BIGINT * 0.95))) AS p95_cur
    FROM spread
    GROUP BY acct, reg, level, sm, st, res, n1, n2
),
tested AS (
    SELECT s.*, u.excess / nullif(sqrt(u.variance), 0) AS z
    FROM stats AS s
    -- The strata's variances are doubles: summed in stratum order (a parallel sum would change z's last digits from
    -- run to run).
    LEFT JOIN (SELECT acct, reg, level, sm, st, res, sum(u_excess2) / 2.0 AS excess,
                      list_sum(list(u_variance ORDER BY stratum)) AS variance
               FROM strata GROUP BY ALL) AS u
        USING (acct, reg, level, sm, st, res)
),
judged AS (
    SELECT *,
           coalesce(n1 >= 30 AND n2 >= 30 AND z >= 4.0 AND p50_cur >= 1.25 * p50_prev AND p50_cur - p50_prev >= 100, false) AS p50_regressed,
           coalesce(n1 >= 30 AND n2 >= 30 AND z >= 4.0 AND p95_cur >= 1.25 * p95_prev AND p95_cur - p95_prev >= 100, false) AS p95_regressed
    FROM tested
)
SELECT nullif(acct, '') AS account_id, nullif(reg, '') AS region, level, nullif(sm, '') AS state_machine, nullif(st, '') AS state_name, nullif(res, '') AS resource, n2 AS samples_previous, n1 AS samples_current,
       p50_prev AS p50_previous_ms, p50_cur AS p50_current_ms, p95_prev AS p95_previous_ms, p95_cur AS p95_current_ms,
       z AS mann_whitney_z, p50_regressed, p95_regressed, p50_regressed OR p95_regressed AS regressed
FROM judged
ORDER BY acct, reg, level, sm, st, res;
