-- latency_percentiles: duration percentiles per state machine (executions), per state (state_visits) and per task
-- resource (task_attempts.run_ms).
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Percentiles are DuckDB's quantile_disc (nearest rank: the value at position ceil(p * n) of the sorted samples),
-- the method `analytics world truth` uses. Only finished durations count:
--   * state: visits that left the state through its *StateExited (outcome succeeded or caught); a visit that ended
--     by failing, being aborted or with the execution has no state duration, only a time until it was cut short;
--   * resource: attempts that ended with their own Succeeded/Failed/TimedOut event (*Started to that event); an
--     attempt aborted with its visit, or cut short by the execution's own timeout (outcome timed_out without an
--     error), did not finish its run.
-- Rows: one per (account_id, region, level, state_machine, state_name, resource). Ordered by account_id, region,
-- level, then the names.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   level          VARCHAR  'execution', 'state' or 'resource'
--   state_machine  VARCHAR  state machine name (execution and state levels; Map Run children as in failure_rates)
--   state_name     VARCHAR  state name (state level)
--   resource       VARCHAR  the task resource (resource level): `<resource type>:<resource>` for service
--                           integrations (`lambda:invoke`, `dynamodb:putItem`, `aws-sdk:s3:getObject`), the ARN for
--                           Lambda functions and activities
--   samples        BIGINT   durations measured
--   p50_ms, p90_ms, p95_ms, p99_ms, max_ms  BIGINT  milliseconds
-- How: from duration_series and duration_values (_views.sql: compaction's rollup, counts per duration, for the whole
-- days it serves; the samples themselves elsewhere), never by sorting every sample (22.6 M at 1,000,000 executions):
-- the counts are summed per output row (gid) and bucket of durations (64 buckets per power of two), a running sum over
-- the buckets finds the bucket holding each percentile's sample, and only those buckets' durations are ordered.
-- quantile_disc's nearest rank is the sample at 1-based position max(1, ceil(n * p / 100)) of the sorted samples:
-- (p * n + 99) // 100 in integers.
WITH series AS MATERIALIZED (
    -- Each (date, series) with the output row it counts towards: a resource's row is its attempts of every state.
    SELECT date, series, dense_rank() OVER (ORDER BY account_id, region, level, state_machine, state_name, resource) AS gid,
           account_id, region, level, state_machine, state_name, resource
    FROM (SELECT date, series, account_id, region, level,
                 CASE WHEN level <> 'resource' THEN state_machine END AS state_machine,
                 CASE WHEN level = 'state' THEN state_name END AS state_name,
                 CASE WHEN level = 'resource' THEN resource END AS resource
          FROM duration_series(window_start(), window_end())
          WHERE in_scope(account_id, region))
),
counts AS NOT MATERIALIZED (
    -- bucket: 64 per octave of durations (ms >> (octave - 6) keeps ms's top 7 bits); octave = floor(log2(ms)),
    -- corrected where the double's log2 rounds across a power of two.
    SELECT gid, ms, samples, CASE WHEN ms < 64 THEN ms ELSE 64 * o + (ms >> (o - 6)) - 64 END AS bucket
    FROM (SELECT *, o0 - CASE WHEN (1::BIGINT << o0) > ms THEN 1 WHEN (2::BIGINT << o0) <= ms THEN -1 ELSE 0 END AS o
          FROM (SELECT s.gid, v.ms, v.samples, CAST(floor(log2(greatest(v.ms, 1))) AS BIGINT) AS o0
                FROM duration_values(window_start(), window_end()) AS v
                JOIN series AS s USING (date, series)))
),
buckets AS (
    SELECT gid, bucket, sum(c) OVER (PARTITION BY gid ORDER BY bucket) AS through, sum(c) OVER (PARTITION BY gid) AS n,
           max(top) OVER (PARTITION BY gid) AS max_ms, c
    FROM (SELECT gid, bucket, sum(samples) AS c, max(ms) AS top FROM counts GROUP BY ALL)
),
targets AS (
    -- Per output row and percentile: the bucket whose running count first reaches the percentile's rank, and the
    -- rank within that bucket.
    SELECT gid, bucket, pct, n, max_ms, target - (through - c) AS rank_in_bucket
    FROM buckets, (VALUES (50), (90), (95), (99)) AS p(pct), LATERAL (SELECT greatest(1, (pct * n + 99) // 100) AS target)
    WHERE through >= target AND through - c < target
),
picked AS (
    -- The durations of the target buckets, each with the samples at or below it in its bucket. The target buckets
    -- of output row gid are the list at position gid (a lookup per count, not a join).
    SELECT gid, bucket, ms, sum(c) OVER (PARTITION BY gid, bucket ORDER BY ms) AS within
    FROM (SELECT gid, bucket, ms, sum(samples) AS c
          FROM counts
          WHERE list_contains((SELECT list(coalesce(t.buckets, []) ORDER BY g.gid)
                               FROM (SELECT DISTINCT gid FROM series) AS g
                               LEFT JOIN (SELECT gid, list(DISTINCT bucket) AS buckets FROM targets GROUP BY gid) AS t USING (gid))[gid], bucket)
          GROUP BY ALL)
),
percentiles AS (
    SELECT t.gid, any_value(t.n) AS samples, any_value(t.max_ms) AS max_ms,
           min(p.ms) FILTER (WHERE t.pct = 50) AS p50_ms, min(p.ms) FILTER (WHERE t.pct = 90) AS p90_ms,
           min(p.ms) FILTER (WHERE t.pct = 95) AS p95_ms, min(p.ms) FILTER (WHERE t.pct = 99) AS p99_ms
    FROM targets AS t
    JOIN picked AS p ON p.gid = t.gid AND p.bucket = t.bucket AND p.within >= t.rank_in_bucket
    GROUP BY t.gid
)
SELECT account_id, region, level, nullif(state_machine, '') AS state_machine, nullif(state_name, '') AS state_name,
       nullif(resource, '') AS resource, samples::BIGINT AS samples, p50_ms, p90_ms, p95_ms, p99_ms, max_ms
FROM percentiles
JOIN (SELECT DISTINCT gid, account_id, region, level, state_machine, state_name, resource FROM series) USING (gid)
ORDER BY account_id, region, level, state_machine NULLS FIRST, state_name NULLS FIRST, resource NULLS FIRST;
