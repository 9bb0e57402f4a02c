-- open_executions: the executions an export run found open (in no terminal status) and so could not export yet.
--
-- Open executions have no rows in the history tables until they close; each export run writes the ones it found into
-- the open_executions snapshot: top-level Step Functions executions (RUNNING, PENDING_REDRIVE), Map Run children
-- listed under a closed parent, durable executions (RUNNING, PAUSED, …, whatever status the export treats as open).
-- The run read is, per shard, the newest completed export run that started before `end`, or when none did, the first
-- one after it (without `end`: the newest run): snapshot_runs() in _views.sql, whose open_executions column tells a
-- run that found none (0) from one that recorded nothing (NULL). Neither has rows here.
--
-- Parameters: end (TIMESTAMPTZ, optional): the moment the snapshot should describe; start is not used.
-- Rows: one per state machine (`<state machine>/<map label>` for Map Run children) or durable function with open
-- executions, ordered by source kind and name.
-- Output columns (stable):
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
),
by_status AS (
    SELECT source_kind, source_name, status, count(*) AS n FROM open GROUP BY ALL
)
SELECT source_kind, source_name, count(*) AS open_executions,
       (SELECT string_agg(b.status || ' ' || b.n, ', ' ORDER BY b.status) FROM by_status AS b
        WHERE b.source_kind = o.source_kind AND b.source_name = o.source_name) AS by_status,
       min(start_time) AS oldest_start, min(export_run_id) AS export_run_id, min(export_started_at) AS export_started_at
FROM open AS o
GROUP BY source_kind, source_name
ORDER BY source_kind DESC, source_name;
