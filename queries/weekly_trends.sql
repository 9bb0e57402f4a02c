-- weekly_trends: failure rate and p95 execution duration per state machine and ISO week, over the 8 weeks that end
-- with `end` (the report's sparklines).
--
-- Parameters: end (TIMESTAMPTZ, optional): the end of the last week, exclusive; the window is [end - 56 days, end) on
-- the execution's start time. Weeks are ISO weeks (Monday 00:00 UTC), so pass a Monday. Without end: the end of the
-- ISO week of the newest execution;
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Figures are those of failure_rates and latency_percentiles (execution level) over each week.
-- Rows: one per (account_id, region, state_machine, week) with executions; weeks without any are absent. Ordered by
-- account_id, region, state_machine, week.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   state_machine  VARCHAR  as in failure_rates
--   week_start     DATE     the Monday the ISO week starts
--   executions     BIGINT   started that week, any status
--   closed         BIGINT   SUCCEEDED, FAILED, TIMED_OUT or ABORTED
--   failed         BIGINT   FAILED, TIMED_OUT or ABORTED
--   failure_rate   DOUBLE   failed / closed; NULL when none closed
--   p95_ms         BIGINT   quantile_disc(duration_ms, 0.95) of the closed executions with a duration; NULL without
WITH week_end AS (
    SELECT coalesce(CAST(getvariable('end') AS TIMESTAMPTZ),
                    (SELECT CAST(date_trunc('week', max(start_time)) AS TIMESTAMPTZ) + INTERVAL 7 DAY FROM executions)) AS week_end
),
-- The window's bounds once, not per row: TIMESTAMPTZ arithmetic and casts go through ICU's calendar (slow).
bounds AS (
    SELECT week_end - INTERVAL 56 DAY AS window_start, week_end AS window_end,
           CAST(week_end - INTERVAL 56 DAY AS DATE) AS first_date, CAST(week_end AS DATE) AS last_date
    FROM week_end
)
SELECT
    account_id, region,
    state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS state_machine,
    utc_week_start(start_time) AS week_start,
    count(*) AS executions,
    count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')) AS closed,
    count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')) AS failed,
    (count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'ABORTED')))::DOUBLE
        / nullif(count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')), 0) AS failure_rate,
    quantile_disc(duration_ms, 0.95) FILTER (WHERE duration_ms IS NOT NULL) AS p95_ms
FROM executions, bounds
WHERE date >= first_date AND date <= last_date
  AND start_time >= window_start AND start_time < window_end AND in_scope(account_id, region)
GROUP BY ALL
ORDER BY account_id, region, state_machine, week_start;
