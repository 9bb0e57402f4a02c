-- durable_health: Lambda durable functions: executions by status, failure rate, duration and step retries.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): durable executions whose start_time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: one per (account_id, region, function name), ordered by them.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's durable executions ran in
--   region         VARCHAR  their region (same-named functions of different accounts or regions are separate rows)
--   function_name  VARCHAR
--   executions     BIGINT   durable executions started in the window, any status
--   succeeded      BIGINT   status SUCCEEDED
--   failed         BIGINT   status FAILED
--   timed_out      BIGINT   status TIMED_OUT
--   stopped        BIGINT   status STOPPED
--   running        BIGINT   status RUNNING
--   failure_rate   DOUBLE   (failed + timed_out + stopped) / closed; NULL when none closed
--   p50_ms, p95_ms, p99_ms, max_ms  BIGINT  duration_ms of closed executions (quantile_disc)
--   steps          BIGINT   STEP operations of these executions
--   retried_steps  BIGINT   steps that took more than one attempt
--   step_attempts  BIGINT   attempts over all steps
WITH runs AS (
    SELECT account_id, region, function_name, status, duration_ms, durable_execution_arn
    FROM durable_executions
    WHERE date_in_window(date) AND in_window(start_time) AND in_scope(account_id, region)
),
by_function AS (
    SELECT account_id, region, function_name,
           count(*) AS executions,
           count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
           count(*) FILTER (WHERE status = 'FAILED') AS failed,
           count(*) FILTER (WHERE status = 'TIMED_OUT') AS timed_out,
           count(*) FILTER (WHERE status = 'STOPPED') AS stopped,
           count(*) FILTER (WHERE status = 'RUNNING') AS running,
           quantile_disc(duration_ms, [0.5, 0.95, 0.99]) FILTER (WHERE status <> 'RUNNING') AS q,
           max(duration_ms) FILTER (WHERE status <> 'RUNNING') AS max_ms
    FROM runs
    GROUP BY account_id, region, function_name
),
steps AS (
    SELECT r.account_id, r.region, r.function_name, count(*) AS steps, count(*) FILTER (WHERE o.attempts > 1) AS retried_steps,
           coalesce(sum(o.attempts), 0)::BIGINT AS step_attempts
    FROM durable_operations AS o
    JOIN runs AS r USING (durable_execution_arn)
    WHERE o.type = 'STEP'
    GROUP BY r.account_id, r.region, r.function_name
)
SELECT f.account_id, f.region, f.function_name, executions, succeeded, failed, timed_out, stopped, running,
       (failed + timed_out + stopped)::DOUBLE / nullif(succeeded + failed + timed_out + stopped, 0) AS failure_rate,
       q[1] AS p50_ms, q[2] AS p95_ms, q[3] AS p99_ms, max_ms,
       coalesce(s.steps, 0) AS steps, coalesce(s.retried_steps, 0) AS retried_steps,
       coalesce(s.step_attempts, 0) AS step_attempts
FROM by_function AS f
LEFT JOIN steps AS s USING (account_id, region, function_name)
ORDER BY f.account_id, f.region, f.function_name;
