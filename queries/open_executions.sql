-- open_executions: the executions an export run found open (in no terminal status) and so could not export yet.
--
-- Open executions have no rows in the history tables until they close; each export run writes the ones it found into
-- the open_executions snapshot: top-level Step Functions executions (RUNNING, PENDING_REDRIVE), Map Run children
-- listed under a closed parent, durable executions (RUNNING, PAUSED, …, whatever status the export treats as open).
-- The run read is, per shard, the newest completed export run that started before `end`, or when none did, the first
-- one after it (without `end`: the newest run): snapshot_runs() in _views.sql, whose open_executions column tells a
-- run that found none (0) from one that recorded nothing (NULL). Neither has rows here.
--
-- Parameters: end (TIMESTAMPTZ, optional): the moment the snapshot should describe; start is not used;
--             account, region (VARCHAR, optional): only that account / region (in_scope in _views.sql).
-- Rows: one per state machine (`<state machine>/<map label>` for Map Run children) or durable function with open
-- executions in an account and region, ordered by account_id, region, source kind and name.
-- Output columns (stable):
--   account_id     VARCHAR  the AWS account (12 digits) the row's executions ran in
--   region         VARCHAR  their region (same-named state machines of different accounts or regions are separate rows)
--   source_kind        VARCHAR      stepfunctions | durable
--   source_name        VARCHAR      state machine or function name
--   open_executions    BIGINT
--   by_status          VARCHAR      e.g. 'PAUSED 1, RUNNING 3'
--   oldest_start       TIMESTAMPTZ  start time of the oldest open execution
--   export_run_id      VARCHAR      the export run whose snapshot this is
--   export_started_at  TIMESTAMPTZ
WITH open AS (
    SELECT o.*, r.started_at AS export_started_at
    FROM open_executions AS o JOIN snapshot_runs() AS r ON o.export_run_id = r.run_id
    WHERE in_scope(o.account_id, o.region)
),
by_status AS (
    SELECT account_id, region, source_kind, source_name, status, count(*) AS n FROM open GROUP BY ALL
)
SELECT account_id, region, source_kind, source_name, count(*) AS open_executions,
       (SELECT string_agg(b.status || ' ' || b.n, ', ' ORDER BY b.status) FROM by_status AS b
        WHERE b.source_kind = o.source_kind AND b.source_name = o.source_name
          AND b.account_id IS NOT DISTINCT FROM o.account_id AND b.region IS NOT DISTINCT FROM o.region) AS by_status,
       min(start_time) AS oldest_start, min(export_run_id) AS export_run_id, min(export_started_at) AS export_started_at
FROM open AS o
GROUP BY account_id, region, source_kind, source_name
ORDER BY account_id, region, source_kind DESC, source_name;
