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
-- 1,000,000-execution export. Each table's samples are counted by its own columns (names are made after counting, on
-- the counts), and the windows over the counts sort by an integer per row and per stratum, not by the names. Their
-- sums are integers and the strata's variances are added in stratum order, so z is the same to the last digit on
-- every run, whatever the threads.
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
    SELECT cur_start, cur_end, prev_start, CAST(prev_start AS DATE) AS first_date, CAST(cur_end AS DATE) AS last_date
    FROM (SELECT cur_start, cur_end, cur_start - (cur_end - cur_start) AS prev_start
          FROM (SELECT coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), cur_end - INTERVAL 7 DAY) AS cur_start, cur_end FROM latest))
),
-- counts: one row per stratum and duration, with how many samples of each week have it (c1 current, c2 previous): the
-- ranks, ties and percentiles below are computed from these counts, never by sorting the samples themselves.
execution_counts AS (
    SELECT coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, 'execution' AS level,
           coalesce(state_machine_label(state_machine_name, state_machine_arn, map_run_arn), '') AS sm, '' AS st, '' AS res,
           '' AS stratum, duration_ms AS ms,
           count(*) FILTER (WHERE start_time >= cur_start) AS c1, count(*) FILTER (WHERE start_time < cur_start) AS c2
    FROM executions, bounds
    WHERE duration_ms IS NOT NULL
      AND date >= first_date AND date <= last_date AND start_time >= prev_start AND start_time < cur_end
      AND in_scope(account_id, region)
    GROUP BY ALL
),
state_counts AS (
    SELECT coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, 'state' AS level, coalesce(state_machine_name, '') AS sm,
           coalesce(state_name, '') AS st, '' AS res, '' AS stratum, duration_ms AS ms,
           count(*) FILTER (WHERE execution_start_time >= cur_start) AS c1, count(*) FILTER (WHERE execution_start_time < cur_start) AS c2
    FROM state_visits, bounds
    WHERE duration_ms IS NOT NULL AND list_contains(['succeeded', 'caught'], outcome)
      AND date >= first_date AND date <= last_date AND execution_start_time >= prev_start AND execution_start_time < cur_end
      AND in_scope(account_id, region)
    GROUP BY ALL
),
resource_counts AS (
    -- By the attempts' own columns: the resource's name (a text per attempt) is made from the counts.
    SELECT account_id, region, resource_type, resource, state_machine_name, state_name, run_ms AS ms,
           count(*) FILTER (WHERE execution_start_time >= cur_start) AS c1, count(*) FILTER (WHERE execution_start_time < cur_start) AS c2
    FROM task_attempts, bounds
    WHERE run_ms IS NOT NULL AND resource IS NOT NULL
      -- As in latency_percentiles: the outcome list apart from the timed_out term, so the Parquet reader applies
      -- list_contains itself; the OR of both terms was evaluated again above the scan for all 8.4 M attempts.
      AND list_contains(['succeeded', 'failed', 'timed_out'], outcome) AND (outcome <> 'timed_out' OR error IS NOT NULL)
      AND date >= first_date AND date <= last_date AND execution_start_time >= prev_start AND execution_start_time < cur_end
      AND in_scope(account_id, region)
    GROUP BY ALL
),
counts AS (
    FROM execution_counts
    UNION ALL
    FROM state_counts
    UNION ALL
    SELECT acct, reg, level, sm, st, res, stratum, ms, sum(c1) AS c1, sum(c2) AS c2
    FROM (SELECT coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, 'resource' AS level, '' AS sm, '' AS st,
                 coalesce(CASE WHEN resource_type IS NULL OR starts_with(resource, 'arn:') THEN resource ELSE resource_type || ':' || resource END, '') AS res,
                 state_machine_name || ' / ' || state_name AS stratum, ms, c1, c2
          FROM resource_counts)
    GROUP BY ALL
),
keys AS (
    -- Each output row (rid) and each stratum (sid) numbered in output order, so the windows below sort by an integer.
    SELECT *, dense_rank() OVER (ORDER BY acct, reg, level, sm, st, res) AS rid,
           row_number() OVER (ORDER BY acct, reg, level, sm, st, res, stratum) AS sid,
           count(*) OVER (PARTITION BY acct, reg, level, sm, st, res) = 1 AS one_stratum
    FROM (SELECT DISTINCT acct, reg, level, sm, st, res, stratum FROM counts)
),
numbered AS (
    SELECT k.rid, k.sid, k.one_stratum, c.ms, c.c1, c.c2
    FROM counts AS c
    JOIN keys AS k
        ON c.acct = k.acct AND c.reg = k.reg AND c.level = k.level AND c.sm = k.sm AND c.st = k.st AND c.res = k.res
       AND c.stratum IS NOT DISTINCT FROM k.stratum -- NULL when an attempt has no state machine or state name
),
ranked AS (
    -- Per stratum and duration: the samples of each week at or below it, and twice the duration's mid-rank, an
    -- integer: tied durations share the mean of the ranks they span, (below + 1 + below + ties) / 2 with below the
    -- samples under it. The running sums add the integer counts as doubles (exact below 2^53 samples): DuckDB's
    -- windowed sum of integers took twice as long.
    SELECT *, 2 * (below1 + below2) - (c1 + c2) + 1 AS r2
    FROM (SELECT *, CAST(sum(CAST(c1 AS DOUBLE)) OVER w AS BIGINT) AS below1, CAST(sum(CAST(c2 AS DOUBLE)) OVER w AS BIGINT) AS below2
          FROM numbered
          WINDOW w AS (PARTITION BY sid ORDER BY ms))
),
strata AS (
    -- Per stratum: the current week's U statistic minus its expectation (doubled: an integer), and its variance
    -- (with the tie correction). Every sum here is of integers, so exact whatever order the threads add in; the
    -- variance is a function of those integers alone.
    SELECT rid, sid,
           rank_sum2 - n1 * (n1 + 1) - n1 * n2 AS u_excess2,
           n1 * n2 / 12.0 * ((n1 + n2 + 1) - tie_term::DOUBLE / ((n1 + n2) * (n1 + n2 - 1.0))) AS u_variance
    FROM (SELECT rid, sid, sum(c1)::BIGINT AS n1, sum(c2)::BIGINT AS n2,
                 sum(c1 * r2) AS rank_sum2, sum((c1 + c2)::HUGEINT * (c1 + c2) * (c1 + c2) - (c1 + c2)) AS tie_term
          FROM ranked
          GROUP BY ALL)
    WHERE n1 > 0 AND n2 > 0
),
spread AS (
    -- Per row and duration: the samples of each week at or below it. A row of one stratum has its stratum's; the
    -- strata of a resource are added up first.
    SELECT rid, ms, below1, below2 FROM ranked WHERE one_stratum
    UNION ALL
    SELECT rid, ms, CAST(sum(CAST(c1 AS DOUBLE)) OVER w AS BIGINT), CAST(sum(CAST(c2 AS DOUBLE)) OVER w AS BIGINT)
    FROM (SELECT rid, ms, sum(c1) AS c1, sum(c2) AS c2 FROM numbered WHERE NOT one_stratum GROUP BY ALL)
    WINDOW w AS (PARTITION BY rid ORDER BY ms)
),
totals AS (
    SELECT rid, sum(c1)::BIGINT AS n1, sum(c2)::BIGINT AS n2 FROM numbered GROUP BY rid
),
stats AS (
    -- quantile_disc's nearest rank: the sample at 0-based position max(1, ceil(n * q)) - 1 of the sorted samples;
    -- ceil(n * 0.5) = (n + 1) // 2 and ceil(n * 0.95) = (95 * n + 99) // 100 in integers.
    SELECT rid, any_value(n2) AS n2, any_value(n1) AS n1,
           min(ms) FILTER (WHERE below2 >= greatest(1, (n2 + 1) // 2)) AS p50_prev,
           min(ms) FILTER (WHERE below1 >= greatest(1, (n1 + 1) // 2)) AS p50_cur,
           min(ms) FILTER (WHERE below2 >= greatest(1, (95 * n2 + 99) // 100)) AS p95_prev,
           min(ms) FILTER (WHERE below1 >= greatest(1, (95 * n1 + 99) // 100)) AS p95_cur
    FROM spread JOIN totals USING (rid)
    GROUP BY rid
),
tested AS (
    SELECT s.*, u.excess / nullif(sqrt(u.variance), 0) AS z
    FROM stats AS s
    -- The strata's variances are doubles: summed in stratum order (a parallel sum would change z's last digits from
    -- run to run).
    LEFT JOIN (SELECT rid, sum(u_excess2) / 2.0 AS excess, list_sum(list(u_variance ORDER BY sid)) AS variance
               FROM strata GROUP BY rid) AS u
        USING (rid)
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
FROM judged JOIN (SELECT DISTINCT rid, acct, reg, level, sm, st, res FROM keys) USING (rid)
ORDER BY rid;
