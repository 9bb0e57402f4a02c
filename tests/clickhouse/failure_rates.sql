-- failure_rates (queries/failure_rates.sql) in ClickHouse's dialect, over the views `analytics ddl --engine
-- clickhouse` creates: the same rows and columns, no window (every execution).
SELECT
    account_id, region,
    multiIf(map_run_arn IS NULL OR position(state_machine_name, '/') > 0, state_machine_name,
            coalesce(nullIf(extract(state_machine_arn, ':stateMachine:([^:]+)'), ''), state_machine_name)) AS state_machine,
    toBool(max(map_run_arn IS NOT NULL)) AS is_map_run,
    count() AS executions,
    countIf(status = 'SUCCEEDED') AS succeeded,
    countIf(status = 'FAILED') AS failed,
    countIf(status = 'TIMED_OUT') AS timed_out,
    countIf(status = 'ABORTED') AS aborted,
    countIf(status IN ('RUNNING', 'PENDING_REDRIVE')) AS running,
    countIf(status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')) AS closed,
    countIf(status IN ('FAILED', 'TIMED_OUT', 'ABORTED'))
        / nullIf(countIf(status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')), 0) AS failure_rate
FROM analytics.executions
GROUP BY account_id, region, state_machine
ORDER BY account_id, region, state_machine
