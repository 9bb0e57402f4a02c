-- accounts_regions: the window per AWS account and region: Step Functions and durable executions, failures, p95, and
-- what the export runs of the window exported there.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start time is in [start, end), export runs that
--             started in it;
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Figures are failure_rates' and latency_percentiles' over top-level executions (Map Run children left out, as in the
-- report's headline), durable_health's over durable executions, and the export runs' export_units rows.
-- Rows: one per (account_id, region) with executions of either kind or an export run in the window, ordered by them.
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
--   exports             BIGINT   export runs that crawled the unit (one per run and shard)
--   incomplete_exports  BIGINT   of them, those that could not read the unit whole (export_units.failures says why)
--   exported_executions BIGINT   top-level Step Functions and durable executions they exported (a re-export counts again)
--   exported_events     BIGINT   history events they exported (Map Run children's included)
--   exported_map_runs   BIGINT   Map Runs they exported
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
),
exported AS (
    SELECT u.account_id, u.region,
           count(*) AS exports,
           count(*) FILTER (WHERE u.status = 'incomplete') AS incomplete_exports,
           sum(u.executions) AS exported_executions,
           sum(u.events) AS exported_events,
           sum(u.map_runs) AS exported_map_runs
    FROM export_units AS u
    JOIN export_runs AS r ON r.run_id = u.run_id
    WHERE u.account_id IS NOT NULL AND date_in_window(u.date) AND date_in_window(r.date) AND in_window(r.started_at)
      AND in_scope(u.account_id, u.region)
    GROUP BY u.account_id, u.region
)
SELECT account_id, region,
       coalesce(m.state_machines, 0) AS state_machines, coalesce(m.executions, 0) AS executions,
       coalesce(m.failed, 0) AS failed, m.failure_rate, m.p95_ms,
       coalesce(d.durable_functions, 0) AS durable_functions, coalesce(d.durable_executions, 0) AS durable_executions,
       coalesce(d.durable_failed, 0) AS durable_failed,
       coalesce(e.exports, 0) AS exports, coalesce(e.incomplete_exports, 0) AS incomplete_exports,
       coalesce(e.exported_executions, 0) AS exported_executions, coalesce(e.exported_events, 0) AS exported_events,
       coalesce(e.exported_map_runs, 0) AS exported_map_runs
FROM machines AS m
FULL OUTER JOIN durable AS d USING (account_id, region)
FULL OUTER JOIN exported AS e USING (account_id, region)
ORDER BY account_id, region;
