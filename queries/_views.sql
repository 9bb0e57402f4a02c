-- Views over an exported dataset, one per SPEC §5 table, named like the table.
--
-- The query layer (`analytics query`, `analytics report`) runs this script for every session. To use the same views
-- from the DuckDB CLI (1.5 or newer), set the dataset root first, then read the script:
--
--     duckdb
--     D SET VARIABLE data_dir = '/path/to/dataset';
--     D .read queries/_views.sql
--     D SET VARIABLE start = TIMESTAMPTZ '2026-11-16 00:00:00+00';
--     D SET VARIABLE "end" = TIMESTAMPTZ '2026-11-23 00:00:00+00';
--     D .read queries/failure_rates.sql
--
-- How a view is built:
--   * Files: DIR/<table>/date=YYYY-MM-DD/*.parquet (Hive partitions; `date` is a DATE column, so a filter on it prunes
--     whole partitions). Snapshot tables (state_machines, functions, export_runs, open_executions, export_units) are partitioned by export date. DIR/_manifest/ is
--     not read here: `analytics query` and `report` read only the files the manifest lists (the variables
--     analytics_files and analytics_arn_files, set before this script), so a stray copy cannot double a count; from the DuckDB CLI every file
--     under the table folders is read (`analytics verify` lists any the manifest does not).
--   * Schema evolution: files are combined by column name (union_by_name), so a newer file may add columns and an
--     older one may lack them (NULL there).
--   * Each view always has the columns listed below, typed, even before any file of that table exists: a young
--     dataset gives empty results, never a missing-table error. Extra columns found in the files are kept too.
--     The lists are the tables' declarations in Analytics.Core (Schemas/), then export_run_id and date; a test
--     (ViewSchemaTests) names any column where the two differ. Every table's declared columns end with account_id
--     and region; rows of older files take them from the row's ARN (analytics_view_sql).
--   * The file list is taken when the script runs: run it again after an export adds a new table.
-- Timestamps are TIMESTAMPTZ (UTC); the session time zone is set to UTC so that CAST(ts AS DATE) is the UTC date.

SET TimeZone = 'UTC';

-- Field n (1-based) of an ARN (arn:partition:service:region:account:...): 4 is the region, 5 the account; NULL when
-- the text is no ARN or the field is empty.
CREATE OR REPLACE TEMP MACRO arn_field(arn, n) AS
    CASE WHEN starts_with(arn, 'arn:') THEN nullif(split_part(arn, ':', n), '') END;

-- read_parquet over files (a SQL list of paths, or a quoted glob), Hive `date` typed.
CREATE OR REPLACE TEMP MACRO analytics_read_sql(files) AS
    'SELECT * FROM read_parquet(' || files || ', hive_partitioning = true, hive_types = {''date'': DATE}, union_by_name = true)';

-- The same for files that may lack account_id and region or leave them NULL (written before those columns existed),
-- united with an empty row set of the view's columns: such rows take them from the row's ARN column (arn_column), so
-- an older dataset is grouped and filtered by account and region too.
CREATE OR REPLACE TEMP MACRO analytics_read_arn_sql(files, arn_column, columns) AS
    'SELECT * REPLACE (coalesce(account_id, arn_field(' || arn_column || ', 5)) AS account_id, '
    || 'coalesce(region, arn_field(' || arn_column || ', 4)) AS region) FROM ('
    || 'SELECT ' || columns || ' WHERE false UNION ALL BY NAME ' || analytics_read_sql(files) || ')';

-- One table's file list (SQL list text, '[]' for none) in the map variable analytics_files or analytics_arn_files.
CREATE OR REPLACE TEMP MACRO analytics_listed(variable, table_name) AS
    coalesce(map_extract(getvariable(variable), table_name)[1], '[]');

-- Without analytics_files (the DuckDB CLI, or `analytics query` over an imported dataset, which has no manifest) every
-- table folder holding files at this moment is read whole: analytics_arn_files maps it to a glob of its files, expanded
-- again by each query. One glob for every table (a glob per view was a tenth of a session's set-up); the pattern is
-- empty, matching nothing, when the lists are given.
SET VARIABLE analytics_arn_files = CASE WHEN getvariable('analytics_files') IS NULL THEN (
    SELECT map(list(table_name), list('''' || replace(getvariable('data_dir') || '/' || table_name || '/date=*/*.parquet', '''', '''''') || ''''))
    FROM (SELECT DISTINCT regexp_extract(file, '([^/]+)/date=[^/]*/[^/]*$', 1) AS table_name
          FROM glob(CASE WHEN getvariable('analytics_files') IS NULL THEN getvariable('data_dir') || '/*/date=*/*.parquet' ELSE '' END)))
    ELSE getvariable('analytics_arn_files') END;

-- The SQL text of one view: an empty row set with the expected columns, united by name with the table's files.
-- `analytics query` sets analytics_files (table -> SQL list of the manifest's committed files with account_id and
-- region set in every row, as the manifest recorded at commit; the footer statistics of files committed before it did) and analytics_arn_files (the table's other committed files): only those
-- are read, and only the latter read the ARN column for account and region (the widest column, costly to scan).
CREATE OR REPLACE TEMP MACRO analytics_view_sql(table_name, arn_column, columns) AS
    'SELECT ' || columns || ' WHERE false'
    || CASE WHEN analytics_listed('analytics_files', table_name) = '[]' THEN ''
       ELSE ' UNION ALL BY NAME ' || analytics_read_sql(analytics_listed('analytics_files', table_name)) END
    || CASE WHEN analytics_listed('analytics_arn_files', table_name) = '[]' THEN ''
       ELSE ' UNION ALL BY NAME ' || analytics_read_arn_sql(analytics_listed('analytics_arn_files', table_name), arn_column, columns) END;

-- A view's SQL text, from analytics_views (below).
CREATE OR REPLACE TEMP MACRO analytics_view(table_name) AS map_extract(getvariable('analytics_views'), table_name)[1];

-- The name failure rates are reported under: a Distributed Map child execution belongs to the child "state machine"
-- `<state machine>/<map state label>` (the name part of its state machine ARN), everything else to its own.
CREATE OR REPLACE TEMP MACRO state_machine_label(state_machine_name, state_machine_arn, map_run_arn) AS
    CASE
        WHEN map_run_arn IS NULL OR contains(state_machine_name, '/') THEN state_machine_name
        ELSE coalesce(nullif(regexp_extract(state_machine_arn, ':stateMachine:([^:]+)', 1), ''), state_machine_name)
    END;

-- The SQL text of every view, built by one statement: binding analytics_view_sql once for all tables instead of once
-- per view was a third of a session's set-up. A row per view: its table, the ARN column its account and region come
-- from in older files, and its typed columns.
SET VARIABLE analytics_views = (SELECT map(list(table_name), list(analytics_view_sql(table_name, arn_column, columns))) FROM (VALUES
    ('state_machines', 'state_machine_arn',
    'NULL::VARCHAR AS state_machine_arn, NULL::VARCHAR AS name, NULL::VARCHAR AS type, NULL::VARCHAR AS status,
     NULL::TIMESTAMPTZ AS creation_date, NULL::VARCHAR AS definition_sha256, NULL::VARCHAR AS definition,
     NULL::VARCHAR AS role_arn, NULL::VARCHAR AS description, NULL::VARCHAR AS label, NULL::VARCHAR AS revision_id,
     NULL::VARCHAR AS logging_level, NULL::BOOLEAN AS tracing_enabled,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('executions', 'execution_arn',
    'NULL::VARCHAR AS execution_arn, NULL::VARCHAR AS state_machine_arn, NULL::VARCHAR AS state_machine_name,
     NULL::VARCHAR AS execution_name, NULL::VARCHAR AS type, NULL::VARCHAR AS status, NULL::TIMESTAMPTZ AS start_time,
     NULL::TIMESTAMPTZ AS stop_time, NULL::BIGINT AS duration_ms, NULL::VARCHAR AS map_run_arn,
     NULL::VARCHAR AS parent_execution_arn, NULL::INTEGER AS redrive_count, NULL::VARCHAR AS error,
     NULL::VARCHAR AS cause, NULL::BIGINT AS event_count, NULL::BOOLEAN AS history_complete,
     NULL::TIMESTAMPTZ AS execution_start_time,
     NULL::VARCHAR AS state_machine_version_arn, NULL::VARCHAR AS state_machine_alias_arn, NULL::VARCHAR AS role_arn,
     NULL::BIGINT AS input_bytes, NULL::BIGINT AS output_bytes, NULL::VARCHAR AS history_source,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('events', 'execution_arn',
    'NULL::VARCHAR AS execution_arn, NULL::BIGINT AS event_id, NULL::BIGINT AS previous_event_id,
     NULL::TIMESTAMPTZ AS timestamp, NULL::VARCHAR AS type, NULL::VARCHAR AS state_name, NULL::VARCHAR AS state_type,
     NULL::VARCHAR AS resource_type, NULL::VARCHAR AS resource, NULL::VARCHAR AS error, NULL::VARCHAR AS cause,
     NULL::BIGINT AS timeout_seconds, NULL::BIGINT AS heartbeat_seconds, NULL::INTEGER AS map_iteration_index,
     NULL::INTEGER AS map_length, NULL::VARCHAR AS map_run_arn, NULL::VARCHAR AS worker_name,
     NULL::BIGINT AS input_bytes, NULL::BIGINT AS output_bytes, NULL::BOOLEAN AS truncated, NULL::VARCHAR AS input,
     NULL::VARCHAR AS output, NULL::VARCHAR AS details_json, NULL::TIMESTAMPTZ AS execution_start_time,
     NULL::VARCHAR AS role_arn, NULL::VARCHAR AS task_region, NULL::INTEGER AS redrive_count,
     NULL::VARCHAR AS evaluation_location, NULL::VARCHAR AS state_machine_version_arn,
     NULL::VARCHAR AS state_machine_alias_arn, NULL::VARCHAR AS assigned_variables, NULL::INTEGER AS parallel_branch,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('state_visits', 'execution_arn',
    'NULL::VARCHAR AS execution_arn, NULL::VARCHAR AS state_machine_name, NULL::VARCHAR AS state_name,
     NULL::VARCHAR AS state_type, NULL::BIGINT AS entered_event_id, NULL::BIGINT AS exited_event_id,
     NULL::TIMESTAMPTZ AS entered_at, NULL::TIMESTAMPTZ AS exited_at, NULL::BIGINT AS duration_ms,
     NULL::VARCHAR AS outcome, NULL::INTEGER AS attempts, NULL::VARCHAR AS final_error, NULL::VARCHAR AS resource,
     NULL::INTEGER AS map_iteration_index, NULL::INTEGER AS parallel_branch, NULL::TIMESTAMPTZ AS execution_start_time,
     NULL::VARCHAR AS resource_type, NULL::VARCHAR AS map_run_arn, NULL::VARCHAR AS parent_state_name,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('task_attempts', 'execution_arn',
    'NULL::VARCHAR AS execution_arn, NULL::VARCHAR AS state_name, NULL::INTEGER AS attempt,
     NULL::VARCHAR AS resource_type, NULL::VARCHAR AS resource, NULL::TIMESTAMPTZ AS scheduled_at,
     NULL::TIMESTAMPTZ AS started_at, NULL::TIMESTAMPTZ AS ended_at, NULL::BIGINT AS queue_ms, NULL::BIGINT AS run_ms,
     NULL::VARCHAR AS outcome, NULL::VARCHAR AS error, NULL::TIMESTAMPTZ AS execution_start_time,
     NULL::VARCHAR AS state_machine_name, NULL::BIGINT AS scheduled_event_id, NULL::BIGINT AS state_entered_event_id,
     NULL::INTEGER AS map_iteration_index, NULL::INTEGER AS parallel_branch,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id,
     NULL::DATE AS date'),
    ('map_runs', 'map_run_arn',
    'NULL::VARCHAR AS map_run_arn, NULL::VARCHAR AS execution_arn, NULL::VARCHAR AS state_machine_arn,
     NULL::VARCHAR AS status, NULL::TIMESTAMPTZ AS start_time, NULL::TIMESTAMPTZ AS stop_time,
     NULL::INTEGER AS max_concurrency, NULL::DOUBLE AS tolerated_failure_percentage,
     NULL::BIGINT AS tolerated_failure_count,
     NULL::BIGINT AS items_pending, NULL::BIGINT AS items_running, NULL::BIGINT AS items_succeeded,
     NULL::BIGINT AS items_failed, NULL::BIGINT AS items_timed_out, NULL::BIGINT AS items_aborted,
     NULL::BIGINT AS items_total, NULL::BIGINT AS items_results_written,
     NULL::BIGINT AS executions_pending, NULL::BIGINT AS executions_running, NULL::BIGINT AS executions_succeeded,
     NULL::BIGINT AS executions_failed, NULL::BIGINT AS executions_timed_out, NULL::BIGINT AS executions_aborted,
     NULL::BIGINT AS executions_total, NULL::BIGINT AS executions_results_written, NULL::INTEGER AS redrive_count,
     NULL::TIMESTAMPTZ AS redrive_date, NULL::BIGINT AS duration_ms, NULL::TIMESTAMPTZ AS execution_start_time,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('functions', 'function_arn',
    'NULL::VARCHAR AS function_arn, NULL::VARCHAR AS function_name, NULL::VARCHAR AS qualifier, NULL::VARCHAR AS runtime,
     NULL::BOOLEAN AS durable,
     NULL::INTEGER AS maximum_retry_attempts, NULL::INTEGER AS maximum_event_age_seconds,
     NULL::VARCHAR AS on_success_destination, NULL::VARCHAR AS on_failure_destination,
     NULL::INTEGER AS memory_size, NULL::INTEGER AS timeout_seconds, NULL::INTEGER AS durable_retention_days,
     NULL::INTEGER AS durable_execution_timeout_seconds, NULL::VARCHAR AS last_modified,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('durable_executions', 'durable_execution_arn',
    'NULL::VARCHAR AS durable_execution_arn, NULL::VARCHAR AS function_arn, NULL::VARCHAR AS function_name,
     NULL::VARCHAR AS version, NULL::VARCHAR AS execution_name, NULL::VARCHAR AS status,
     NULL::TIMESTAMPTZ AS start_time, NULL::TIMESTAMPTZ AS end_time, NULL::BIGINT AS duration_ms,
     NULL::VARCHAR AS error_type, NULL::VARCHAR AS error_message, NULL::BIGINT AS event_count,
     NULL::TIMESTAMPTZ AS execution_start_time, NULL::INTEGER AS invocation_count, NULL::INTEGER AS operation_count,
     NULL::BIGINT AS execution_timeout_seconds,
     NULL::INTEGER AS pause_count, NULL::TIMESTAMPTZ AS last_pause_time, NULL::TIMESTAMPTZ AS last_resume_time,
     NULL::BOOLEAN AS execution_timeout_paused,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('durable_events', 'durable_execution_arn',
    'NULL::VARCHAR AS durable_execution_arn, NULL::BIGINT AS event_id, NULL::VARCHAR AS operation_id,
     NULL::VARCHAR AS parent_id, NULL::VARCHAR AS name, NULL::VARCHAR AS event_type, NULL::VARCHAR AS sub_type,
     NULL::TIMESTAMPTZ AS timestamp, NULL::INTEGER AS attempt, NULL::BIGINT AS next_attempt_delay_seconds,
     NULL::VARCHAR AS error_type, NULL::VARCHAR AS error_message, NULL::VARCHAR AS details_json,
     NULL::TIMESTAMPTZ AS execution_start_time, NULL::BIGINT AS payload_bytes, NULL::VARCHAR AS payload,
     NULL::BOOLEAN AS truncated, NULL::VARCHAR AS error_data, NULL::VARCHAR AS stack_trace,
     NULL::VARCHAR AS request_id, NULL::TIMESTAMPTZ AS invocation_start_time,
     NULL::TIMESTAMPTZ AS invocation_end_time, NULL::BIGINT AS wait_seconds, NULL::TIMESTAMPTZ AS scheduled_end_time,
     NULL::VARCHAR AS callback_id, NULL::BIGINT AS timeout_seconds, NULL::BIGINT AS heartbeat_timeout_seconds,
     NULL::VARCHAR AS function_name, NULL::VARCHAR AS chained_execution_arn, NULL::VARCHAR AS tenant_id,
     NULL::VARCHAR AS executed_version, NULL::TIMESTAMPTZ AS pause_request_time,
     NULL::TIMESTAMPTZ AS resume_request_time, NULL::BOOLEAN AS execution_timeout_paused, NULL::VARCHAR AS reason,
     NULL::INTEGER AS retry_current_attempt,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('durable_operations', 'durable_execution_arn',
    'NULL::VARCHAR AS durable_execution_arn, NULL::VARCHAR AS operation_id, NULL::VARCHAR AS parent_id,
     NULL::VARCHAR AS name, NULL::VARCHAR AS type, NULL::VARCHAR AS sub_type, NULL::VARCHAR AS status,
     NULL::TIMESTAMPTZ AS start_time, NULL::TIMESTAMPTZ AS end_time, NULL::BIGINT AS duration_ms,
     NULL::INTEGER AS attempts, NULL::VARCHAR AS error_type, NULL::VARCHAR AS error_message,
     NULL::TIMESTAMPTZ AS execution_start_time, NULL::BIGINT AS first_event_id, NULL::BIGINT AS last_event_id,
     NULL::VARCHAR AS details_json,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    ('export_runs', 'NULL',
    'NULL::VARCHAR AS run_id, NULL::TIMESTAMPTZ AS started_at, NULL::TIMESTAMPTZ AS finished_at,
     NULL::TIMESTAMPTZ AS window_start, NULL::TIMESTAMPTZ AS window_end, NULL::BIGINT AS executions,
     NULL::BIGINT AS events, NULL::BIGINT AS api_calls, NULL::BIGINT AS throttled, NULL::BIGINT AS retries,
     NULL::BIGINT AS failures, NULL::VARCHAR AS shard, NULL::BIGINT AS quarantined, NULL::BIGINT AS running,
     NULL::VARCHAR AS status, NULL::VARCHAR AS api_calls_by_api, NULL::BIGINT AS open_executions,
     NULL::VARCHAR AS failed_units,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    -- One row per (export run, unit): each (account, region) a run crawled, the account's name from --accounts-file,
    -- completed / incomplete (failures) / aborted, the unit's own API calls and throttles, and what the run exported of it:
    -- executions and events as export_runs counts them (the units' sum is the run's), of which durable_executions, and
    -- map_runs (NULL in rows written before these columns existed).
    ('export_units', 'NULL',
    'NULL::VARCHAR AS run_id, NULL::VARCHAR AS account_name, NULL::VARCHAR AS status, NULL::VARCHAR AS failures,
     NULL::BIGINT AS api_calls, NULL::BIGINT AS throttled, NULL::BIGINT AS executions, NULL::BIGINT AS events,
     NULL::BIGINT AS map_runs, NULL::BIGINT AS durable_executions,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    -- duration_counts: the rollup compaction writes for each date (duration_rollup below: its duration samples counted
    -- per series and duration; head marks each series' first row, which holds its names). `analytics query` lists only
    -- the rollups that match their date's files and this script, and names their dates in analytics_rollup_dates; the
    -- queries read a rollup only for those dates (from_rollup), so from the DuckDB CLI, without the manifest, none is.
    ('duration_counts', 'NULL',
    'NULL::BIGINT AS series, NULL::BOOLEAN AS head, NULL::VARCHAR AS level, NULL::VARCHAR AS state_machine,
     NULL::VARCHAR AS state_name, NULL::VARCHAR AS resource, NULL::BIGINT AS ms, NULL::BIGINT AS samples,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    -- retry_counts: the other rollup compaction writes for each date (retry_rollup below: what retry_advice counts),
    -- listed and read the same way.
    ('retry_counts', 'NULL',
    'NULL::VARCHAR AS kind, NULL::VARCHAR AS state_machine, NULL::VARCHAR AS state_name, NULL::VARCHAR AS outcome,
     NULL::VARCHAR AS error, NULL::INTEGER AS level, NULL::BOOLEAN AS succeeded, NULL::BIGINT AS n,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date'),
    -- Snapshot of the executions each export run found open (in no terminal status): they have no rows in the history
    -- tables until they close. One set of rows per run (export_run_id); a run that found none writes no rows, so read the
    -- run you want from export_runs (its open_executions column counts them; NULL: written before this table existed)
    -- and take its rows.
    ('open_executions', 'execution_arn',
    'NULL::VARCHAR AS execution_arn, NULL::VARCHAR AS source_kind, NULL::VARCHAR AS state_machine_arn,
     NULL::VARCHAR AS function_arn, NULL::VARCHAR AS source_name, NULL::VARCHAR AS execution_name,
     NULL::VARCHAR AS status, NULL::TIMESTAMPTZ AS start_time, NULL::VARCHAR AS map_run_arn,
     NULL::VARCHAR AS parent_execution_arn,
     NULL::VARCHAR AS account_id, NULL::VARCHAR AS region, NULL::VARCHAR AS export_run_id, NULL::DATE AS date')
) AS views(table_name, arn_column, columns));

CREATE OR REPLACE TEMP VIEW state_machines AS FROM query(analytics_view('state_machines'));
CREATE OR REPLACE TEMP VIEW executions AS FROM query(analytics_view('executions'));
CREATE OR REPLACE TEMP VIEW events AS FROM query(analytics_view('events'));
CREATE OR REPLACE TEMP VIEW state_visits AS FROM query(analytics_view('state_visits'));
CREATE OR REPLACE TEMP VIEW task_attempts AS FROM query(analytics_view('task_attempts'));
CREATE OR REPLACE TEMP VIEW map_runs AS FROM query(analytics_view('map_runs'));
CREATE OR REPLACE TEMP VIEW functions AS FROM query(analytics_view('functions'));
CREATE OR REPLACE TEMP VIEW durable_executions AS FROM query(analytics_view('durable_executions'));
CREATE OR REPLACE TEMP VIEW durable_events AS FROM query(analytics_view('durable_events'));
CREATE OR REPLACE TEMP VIEW durable_operations AS FROM query(analytics_view('durable_operations'));
CREATE OR REPLACE TEMP VIEW export_runs AS FROM query(analytics_view('export_runs'));
CREATE OR REPLACE TEMP VIEW export_units AS FROM query(analytics_view('export_units'));
CREATE OR REPLACE TEMP VIEW open_executions AS FROM query(analytics_view('open_executions'));

CREATE OR REPLACE TEMP VIEW duration_counts AS FROM query(analytics_view('duration_counts'));
CREATE OR REPLACE TEMP VIEW retry_counts AS FROM query(analytics_view('retry_counts'));

-- The newest date partition of executions: `analytics query` sets it from the manifest's files; otherwise it is read
-- here (the date of the newest execution's start: executions are partitioned by it).
SET VARIABLE analytics_newest_date = coalesce(getvariable('analytics_newest_date'),
    (SELECT max(date) FROM executions WHERE getvariable('analytics_newest_date') IS NULL));

-- Each account's name: the newest an export run was given (--accounts-file), so `query` and `report` show it without
-- the accounts file. `query --format table` and the report show account_id as `prod-eu (111111111111)`.
CREATE OR REPLACE TEMP MACRO account_names() AS TABLE
    SELECT account_id, max_by(account_name, run_id) AS account_name
    FROM export_units
    WHERE account_id IS NOT NULL AND account_name IS NOT NULL
    GROUP BY account_id;

-- The export runs whose snapshots describe the moment `end` (session variable; unset: now): per shard, the newest
-- completed run that started before it, or when none did, the first one after it. open_executions is the number of
-- open executions the run found (NULL: the run predates the open_executions table).
CREATE OR REPLACE TEMP MACRO snapshot_runs() AS TABLE
    SELECT coalesce(shard, 'all') AS shard, run_id, started_at, open_executions
    FROM export_runs
    WHERE coalesce(status, 'completed') = 'completed'
    QUALIFY row_number() OVER (
        PARTITION BY coalesce(shard, 'all')
        ORDER BY started_at < coalesce(CAST(getvariable('end') AS TIMESTAMPTZ), 'infinity'::TIMESTAMPTZ) DESC,
                 CASE WHEN started_at < coalesce(CAST(getvariable('end') AS TIMESTAMPTZ), 'infinity'::TIMESTAMPTZ) THEN started_at END DESC,
                 started_at) = 1;

-- The query window, shared by the named queries: `start` and `end` (TIMESTAMPTZ, or text DuckDB casts to one) are
-- optional session variables; [start, end) on the execution's start time, unbounded on a side that is not set.
-- date_in_window prunes the Hive partitions (`date` is the UTC date of the execution's start).
CREATE OR REPLACE TEMP MACRO in_window(ts) AS
    ts >= coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ)
    AND ts < coalesce(CAST(getvariable('end') AS TIMESTAMPTZ), 'infinity'::TIMESTAMPTZ);
-- The window's bounds: `start`, else -infinity; `end`, else infinity.
CREATE OR REPLACE TEMP MACRO window_start() AS coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ);
CREATE OR REPLACE TEMP MACRO window_end() AS coalesce(CAST(getvariable('end') AS TIMESTAMPTZ), 'infinity'::TIMESTAMPTZ);
CREATE OR REPLACE TEMP MACRO date_in_window(d) AS
    d >= CAST(coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), '-infinity'::TIMESTAMPTZ) AS DATE)
    AND d <= CAST(coalesce(CAST(getvariable('end') AS TIMESTAMPTZ), 'infinity'::TIMESTAMPTZ) AS DATE);

-- The Monday (DATE) of the UTC ISO week of a TIMESTAMPTZ: CAST(date_trunc('week', ts) AS DATE) in a UTC session, in
-- integer arithmetic on the epoch: date_trunc and casts of a TIMESTAMPTZ go through ICU's calendar, ~2 µs a row
-- (weekly_trends' week of 3.6 M executions). Day = floor(µs / 86,400,000,000); 1970-01-01 was a Thursday.
CREATE OR REPLACE TEMP MACRO utc_epoch_day(ts) AS
    (epoch_us(ts) - (epoch_us(ts) % 86400000000 + 86400000000) % 86400000000) // 86400000000;
CREATE OR REPLACE TEMP MACRO utc_week_start(ts) AS
    DATE '1970-01-01' + CAST(utc_epoch_day(ts) - ((utc_epoch_day(ts) + 3) % 7 + 7) % 7 AS INTEGER);

-- latency_regressions' weeks: the current window is [regression_start(), regression_end()): `end`, else the end of
-- the ISO week of the newest date of executions (analytics_newest_date, below); `start`, else 7 days before the end.
-- The previous window is as long and ends at the current one's start. Constants, so the scans prune by them.
CREATE OR REPLACE TEMP MACRO regression_end() AS
    coalesce(CAST(getvariable('end') AS TIMESTAMPTZ),
             CAST(getvariable('analytics_newest_date') - CAST(isodow(getvariable('analytics_newest_date')) - 1 AS INTEGER) + 7 AS TIMESTAMPTZ));
CREATE OR REPLACE TEMP MACRO regression_start() AS
    coalesce(CAST(getvariable('start') AS TIMESTAMPTZ), regression_end() - INTERVAL 7 DAY);
CREATE OR REPLACE TEMP MACRO regression_previous_start() AS regression_start() - (regression_end() - regression_start());

-- Whether a Retry or Catch rule's ErrorEquals (VARCHAR[]) matches an error name, as Step Functions matches them:
-- the name itself, States.ALL (everything), or States.TaskFailed (everything but States.Timeout).
CREATE OR REPLACE TEMP MACRO asl_error_matches(error_equals, error) AS
    list_contains(error_equals, error) OR list_contains(error_equals, 'States.ALL')
    OR (list_contains(error_equals, 'States.TaskFailed') AND error <> 'States.Timeout');

-- The account and region filters of the named queries: `account` and `region` are optional session variables
-- (`--param account=111111111111 --param region=eu-west-1`); a row passes when it is of the account and region given.
CREATE OR REPLACE TEMP MACRO in_scope(row_account, row_region) AS
    (getvariable('account') IS NULL OR row_account = CAST(getvariable('account') AS VARCHAR))
    AND (getvariable('region') IS NULL OR row_region = CAST(getvariable('region') AS VARCHAR));

-- Whether date d's rows in [lo, hi) come from its rollup in table rollup ('duration_counts', 'retry_counts'): it has a
-- current one (analytics_rollup_dates: rollup table -> its dates) and the whole day lies in the window (a day cut by
-- the window is counted from its rows), on one side of split (optional: a TIMESTAMPTZ at which the caller tells its
-- rows apart, see duration_values). The bounds are constants, so DuckDB folds them once and prunes the partitions:
-- the rows of those dates are not read.
CREATE OR REPLACE TEMP MACRO from_rollup(rollup, d, lo, hi, split := NULL) AS
    list_contains(coalesce(map_extract(getvariable('analytics_rollup_dates'), rollup)[1], []::DATE[]), d)
    AND d > CAST(lo - INTERVAL 1 MICROSECOND AS DATE) AND d < CAST(hi AS DATE)
    AND (split IS NULL OR CAST(split AS DATE) <> d OR CAST(split AS TIMESTAMPTZ) = CAST(d AS TIMESTAMPTZ));

-- Duration samples, one row each (samples = 1), of executions that started in [lo, hi), leaving out the dates served
-- by a rollup: each closed execution's duration ('execution'; state_machine as in failure_rates), each state visit
-- that exited its state ('state': outcome succeeded or caught) and each task attempt that ended with its own result
-- ('resource': run_ms; state_machine and state_name are the state it belongs to, resource is named as in
-- latency_percentiles). A name a level has not is ''. series identifies the sample's group (level, account, region
-- and names) by a 63-bit hash of it, so samples are grouped by an integer rather than by their names (a collision
-- of two of a date's few hundred groups has odds of ~10^-14). late: the execution started at or after split
-- (optional; false without it).
CREATE OR REPLACE TEMP MACRO duration_rows(lo, hi, split := NULL) AS TABLE
    SELECT date, CAST(hash(level, account_id, region, state_machine, state_name, resource) >> 1 AS BIGINT) AS series,
           account_id, region, level, state_machine, state_name, resource, ms, samples, late
    FROM (
        SELECT date AS d, account_id, region, 'execution' AS level,
               coalesce(state_machine_label(state_machine_name, state_machine_arn, map_run_arn), '') AS state_machine,
               '' AS state_name, '' AS resource, duration_ms AS ms, 1::BIGINT AS samples, coalesce(start_time >= split, false)
        FROM executions
        WHERE duration_ms IS NOT NULL AND date >= CAST(lo AS DATE) AND date <= CAST(hi AS DATE)
          AND NOT from_rollup('duration_counts', date, lo, hi, split := split)
          AND start_time >= lo AND start_time < hi
        UNION ALL
        SELECT date, account_id, region, 'state', coalesce(state_machine_name, ''), coalesce(state_name, ''), '', duration_ms, 1,
               coalesce(execution_start_time >= split, false)
        FROM state_visits
        -- list_contains, not IN: the Parquet reader applies it itself (an IN list is filtered again above the scan).
        WHERE duration_ms IS NOT NULL AND list_contains(['succeeded', 'caught'], outcome)
          AND date >= CAST(lo AS DATE) AND date <= CAST(hi AS DATE) AND NOT from_rollup('duration_counts', date, lo, hi, split := split)
          AND execution_start_time >= lo AND execution_start_time < hi
        UNION ALL
        SELECT date, account_id, region, 'resource', coalesce(state_machine_name, ''), coalesce(state_name, ''),
               CASE WHEN resource_type IS NULL OR starts_with(resource, 'arn:') THEN resource ELSE resource_type || ':' || resource END,
               run_ms, 1, coalesce(execution_start_time >= split, false)
        FROM task_attempts
        -- Attempts that ended with their own Succeeded/Failed/TimedOut event; a timeout without an error is the
        -- execution's, not the attempt's. The outcome list apart from the timed_out term: the reader applies list_contains.
        WHERE run_ms IS NOT NULL AND resource IS NOT NULL
          AND list_contains(['succeeded', 'failed', 'timed_out'], outcome) AND (outcome <> 'timed_out' OR error IS NOT NULL)
          AND date >= CAST(lo AS DATE) AND date <= CAST(hi AS DATE) AND NOT from_rollup('duration_counts', date, lo, hi, split := split)
          AND execution_start_time >= lo AND execution_start_time < hi
    ) AS samples(date, account_id, region, level, state_machine, state_name, resource, ms, samples, late);

-- The groups of duration samples of executions started in [lo, hi): one row per date and series, from the rollup for
-- the dates it serves, from the samples for the others (split: as in duration_values).
CREATE OR REPLACE TEMP MACRO duration_series(lo, hi, split := NULL) AS TABLE
    SELECT date, series, level, state_machine, state_name, resource, account_id, region
    FROM duration_counts
    WHERE head AND from_rollup('duration_counts', date, lo, hi, split := split)
    UNION ALL
    SELECT date, series, any_value(level), any_value(state_machine), any_value(state_name), any_value(resource),
           any_value(account_id), any_value(region)
    FROM duration_rows(lo, hi, split := split)
    GROUP BY date, series;

-- The duration samples by date and series: the rollup's counts per duration for the dates it serves (~8x fewer rows
-- than samples at 1,000,000 executions), the other dates' samples counted the same way here. late: the executions
-- started at or after split (optional; false without it): two adjacent windows in one pass, each day on one side of
-- split served by the rollup, the day split cuts counted from its rows.
CREATE OR REPLACE TEMP MACRO duration_values(lo, hi, split := NULL) AS TABLE
    SELECT date, series, coalesce(date >= CAST(split AS DATE), false) AS late, ms, samples
    FROM duration_counts
    WHERE from_rollup('duration_counts', date, lo, hi, split := split)
    UNION ALL
    SELECT date, series, late, ms, sum(samples)::BIGINT FROM duration_rows(lo, hi, split := split) GROUP BY ALL;

-- What compaction writes to duration_counts for a date (over just that date's files): its samples counted per series
-- and duration, head on each series' first row.
CREATE OR REPLACE TEMP MACRO duration_rollup() AS TABLE
    SELECT series, row_number() OVER (PARTITION BY series ORDER BY ms) = 1 AS head, level, state_machine, state_name,
           resource, ms, samples, account_id, region
    FROM (SELECT series, ms, sum(samples)::BIGINT AS samples
          FROM duration_rows('-infinity'::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ)
          GROUP BY ALL)
    JOIN duration_series('-infinity'::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ) USING (series);

-- What retry_advice counts, of executions that started in [lo, hi), leaving out the dates served by a retry rollup:
-- n per state (account, region, state machine as in task_attempts, state) and
--   'attempt': outcome and error of each attempt that ended with its own result;
--   'retry':   level = the retry's ordinal k (attempt - 1), succeeded, and error = the error of the attempt before it
--              (the same execution and state, attempt - 1, the latest that ended at or before it was scheduled; of
--              several Map iterations' attempts that ended at that instant, a failed one, then the first error name, so
--              ties do not depend on scan order); retries whose prior has no error are left out;
--   'visit':   Task state visits of more than one attempt (level = attempts, error = final error): no other is retried
--              or exhausts a retrier (MaxAttempts > 0);
--   'step':    durable steps of more than one attempt (state_machine = function, state_name = step name or
--              '(unnamed)', level = attempts, outcome = status SUCCEEDED or FAILED).
-- No definitions: retry_advice matches retriers and catchers to these when it runs, so a definition changed later
-- makes no rollup stale. The prior attempt: the execution ARN is the widest column (~70 % of task_attempts' bytes,
-- most of a scan's CPU): it is read in one scan, and only the rows that can take part go on (~5 % of the attempts):
-- those of a retry's execution start time, state and attempt or the attempt below, found by a semi join on these
-- cheap columns (a start time is the same in every row of an execution; one shared by other executions only brings
-- rows the ARN then leaves out); then a hash join of each retry with those one level down.
CREATE OR REPLACE TEMP MACRO retry_rows(lo, hi) AS TABLE
    WITH attempts AS NOT MATERIALIZED (
        SELECT account_id, region, state_machine_name AS state_machine, state_name,
               execution_arn, execution_start_time, attempt, outcome, error, scheduled_at, ended_at
        FROM task_attempts
        WHERE outcome IN ('succeeded', 'failed', 'timed_out')
          AND date >= CAST(lo AS DATE) AND date <= CAST(hi AS DATE) AND NOT from_rollup('retry_counts', date, lo, hi)
          AND execution_start_time >= lo AND execution_start_time < hi AND in_scope(account_id, region)
    ),
    retry_keys AS (
        -- (start time, state, attempt) of each retry and of the attempt before it
        SELECT DISTINCT execution_start_time, state_name, unnest([attempt - 1, attempt]) AS attempt
        FROM attempts WHERE attempt > 1 AND scheduled_at IS NOT NULL
    ),
    retry_candidates AS MATERIALIZED (
        -- retries and the attempts that may precede one
        SELECT * FROM attempts SEMI JOIN retry_keys USING (execution_start_time, state_name, attempt)
        WHERE (attempt > 1 AND scheduled_at IS NOT NULL) OR ended_at IS NOT NULL
    ),
    prior_ends AS (
        -- per retry (its execution, state, attempt and scheduled time: retries that share them share their prior) and
        -- end instant of an attempt that may precede it: the preferred error of those that ended then
        SELECT r.execution_arn, r.state_name, r.attempt, r.scheduled_at, p.ended_at, min(p.error) AS error
        FROM (SELECT DISTINCT execution_arn, state_name, attempt, scheduled_at FROM retry_candidates
              WHERE attempt > 1 AND scheduled_at IS NOT NULL) AS r
        JOIN retry_candidates AS p ON p.execution_arn = r.execution_arn AND p.state_name = r.state_name AND p.attempt = r.attempt - 1
            AND p.ended_at <= r.scheduled_at
        GROUP BY ALL
    )
    SELECT account_id, region, 'attempt' AS kind, state_machine, state_name, outcome, error, NULL::INTEGER AS level,
           NULL::BOOLEAN AS succeeded, count(*) AS n
    FROM attempts GROUP BY ALL
    UNION ALL
    SELECT r.account_id, r.region, 'retry', r.state_machine, r.state_name, NULL, p.trigger_error, r.attempt - 1,
           r.outcome = 'succeeded', count(*)
    FROM (SELECT execution_arn, state_name, attempt, scheduled_at, arg_max_null(error, ended_at) AS trigger_error
          FROM prior_ends GROUP BY ALL) AS p
    JOIN retry_candidates AS r USING (execution_arn, state_name, attempt, scheduled_at)
    WHERE p.trigger_error IS NOT NULL
    GROUP BY ALL
    UNION ALL
    SELECT account_id, region, 'visit', state_machine_name, state_name, NULL, final_error, attempts, NULL, count(*)
    FROM state_visits
    WHERE state_type = 'Task' AND attempts > 1
      AND date >= CAST(lo AS DATE) AND date <= CAST(hi AS DATE) AND NOT from_rollup('retry_counts', date, lo, hi)
      AND execution_start_time >= lo AND execution_start_time < hi AND in_scope(account_id, region)
    GROUP BY ALL
    UNION ALL
    SELECT e.account_id, e.region, 'step', e.function_name, coalesce(o.name, '(unnamed)'), o.status, NULL, o.attempts, NULL, count(*)
    FROM durable_operations AS o
    JOIN durable_executions AS e USING (durable_execution_arn)
    WHERE o.type = 'STEP' AND o.attempts > 1 AND o.status IN ('SUCCEEDED', 'FAILED')
      AND e.date >= CAST(lo AS DATE) AND e.date <= CAST(hi AS DATE) AND NOT from_rollup('retry_counts', e.date, lo, hi)
      AND e.start_time >= lo AND e.start_time < hi AND in_scope(e.account_id, e.region)
    GROUP BY ALL;

-- retry_rows of executions started in [lo, hi): the rollup's rows for the dates it serves, counted here for the others
-- (a group may appear once per date: sum n).
CREATE OR REPLACE TEMP MACRO retry_groups(lo, hi) AS TABLE
    SELECT account_id, region, kind, state_machine, state_name, outcome, error, level, succeeded, n
    FROM retry_counts
    WHERE from_rollup('retry_counts', date, lo, hi) AND in_scope(account_id, region)
    UNION ALL
    SELECT account_id, region, kind, state_machine, state_name, outcome, error, level, succeeded, n
    FROM retry_rows(lo, hi);

-- What compaction writes to retry_counts for a date (over just that date's files).
CREATE OR REPLACE TEMP MACRO retry_rollup() AS TABLE
    SELECT kind, state_machine, state_name, outcome, error, level, succeeded, n, account_id, region
    FROM retry_rows('-infinity'::TIMESTAMPTZ, 'infinity'::TIMESTAMPTZ);
