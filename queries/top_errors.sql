-- top_errors: the most frequent errors, per source.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start time is in [start, end);
--             limit (INTEGER, optional, default 20): rows kept per source;
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: the `limit` most frequent (account_id, region, scope, name, error) per source, ordered by source, then
-- occurrences descending.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   source       VARCHAR  'execution' (closed unsuccessful executions; error, else the status),
--                         'task_attempt' (failed or timed-out Task attempts, from task_attempts),
--                         'durable_execution' (unsuccessful durable executions; error_type, else the status),
--                         'durable_step' (failed durable step attempts: StepFailed events)
--   scope        VARCHAR  state machine name (Map Run children as in failure_rates) or function name
--   name         VARCHAR  state name or step name; NULL for the execution sources
--   error        VARCHAR  the error name
--   occurrences  BIGINT   times it happened
--   executions   BIGINT   distinct executions it happened in
--   last_seen    TIMESTAMPTZ  latest occurrence (the end or event time)
-- The `<> 'SUCCEEDED'` / `<> 'succeeded'` terms change no row: DuckDB pushes such a comparison into the Parquet scan,
-- which then skips the other columns of the successful rows (compaction writes them last: UnsuccessfulFirst), while an
-- IN list only prunes by min/max and filters after every column is decoded.
WITH occurrences AS (
    SELECT account_id, region, 'execution' AS source, state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS scope,
           NULL::VARCHAR AS name, coalesce(error, status) AS error, execution_arn AS execution, stop_time AS seen_at
    FROM executions
    WHERE status <> 'SUCCEEDED' AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED') AND date_in_window(date) AND in_window(start_time)
      AND in_scope(account_id, region)
    UNION ALL
    SELECT account_id, region, 'task_attempt', state_machine_name, state_name, coalesce(error, outcome), execution_arn, ended_at
    FROM task_attempts
    WHERE outcome <> 'succeeded' AND outcome IN ('failed', 'timed_out') AND date_in_window(date) AND in_window(execution_start_time)
      AND in_scope(account_id, region)
    UNION ALL
    SELECT account_id, region, 'durable_execution', function_name, NULL, coalesce(error_type, status), durable_execution_arn, end_time
    FROM durable_executions
    WHERE status <> 'SUCCEEDED' AND status IN ('FAILED', 'TIMED_OUT', 'STOPPED') AND date_in_window(date) AND in_window(start_time)
      AND in_scope(account_id, region)
    UNION ALL
    SELECT x.account_id, x.region, 'durable_step', x.function_name, v.name, coalesce(v.error_type, v.event_type), v.durable_execution_arn, v.timestamp
    FROM durable_events AS v
    JOIN durable_executions AS x USING (durable_execution_arn)
    WHERE v.event_type = 'StepFailed' AND date_in_window(x.date) AND in_window(x.start_time) AND in_scope(x.account_id, x.region)
),
counted AS (
    SELECT account_id, region, source, scope, name, error, count(*) AS occurrences, count(DISTINCT execution) AS executions,
           max(seen_at) AS last_seen
    FROM occurrences
    GROUP BY ALL
)
SELECT account_id, region, source, scope, name, error, occurrences, executions, last_seen
FROM counted
QUALIFY row_number() OVER (PARTITION BY source ORDER BY occurrences DESC, scope, account_id, region, name NULLS FIRST, error)
        <= coalesce(CAST(getvariable('limit') AS INTEGER), 20)
ORDER BY source, occurrences DESC, scope, account_id, region, name NULLS FIRST, error;
