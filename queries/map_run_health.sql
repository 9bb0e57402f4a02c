-- map_run_health: Distributed Map Runs per child state machine: how many ran, how they ended, and their items.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): map runs whose start_time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: one per account_id, region and `<state machine>/<map state label>` (taken from the map run ARN), ordered by them.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   state_machine      VARCHAR  `<state machine>/<map state label>`
--   map_runs           BIGINT   map runs started in the window
--   succeeded          BIGINT   map runs with status SUCCEEDED
--   failed             BIGINT   status FAILED
--   aborted            BIGINT   status ABORTED
--   running            BIGINT   status RUNNING
--   redriven           BIGINT   map runs redriven at least once (redrive_count > 0)
--   items_total        BIGINT   items over all these map runs
--   items_succeeded    BIGINT
--   items_failed       BIGINT
--   items_timed_out    BIGINT
--   items_aborted      BIGINT
--   item_failure_rate  DOUBLE   (items_failed + items_timed_out + items_aborted) / items_total; NULL without items
--   p50_duration_ms    BIGINT   quantile_disc of closed map runs' duration (stop_time - start_time)
--   max_duration_ms    BIGINT
WITH runs AS (
    SELECT account_id, region, coalesce(nullif(regexp_extract(map_run_arn, ':mapRun:(.+):[^:]+$', 1), ''), map_run_arn) AS state_machine,
           status, redrive_count, items_total, items_succeeded, items_failed, items_timed_out, items_aborted,
           date_diff('millisecond', start_time, stop_time) AS run_ms
    FROM map_runs
    WHERE in_window(start_time) AND in_scope(account_id, region)
)
SELECT
    account_id, region, state_machine,
    count(*) AS map_runs,
    count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
    count(*) FILTER (WHERE status = 'FAILED') AS failed,
    count(*) FILTER (WHERE status = 'ABORTED') AS aborted,
    count(*) FILTER (WHERE status = 'RUNNING') AS running,
    count(*) FILTER (WHERE redrive_count > 0) AS redriven,
    coalesce(sum(items_total), 0)::BIGINT AS items_total,
    coalesce(sum(items_succeeded), 0)::BIGINT AS items_succeeded,
    coalesce(sum(items_failed), 0)::BIGINT AS items_failed,
    coalesce(sum(items_timed_out), 0)::BIGINT AS items_timed_out,
    coalesce(sum(items_aborted), 0)::BIGINT AS items_aborted,
    (coalesce(sum(items_failed), 0) + coalesce(sum(items_timed_out), 0) + coalesce(sum(items_aborted), 0))::DOUBLE
        / nullif(sum(items_total), 0) AS item_failure_rate,
    quantile_disc(run_ms, 0.5) AS p50_duration_ms,
    max(run_ms) AS max_duration_ms
FROM runs
GROUP BY account_id, region, state_machine
ORDER BY account_id, region, state_machine;
