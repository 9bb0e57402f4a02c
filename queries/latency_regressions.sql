-- latency_regressions: week over week, did durations get slower? Per state machine (execution durations), state
-- (visits that exited it) and task resource (attempt run time) — the same samples as latency_percentiles.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): the current window, [start, end) on the execution's start time;
-- the previous window is as long and ends at start. Without end: the end of the ISO week of the newest execution
-- (of its start date); without start: 7 days before end (regression_start/_end in _views.sql);
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
-- 1,000,000-execution export. The counts are duration_values (_views.sql: compaction's rollup for the whole days it
-- serves), grouped by series, an integer, and named after counting; the windows over the counts sort by an integer
-- per row and per stratum, not by the names. Their
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
WITH series AS MATERIALIZED (
    -- Each (week, date, series) with its output row and stratum, as text ('' for none; NULL account and region too,
    -- so they join by equality): week 1 is the current window, 2 the previous one.
    SELECT week, date, series, coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, level,
           CASE WHEN level <> 'resource' THEN state_machine ELSE '' END AS sm, CASE WHEN level = 'state' THEN state_name ELSE '' END AS st,
           CASE WHEN level = 'resource' THEN resource ELSE '' END AS res,
           -- A task resource is tested within each state that calls it (van Elteren).
           CASE WHEN level = 'resource' THEN state_machine || ' / ' || state_name ELSE '' END AS stratum
    FROM (SELECT 1 AS week, * FROM duration_series(regression_start(), regression_end())
          UNION ALL
          SELECT 2, * FROM duration_series(regression_previous_start(), regression_start()))
    WHERE in_scope(account_id, region)
),
keys AS (
    -- Each output row (rid) and each stratum (sid) numbered in output order, so the windows below sort by an integer.
    SELECT *, dense_rank() OVER (ORDER BY acct, reg, level, sm, st, res) AS rid,
           row_number() OVER (ORDER BY acct, reg, level, sm, st, res, stratum) AS sid,
           count(*) OVER (PARTITION BY acct, reg, level, sm, st, res) = 1 AS one_stratum
    FROM (SELECT DISTINCT acct, reg, level, sm, st, res, stratum FROM series)
),
numbered_series AS MATERIALIZED (
    -- Each (week, date, series) with its row and stratum numbers: the counts join these by integers only.
    SELECT s.week, s.date, s.series, k.rid, k.sid, k.one_stratum
    FROM series AS s
    JOIN keys AS k USING (acct, reg, level, sm, st, res, stratum)
),
numbered AS (
    -- Per stratum and duration: how many samples of each week have it (c1 current, c2 previous). The ranks, ties and
    -- percentiles below are computed from these counts, never by sorting the samples themselves. Grouped by the
    -- stratum's number alone (its row follows from it).
    SELECT k.rid, c.sid, k.one_stratum, c.ms, c.c1, c.c2
    FROM (SELECT k.sid, v.ms,
                 coalesce(sum(v.samples) FILTER (WHERE v.week = 1), 0) AS c1, coalesce(sum(v.samples) FILTER (WHERE v.week = 2), 0) AS c2
          FROM (SELECT 1 AS week, * FROM duration_values(regression_start(), regression_end())
                UNION ALL
                SELECT 2, * FROM duration_values(regression_previous_start(), regression_start())) AS v
          JOIN numbered_series AS k USING (week, date, series)
          GROUP BY ALL) AS c
    JOIN (SELECT DISTINCT sid, rid, one_stratum FROM numbered_series) AS k USING (sid)
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
