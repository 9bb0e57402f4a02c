-- retry_attempts: how many attempts visits needed, per state machine and Task state and per durable function step.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): visits of executions whose start time is in [start, end).
-- Rows: one per (kind, scope, name, attempts). Ordered by kind, scope, name, attempts.
-- Output columns (stable):
--   kind      VARCHAR  'task_state' (a Step Functions Task state's visits, from state_visits) or 'durable_step'
--                      (a durable function's STEP operations, from durable_operations)
--   scope     VARCHAR  the state machine name (task_state) or the function name (durable_step)
--   name      VARCHAR  the state name or the step name
--   attempts  INTEGER  attempts one visit (or step) took: 1 = no retry
--   visits    BIGINT   visits (steps) that took exactly that many attempts
--   share     DOUBLE   visits / all visits of that (kind, scope, name) in the window
WITH task_visits AS (
    SELECT 'task_state' AS kind, state_machine_name AS scope, state_name AS name, attempts
    FROM state_visits
    WHERE state_type = 'Task' AND attempts IS NOT NULL
      AND date_in_window(date) AND in_window(execution_start_time)
),
durable_steps AS (
    SELECT 'durable_step' AS kind, e.function_name AS scope, o.name AS name, o.attempts
    FROM durable_operations AS o
    JOIN durable_executions AS e USING (durable_execution_arn)
    WHERE o.type = 'STEP' AND o.attempts IS NOT NULL
      AND date_in_window(e.date) AND in_window(e.start_time)
),
counted AS (
    SELECT kind, scope, name, attempts, count(*) AS visits
    FROM (FROM task_visits UNION ALL FROM durable_steps)
    GROUP BY ALL
)
SELECT kind, scope, name, attempts, visits,
       visits::DOUBLE / sum(visits) OVER (PARTITION BY kind, scope, name) AS share
FROM counted
ORDER BY kind, scope, name, attempts;
