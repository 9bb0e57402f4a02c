-- failure_rates: executions per state machine by final status, and the failure rate.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start_time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: one per state machine over the executions ListExecutions returns for it; Distributed Map child executions
-- are reported on their own rows, named `<state machine>/<map state label>`. Ordered by account_id, region, state_machine.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   state_machine  VARCHAR  the state machine's name (`<state machine>/<map state label>` for Map Run children)
--   is_map_run     BOOLEAN  true on a Distributed Map child row
--   executions     BIGINT   executions started in the window, any status
--   succeeded      BIGINT   status SUCCEEDED
--   failed         BIGINT   status FAILED
--   timed_out      BIGINT   status TIMED_OUT
--   aborted        BIGINT   status ABORTED
--   running        BIGINT   status RUNNING or PENDING_REDRIVE (not closed)
--   closed         BIGINT   succeeded + failed + timed_out + aborted
--   failure_rate   DOUBLE   (failed + timed_out + aborted) / closed; NULL when none closed
SELECT
    account_id, region,
    state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS state_machine,
    bool_or(map_run_arn IS NOT NULL) AS is_map_run,
    count(*) AS executions,
    count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
    count(*) FILTER (WHERE status = 'FAILED') AS failed,
    count(*) FILTER (WHERE status = 'TIMED_OUT') AS timed_out,
    count(*) FILTER (WHERE status = 'ABORTED') AS aborted,
    count(*) FILTER (WHERE status IN ('RUNNING', 'PENDING_REDRIVE')) AS running,
    count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')) AS closed,
    (count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')))::DOUBLE
        / nullif(count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')), 0) AS failure_rate
FROM executions
WHERE date_in_window(date) AND in_window(start_time) AND in_scope(account_id, region)
GROUP BY 1, 2, 3
ORDER BY account_id, region, state_machine;
