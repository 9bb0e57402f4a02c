using Analytics.Core.Columns;
using static Analytics.Core.Schemas.SchemaBuilder;

namespace Analytics.Core.Schemas;

/// <summary>
/// Snapshot tables the export writes once per run (partitioned by the export date, each row tagged with its
/// <c>export_run_id</c> by the writer), declared here so the export and the query views share one column list.
/// </summary>
public static class SnapshotSchemas
{
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
        Text("execution_name"), Text("status"), Time("start_time"), Text("map_run_arn"), Text("parent_execution_arn"));
}
