-- retry_attempts (queries/retry_attempts.sql) in ClickHouse's dialect, over the views `analytics ddl --engine
-- clickhouse` creates: the same rows and columns, no window (every execution).
WITH counted AS (
    SELECT account_id, region, kind, scope, name, attempts, count() AS visits
    FROM (
        SELECT account_id, region, 'task_state' AS kind, state_machine_name AS scope, state_name AS name, attempts
        FROM analytics.state_visits
        WHERE state_type = 'Task' AND attempts IS NOT NULL
        UNION ALL
        SELECT e.account_id, e.region, 'durable_step' AS kind, e.function_name AS scope, o.name AS name, o.attempts
        FROM analytics.durable_operations AS o
        INNER JOIN analytics.durable_executions AS e ON o.durable_execution_arn = e.durable_execution_arn
        WHERE o.type = 'STEP' AND o.attempts IS NOT NULL
    )
    GROUP BY account_id, region, kind, scope, name, attempts
)
SELECT account_id, region, kind, scope, name, attempts, visits,
       visits / sum(visits) OVER (PARTITION BY account_id, region, kind, scope, name) AS share
FROM counted
ORDER BY account_id, region, kind, scope, name, attempts
