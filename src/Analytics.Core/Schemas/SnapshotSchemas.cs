using Analytics.Core.Columns;
using static Analytics.Core.Schemas.SchemaBuilder;

namespace Analytics.Core.Schemas;

/// <summary>
/// Snapshot tables the export writes once per run (partitioned by the export date, each row tagged with its
/// <c>export_run_id</c> by the writer), declared here so the export and the query views share one column list. Each
/// ends with <c>account_id</c> and <c>region</c>, as the history tables do (from the resource's ARN).
/// </summary>
public static class SnapshotSchemas
{
    /// <summary>Each exported state machine as DescribeStateMachine returns it.</summary>
    public static TableSchema StateMachines { get; } = new(
        "state_machines",
        Text("state_machine_arn"), Text("name"), Text("type"), Text("status"), Time("creation_date"),
        Text("definition_sha256"), Text("definition"), Text("role_arn"), Text("description"), Text("label"),
        Text("revision_id"), Text("logging_level"), Bool("tracing_enabled"), Text("account_id"), Text("region"));

    /// <summary>Each exported Lambda function, one row per async-invoke configuration (qualifier).</summary>
    public static TableSchema Functions { get; } = new(
        "functions",
        Text("function_arn"), Text("function_name"), Text("qualifier"), Text("runtime"), Bool("durable"),
        Int("maximum_retry_attempts"), Int("maximum_event_age_seconds"), Text("on_success_destination"),
        Text("on_failure_destination"), Int("memory_size"), Int("timeout_seconds"), Int("durable_retention_days"),
        Int("durable_execution_timeout_seconds"), Text("last_modified"), Text("account_id"), Text("region"));

    /// <summary>One row per export run: its window, counts and outcome. <c>account_id</c> and <c>region</c> are those of
    /// the run's unit when it has exactly one (without target options: the resolved region, and the account of the
    /// resources it listed, NULL when it listed none); NULL for a run of several units, which one row cannot name:
    /// <see cref="ExportUnits"/> has a row for each.</summary>
    public static TableSchema ExportRuns { get; } = new(
        "export_runs",
        Text("run_id"), Time("started_at"), Time("finished_at"), Time("window_start"), Time("window_end"),
        BigInt("executions"), BigInt("events"), BigInt("api_calls"), BigInt("throttled"), BigInt("retries"),
        BigInt("failures"), Text("shard"), BigInt("quarantined"), BigInt("running"), Text("status"),
        Text("api_calls_by_api"), BigInt("open_executions"), Text("failed_units"),
        Text("account_id"), Text("region"));

    /// <summary>
    /// The executions an export run found open (in no terminal status): top-level Step Functions executions, Map Run
    /// children listed under a closed parent, durable executions. They have no rows in the history tables until they
    /// close. <c>source_kind</c> is <c>stepfunctions</c> or <c>durable</c>; <c>source_name</c> is the state machine name
    /// (<c>&lt;state machine&gt;/&lt;map label&gt;</c> for children) or the function name; <c>status</c> is what the
    /// listing or describe call returned (RUNNING, PENDING_REDRIVE, PAUSED, …).
    /// </summary>
    public static TableSchema OpenExecutions { get; } = new(
        "open_executions",
        Text("execution_arn"), Text("source_kind"), Text("state_machine_arn"), Text("function_arn"), Text("source_name"),
        Text("execution_name"), Text("status"), Time("start_time"), Text("map_run_arn"), Text("parent_execution_arn"),
        Text("account_id"), Text("region"));

    /// <summary>
    /// One row per (export run, unit): the (account, region) pairs a run crawled, each with the account's name from
    /// <c>--accounts-file</c> (NULL without one; queries and the report show the newest name given), whether the unit
    /// was read whole (<c>completed</c>) or not (<c>incomplete</c>, with <c>failures</c>: what failed, one line each),
    /// its own API calls and throttles (each unit has its own quotas), and what the run exported of it:
    /// <c>executions</c> and <c>events</c> as <see cref="ExportRuns"/> counts them (top-level Step Functions and durable
    /// executions; the units' sum is the run's), of which <c>durable_executions</c>, and <c>map_runs</c>.
    /// </summary>
    public static TableSchema ExportUnits { get; } = new(
        "export_units",
        Text("run_id"), Text("account_name"), Text("status"), Text("failures"), BigInt("api_calls"), BigInt("throttled"),
        BigInt("executions"), BigInt("events"), BigInt("map_runs"), BigInt("durable_executions"),
        Text("account_id"), Text("region"));

    /// <summary>Every snapshot table, in a stable order.</summary>
    public static IReadOnlyList<TableSchema> All { get; } = [StateMachines, Functions, ExportRuns, OpenExecutions, ExportUnits];
}
