-- state_failure_rates: per state machine and Task state, how often its visits and its attempts failed.
--
-- Parameters: start, end (TIMESTAMPTZ, optional): executions whose start time is in [start, end);
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- The weekly report's state-level regression check reads attempt_failure_rate: the chance that one attempt of the
-- state's work fails, before retries hide it.
-- Rows: one per (account_id, region, state_machine, state_name) with Task visits or attempts, ordered by them.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   state_machine         VARCHAR
--   state_name            VARCHAR
--   visits                BIGINT   Task state visits
--   failed_visits         BIGINT   visits that ended failed, timed_out or aborted (after any retries)
--   caught_visits         BIGINT   visits whose failure a Catch handled
--   attempts              BIGINT   attempts (task_attempts rows) that ended
--   failed_attempts       BIGINT   attempts that ended failed or timed_out
--   attempt_failure_rate  DOUBLE   failed_attempts / attempts; NULL without attempts
-- Rows are counted per outcome first (dictionary-encoded, so grouping by it is cheap), then the outcomes are added up:
-- a FILTER per outcome list on every row cost more.
WITH visit_outcomes AS (
    SELECT account_id, region, state_machine_name AS state_machine, state_name, outcome, count(*) AS n
    FROM state_visits
    WHERE state_type = 'Task' AND date_in_window(date) AND in_window(execution_start_time) AND in_scope(account_id, region)
    GROUP BY ALL
),
visits AS (
    SELECT account_id, region, state_machine, state_name,
           sum(n)::BIGINT AS visits,
           coalesce(sum(n) FILTER (WHERE outcome IN ('failed', 'timed_out', 'aborted')), 0)::BIGINT AS failed_visits,
           coalesce(sum(n) FILTER (WHERE outcome = 'caught'), 0)::BIGINT AS caught_visits
    FROM visit_outcomes
    GROUP BY ALL
),
attempt_outcomes AS (
    SELECT account_id, region, state_machine_name AS state_machine, state_name, outcome, count(*) AS n
    FROM task_attempts
    WHERE date_in_window(date) AND in_window(execution_start_time) AND in_scope(account_id, region)
    GROUP BY ALL
),
attempts AS (
    SELECT account_id, region, state_machine, state_name,
           coalesce(sum(n) FILTER (WHERE outcome IS NOT NULL AND outcome <> 'running'), 0)::BIGINT AS attempts,
           coalesce(sum(n) FILTER (WHERE outcome IN ('failed', 'timed_out')), 0)::BIGINT AS failed_attempts
    FROM attempt_outcomes
    GROUP BY ALL
)
SELECT account_id, region, state_machine, state_name,
       coalesce(v.visits, 0) AS visits, coalesce(v.failed_visits, 0) AS failed_visits,
       coalesce(v.caught_visits, 0) AS caught_visits, coalesce(a.attempts, 0) AS attempts,
       coalesce(a.failed_attempts, 0) AS failed_attempts,
       a.failed_attempts::DOUBLE / nullif(a.attempts, 0) AS attempt_failure_rate
FROM visits AS v
FULL OUTER JOIN attempts AS a USING (account_id, region, state_machine, state_name)
ORDER BY account_id, region, state_machine, state_name;
