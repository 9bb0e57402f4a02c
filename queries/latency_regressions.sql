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
-- serves), both windows in one pass, grouped by series, an integer, and named after counting; the running sums over
-- the counts go in order of an integer per stratum and the duration, not of the names. Their sums are integers and
-- the strata's variances are added in stratum order, so z is the same to the last digit on every run, whatever the
-- threads.
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
    -- Each (date, series) of the two windows with its output row and stratum, as text ('' for none; NULL account and
    -- region too, so they join by equality). One pass over both windows: late marks the current one (split at its start).
    SELECT date, series, coalesce(account_id, '') AS acct, coalesce(region, '') AS reg, level,
           CASE WHEN level <> 'resource' THEN state_machine ELSE '' END AS sm, CASE WHEN level = 'state' THEN state_name ELSE '' END AS st,
           CASE WHEN level = 'resource' THEN resource ELSE '' END AS res,
           -- A task resource is tested within each state that calls it (van Elteren).
           CASE WHEN level = 'resource' THEN state_machine || ' / ' || state_name ELSE '' END AS stratum
    FROM duration_series(regression_previous_start(), regression_end(), split := regression_start())
    WHERE in_scope(account_id, region)
),
keys AS (
    -- Each output row (rid) and each stratum (sid) numbered in output order, so the counts below group and sort by integers.
    SELECT *, dense_rank() OVER (ORDER BY acct, reg, level, sm, st, res) AS rid,
           row_number() OVER (ORDER BY acct, reg, level, sm, st, res, stratum) AS sid,
           count(*) OVER (PARTITION BY acct, reg, level, sm, st, res) = 1 AS one_stratum
    FROM (SELECT DISTINCT acct, reg, level, sm, st, res, stratum FROM series)
),
numbered_series AS MATERIALIZED (
    -- Each (date, series) with its row and stratum numbers: the counts join these by integers only.
    SELECT s.date, s.series, k.rid, k.sid, k.one_stratum
    FROM series AS s
    JOIN keys AS k USING (acct, reg, level, sm, st, res, stratum)
),
numbered AS (
    -- Per stratum and duration: how many samples of each week have it (c1 current, c2 previous). The ranks, ties and
    -- percentiles below are computed from these counts, never by sorting the samples themselves. Grouped by the
    -- stratum's number alone (its row follows from it). The integer counts are summed as doubles (exact below 2^53):
    -- DuckDB sums integers into 128 bits, which took a third more time here.
    SELECT k.rid, c.sid, k.one_stratum, c.ms, c.c1, c.c2
    FROM (SELECT k.sid, v.ms,
                 CAST(sum(CASE WHEN v.late THEN v.samples ELSE 0 END::DOUBLE) AS BIGINT) AS c1,
                 CAST(sum(CASE WHEN v.late THEN 0 ELSE v.samples END::DOUBLE) AS BIGINT) AS c2
          FROM duration_values(regression_previous_start(), regression_end(), split := regression_start()) AS v
          JOIN numbered_series AS k USING (date, series)
          GROUP BY ALL) AS c
    JOIN (SELECT DISTINCT sid, rid, one_stratum FROM numbered_series) AS k USING (sid)
),
per_stratum AS (
    -- Per stratum: its samples of each week, and those of the strata numbered before it in its half (where its
    -- running sums start). The halves (upper: the strata that start past half of the counts; never the first) are
    -- summed apart, one on each thread.
    SELECT *, CAST(sum(n1) OVER w AS BIGINT) - n1 AS before1, CAST(sum(n2) OVER w AS BIGINT) - n2 AS before2
    FROM (SELECT *, sum(durations) OVER (ORDER BY sid) - durations >= sum(durations) OVER () / 2 AS upper
          FROM (SELECT rid, sid, one_stratum, count(*) AS durations, CAST(sum(c1::DOUBLE) AS BIGINT) AS n1, CAST(sum(c2::DOUBLE) AS BIGINT) AS n2
                FROM numbered GROUP BY ALL))
    WINDOW w AS (PARTITION BY upper ORDER BY sid)
),
running AS MATERIALIZED (
    -- One running sum over the counts of each half's strata in (stratum, duration) order: DuckDB streams it over
    -- ordered rows in one pass (a window partitioned by stratum builds a segment tree: about 3x the CPU), on one
    -- thread per half; the rows are materialized right after, so the work below runs on every thread. Integers summed
    -- as doubles: exact below 2^53 samples.
    SELECT sid, ms, c1, c2, sum(c1::DOUBLE) OVER w AS running1, sum(c2::DOUBLE) OVER w AS running2
    FROM (SELECT sid, ms, c1, c2 FROM numbered WHERE sid <= (SELECT max(sid) FILTER (WHERE NOT upper) FROM per_stratum) ORDER BY sid, ms)
    WINDOW w AS (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    UNION ALL
    SELECT sid, ms, c1, c2, sum(c1::DOUBLE) OVER w2 AS running1, sum(c2::DOUBLE) OVER w2 AS running2
    FROM (SELECT sid, ms, c1, c2 FROM numbered WHERE sid > (SELECT max(sid) FILTER (WHERE NOT upper) FROM per_stratum) ORDER BY sid, ms)
    WINDOW w2 AS (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
ranked AS (
    -- Per stratum and duration: the samples of each week at or below it (the running sums less the sums where the
    -- stratum starts), and twice the duration's mid-rank, an integer: tied durations share the mean of the ranks they
    -- span, (below + 1 + below + ties) / 2 with below the samples under it.
    SELECT *, 2 * (below1 + below2) - (c1 + c2) + 1 AS r2
    FROM (SELECT r.sid, r.ms, r.c1, r.c2, p.rid, p.one_stratum, p.n1, p.n2,
                 CAST(r.running1 AS BIGINT) - p.before1 AS below1, CAST(r.running2 AS BIGINT) - p.before2 AS below2
          FROM running AS r
          JOIN per_stratum AS p USING (sid))
),
strata AS (
    -- Per stratum: the current week's rank sum (doubled: an integer) and the tie term, and the percentiles of a row
    -- of one stratum. quantile_disc's nearest rank: the sample at 0-based position max(1, ceil(n * q)) - 1 of the
    -- sorted samples; ceil(n * 0.5) = (n + 1) // 2 and ceil(n * 0.95) = (95 * n + 99) // 100 in integers.
    SELECT rid, sid, one_stratum, n1, n2,
           sum(c1 * r2) AS rank_sum2, sum((c1 + c2)::HUGEINT * (c1 + c2) * (c1 + c2) - (c1 + c2)) AS tie_term,
           min(CASE WHEN below2 >= greatest(1, (n2 + 1) // 2) THEN ms END) AS p50_prev,
           min(CASE WHEN below1 >= greatest(1, (n1 + 1) // 2) THEN ms END) AS p50_cur,
           min(CASE WHEN below2 >= greatest(1, (95 * n2 + 99) // 100) THEN ms END) AS p95_prev,
           min(CASE WHEN below1 >= greatest(1, (95 * n1 + 99) // 100) THEN ms END) AS p95_cur
    FROM ranked
    GROUP BY rid, sid, one_stratum, n1, n2
),
spread AS (
    -- A row of several strata (a resource called from several states): its percentiles are over all its samples,
    -- from its durations' counts added up across its strata.
    SELECT rid, n1, n2,
           min(CASE WHEN below2 >= greatest(1, (n2 + 1) // 2) THEN ms END) AS p50_prev,
           min(CASE WHEN below1 >= greatest(1, (n1 + 1) // 2) THEN ms END) AS p50_cur,
           min(CASE WHEN below2 >= greatest(1, (95 * n2 + 99) // 100) THEN ms END) AS p95_prev,
           min(CASE WHEN below1 >= greatest(1, (95 * n1 + 99) // 100) THEN ms END) AS p95_cur
    FROM (SELECT rid, ms, CAST(sum(CAST(c1 AS DOUBLE)) OVER w AS BIGINT) AS below1, CAST(sum(CAST(c2 AS DOUBLE)) OVER w AS BIGINT) AS below2
          FROM (SELECT rid, ms, sum(c1) AS c1, sum(c2) AS c2 FROM numbered WHERE NOT one_stratum GROUP BY ALL)
          WINDOW w AS (PARTITION BY rid ORDER BY ms))
    JOIN (SELECT rid, sum(n1)::BIGINT AS n1, sum(n2)::BIGINT AS n2 FROM per_stratum WHERE NOT one_stratum GROUP BY rid) USING (rid)
    GROUP BY rid, n1, n2
),
tested AS (
    -- The current week's U statistic minus its expectation, summed over the strata of the row (van Elteren), and its
    -- variance (with the tie correction). Every sum of a stratum is of integers, so exact whatever order the threads
    -- add in; the strata's variances are doubles, summed in stratum order (a parallel sum would change z's last digits
    -- from run to run).
    SELECT rid, any_value(s.n1) AS n1, any_value(s.n2) AS n2,
           any_value(s.p50_prev) AS p50_prev, any_value(s.p50_cur) AS p50_cur, any_value(s.p95_prev) AS p95_prev, any_value(s.p95_cur) AS p95_cur,
           sum(u_excess2) FILTER (WHERE tested) / 2.0 / nullif(sqrt(list_sum(list(u_variance ORDER BY sid) FILTER (WHERE tested))), 0) AS z
    FROM (SELECT rid, sid, n1 > 0 AND n2 > 0 AS tested, rank_sum2 - n1 * (n1 + 1) - n1 * n2 AS u_excess2,
                 n1 * n2 / 12.0 * ((n1 + n2 + 1) - tie_term::DOUBLE / ((n1 + n2) * (n1 + n2 - 1.0))) AS u_variance
          FROM strata)
    JOIN (SELECT rid, n1, n2, p50_prev, p50_cur, p95_prev, p95_cur FROM strata WHERE one_stratum
          UNION ALL
          FROM spread) AS s USING (rid)
    GROUP BY rid
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
