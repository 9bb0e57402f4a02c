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
WITH by_execution AS (
    SELECT account_id, region, 'execution' AS level, state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS state_machine,
           NULL::VARCHAR AS state_name, NULL::VARCHAR AS resource, count(*) AS samples,
           quantile_disc(duration_ms, [0.5, 0.9, 0.95, 0.99]) AS q, max(duration_ms) AS max_ms
    FROM executions
    WHERE duration_ms IS NOT NULL AND date_in_window(date) AND in_window(start_time) AND in_scope(account_id, region)
    GROUP BY 1, 2, 4
),
by_state AS (
    SELECT account_id, region, 'state' AS level, state_machine_name AS state_machine, state_name, NULL::VARCHAR AS resource, count(*) AS samples,
           quantile_disc(duration_ms, [0.5, 0.9, 0.95, 0.99]) AS q, max(duration_ms) AS max_ms
    FROM state_visits
    -- list_contains, not IN: an IN list here becomes an optional scan filter and a FILTER above it (~3x the CPU of
    -- this expression, which the Parquet reader applies itself); nearly every visit passes, so no row group is pruned.
    WHERE duration_ms IS NOT NULL AND list_contains(['succeeded', 'caught'], outcome)
      AND date_in_window(date) AND in_window(execution_start_time) AND in_scope(account_id, region)
    GROUP BY account_id, region, state_machine_name, state_name
),
by_resource AS (
    SELECT account_id, region, 'resource' AS level, NULL::VARCHAR AS state_machine, NULL::VARCHAR AS state_name,
           CASE WHEN resource_type IS NULL OR starts_with(resource, 'arn:') THEN resource
                ELSE resource_type || ':' || resource END AS resource,
           count(*) AS samples, quantile_disc(run_ms, [0.5, 0.9, 0.95, 0.99]) AS q, max(run_ms) AS max_ms
    FROM task_attempts
    -- The outcome list apart from the timed_out term: the Parquet reader applies list_contains itself, while the OR of
    -- both terms was evaluated again above the scan for every attempt (~0.3 CPU s of 8.4 M attempts at 1M executions).
    WHERE run_ms IS NOT NULL AND resource IS NOT NULL
      AND list_contains(['succeeded', 'failed', 'timed_out'], outcome) AND (outcome <> 'timed_out' OR error IS NOT NULL)
      AND date_in_window(date) AND in_window(execution_start_time) AND in_scope(account_id, region)
    GROUP BY 1, 2, 6
)
SELECT account_id, region, level, state_machine, state_name, resource, samples,
       q[1] AS p50_ms, q[2] AS p90_ms, q[3] AS p95_ms, q[4] AS p99_ms, max_ms
FROM (FROM by_execution UNION ALL FROM by_state UNION ALL FROM by_resource)
ORDER BY account_id, region, level, state_machine NULLS FIRST, state_name NULLS FIRST, resource NULLS FIRST;
