-- retry_attempts: how many attempts visits needed, per state machine and Task state and per durable function step.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): visits of executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: one per (account_id, region, kind, scope, name, attempts). Ordered by account_id, region, kind, scope, name,
-- attempts.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   kind      VARCHAR  'task_state' (a Step Functions Task state's visits, from state_visits) or 'durable_step'
--                      (a durable function's STEP operations, from durable_operations)
--   scope     VARCHAR  the state machine name (task_state) or the function name (durable_step)
--   name      VARCHAR  the state name or the step name
--   attempts  INTEGER  attempts one visit (or step) took: 1 = no retry
--   visits    BIGINT   visits (steps) that took exactly that many attempts
--   share     DOUBLE   visits / all visits of that (kind, scope, name) in the window
WITH task_visits AS (
    SELECT account_id, region, 'task_state' AS kind, state_machine_name AS scope, state_name AS name, attempts
    FROM state_visits
    WHERE state_type = 'Task' AND attempts IS NOT NULL
      AND date_in_window(date) AND in_window(execution_start_time) AND in_scope(account_id, region)
),
durable_steps AS (
    SELECT e.account_id, e.region, 'durable_step' AS kind, e.function_name AS scope, o.name AS name, o.attempts
    FROM durable_operations AS o
    JOIN durable_executions AS e USING (durable_execution_arn)
    WHERE o.type = 'STEP' AND o.attempts IS NOT NULL
      AND date_in_window(e.date) AND in_window(e.start_time) AND in_scope(e.account_id, e.region)
),
counted AS (
    SELECT account_id, region, kind, scope, name, attempts, count(*) AS visits
    FROM (FROM task_visits UNION ALL FROM durable_steps)
    GROUP BY ALL
)
SELECT account_id, region, kind, scope, name, attempts, visits,
       visits::DOUBLE / sum(visits) OVER (PARTITION BY account_id, region, kind, scope, name) AS share
FROM counted
ORDER BY account_id, region, kind, scope, name, attempts;
