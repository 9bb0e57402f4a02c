using Analytics.Core.Schemas;
using Analytics.DuckDb;

namespace Analytics.Export.Staging;

/// <summary>
/// The tables a chunk stages before they become Parquet files. The history-derived ones come from Core's schemas;
/// the listing/describe ones (map runs, state machines, functions) are defined here, SPEC §5 column names first.
/// </summary>
internal static class StagedTables
{
    /// <summary>Tables partitioned by the UTC date of the execution's start (column <c>execution_start_time</c>).</summary>
    public static readonly string[] ExecutionTables =
        ["executions", "events", "state_visits", "task_attempts", "map_runs", "durable_executions", "durable_events", "durable_operations"];

    /// <summary>Snapshot tables, partitioned by the export date.</summary>
    public static readonly string[] SnapshotTables = ["state_machines", "functions", "export_runs", "open_executions"];

    public const string MapRunsDdl = """
        CREATE TABLE map_runs (map_run_arn VARCHAR, execution_arn VARCHAR, state_machine_arn VARCHAR, status VARCHAR,
          start_time TIMESTAMPTZ, stop_time TIMESTAMPTZ, max_concurrency INTEGER, tolerated_failure_percentage DOUBLE,
          tolerated_failure_count BIGINT,
          items_pending BIGINT, items_running BIGINT, items_succeeded BIGINT, items_failed BIGINT, items_timed_out BIGINT,
          items_aborted BIGINT, items_total BIGINT, items_results_written BIGINT,
          executions_pending BIGINT, executions_running BIGINT, executions_succeeded BIGINT, executions_failed BIGINT,
          executions_timed_out BIGINT, executions_aborted BIGINT, executions_total BIGINT, executions_results_written BIGINT,
          redrive_count INTEGER, redrive_date TIMESTAMPTZ, duration_ms BIGINT, execution_start_time TIMESTAMPTZ)
        """;

    public const string StateMachinesDdl = """
        CREATE TABLE state_machines (state_machine_arn VARCHAR, name VARCHAR, type VARCHAR, status VARCHAR,
          creation_date TIMESTAMPTZ, definition_sha256 VARCHAR, definition VARCHAR, role_arn VARCHAR,
          description VARCHAR, label VARCHAR, revision_id VARCHAR, logging_level VARCHAR, tracing_enabled BOOLEAN)
        """;

    public const string FunctionsDdl = """
        CREATE TABLE functions (function_arn VARCHAR, function_name VARCHAR, qualifier VARCHAR, runtime VARCHAR,
          durable BOOLEAN, maximum_retry_attempts INTEGER, maximum_event_age_seconds INTEGER,
          on_success_destination VARCHAR, on_failure_destination VARCHAR, memory_size INTEGER, timeout_seconds INTEGER,
          durable_retention_days INTEGER, durable_execution_timeout_seconds INTEGER, last_modified VARCHAR)
        """;

    public const string ExportRunsDdl = """
        CREATE TABLE export_runs (run_id VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, window_start TIMESTAMPTZ,
          window_end TIMESTAMPTZ, executions BIGINT, events BIGINT, api_calls BIGINT, throttled BIGINT, retries BIGINT,
          failures BIGINT, shard VARCHAR, quarantined BIGINT, running BIGINT, status VARCHAR, api_calls_by_api VARCHAR,
          open_executions BIGINT)
        """;

    public const string LinksDdl =
        "CREATE TABLE execution_links (execution_arn VARCHAR, map_run_arn VARCHAR, parent_execution_arn VARCHAR)";

    public static IEnumerable<string> AllDdl()
    {
        foreach (var schema in new[] { TableSchemas.Executions, TableSchemas.Events, TableSchemas.StateVisits, TableSchemas.TaskAttempts, TableSchemas.DurableExecutions, TableSchemas.DurableEvents, TableSchemas.DurableOperations })
        {
            yield return DuckDbSql.CreateTable(schema);
        }
        yield return MapRunsDdl;
        yield return StateMachinesDdl;
        yield return FunctionsDdl;
        yield return ExportRunsDdl;
        yield return DuckDbSql.CreateTable(SnapshotSchemas.OpenExecutions);
        yield return LinksDdl;
    }

    /// <summary>The key column that ties a row to a top-level or child execution (for replacement and quarantine).</summary>
    public static string ExecutionKey(string table) => table.StartsWith("durable_", StringComparison.Ordinal) ? "durable_execution_arn" : "execution_arn";
}
