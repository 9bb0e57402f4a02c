-- accounts_regions: the window per AWS account and region: Step Functions and durable executions, failures, p95.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Figures are failure_rates' and latency_percentiles' over top-level executions (Map Run children left out, as in the
-- report's headline), and durable_health's over durable executions.
-- Rows: one per (account_id, region) with executions of either kind in the window, ordered by them.
-- Output columns (stable):
--   account_id          VARCHAR  the AWS account (12 digits)
--   region              VARCHAR
--   state_machines      BIGINT   state machines with top-level executions in the window
--   executions          BIGINT   top-level Step Functions executions, any status
--   failed              BIGINT   FAILED, TIMED_OUT or ABORTED
--   failure_rate        DOUBLE   failed / closed; NULL when none closed
--   p95_ms              BIGINT   quantile_disc(duration_ms, 0.95) of the closed top-level executions
--   durable_functions   BIGINT   durable functions with executions in the window
--   durable_executions  BIGINT   durable executions, any status
--   durable_failed      BIGINT   FAILED, TIMED_OUT or STOPPED
WITH machines AS (
    SELECT account_id, region,
           count(DISTINCT state_machine_name) AS state_machines,
           count(*) AS executions,
           count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')) AS failed,
           (count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')))::DOUBLE
               / nullif(count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')), 0) AS failure_rate,
           quantile_disc(duration_ms, 0.95) FILTER (WHERE duration_ms IS NOT NULL) AS p95_ms
    FROM executions
    WHERE map_run_arn IS NULL AND date_in_window(date) AND in_window(start_time) AND in_scope(account_id, region)
    GROUP BY account_id, region
),
durable AS (
    SELECT account_id, region,
           count(DISTINCT function_name) AS durable_functions,
           count(*) AS durable_executions,
           count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'STOPPED')) AS durable_failed
    FROM durable_executions
    WHERE date_in_window(date) AND in_window(start_time) AND in_scope(account_id, region)
    GROUP BY account_id, region
)
SELECT account_id, region,
       coalesce(m.state_machines, 0) AS state_machines, coalesce(m.executions, 0) AS executions,
       coalesce(m.failed, 0) AS failed, m.failure_rate, m.p95_ms,
       coalesce(d.durable_functions, 0) AS durable_functions, coalesce(d.durable_executions, 0) AS durable_executions,
       coalesce(d.durable_failed, 0) AS durable_failed
FROM machines AS m
FULL OUTER JOIN durable AS d USING (account_id, region)
ORDER BY account_id, region;
