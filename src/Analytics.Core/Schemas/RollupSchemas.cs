using Analytics.Core.Columns;
using static Analytics.Core.Schemas.SchemaBuilder;

namespace Analytics.Core.Schemas;

/// <summary>
/// Aggregates that partition compaction derives from the history tables of each date, so the queries that read
/// every sample count fewer rows. Not source data: no DDL for other engines, and a query reads a date's rollup only
/// while it matches the date's files (otherwise it counts the rows themselves).
/// </summary>
public static class RollupSchemas
{
    /// <summary>
    /// Per date, how many duration samples took each duration (<c>ms</c>, <c>samples</c>) in each series: a group of
    /// <c>duration_rows</c> (queries/_views.sql: level execution, state or resource, account, region and names), a hash of
    /// them; <c>head</c> marks each series' first row, which the queries read the names from.
    /// </summary>
    public static TableSchema DurationCounts { get; } = new(
        "duration_counts",
        BigInt("series"), Bool("head"), Text("level"), Text("state_machine"), Text("state_name"), Text("resource"),
        BigInt("ms"), BigInt("samples"), Text("account_id"), Text("region"));

    /// <summary>
    /// Per date, what retry_advice counts (<c>retry_rows</c>, queries/_views.sql), <c>n</c> of each group per state
    /// (account, region, state machine or durable function, state or step name): <c>kind</c> 'attempt' (outcome, error),
    /// 'retry' (<c>level</c> = ordinal k, <c>succeeded</c>, <c>error</c> of the attempt before it), 'visit' (<c>level</c> =
    /// attempts &gt; 1, <c>error</c> = final error) or 'step' (durable steps: <c>level</c> = attempts &gt; 1, <c>outcome</c> = status).
    /// No definitions: retriers and catchers are matched when a query runs.
    /// </summary>
    public static TableSchema RetryCounts { get; } = new(
        "retry_counts",
        Text("kind"), Text("state_machine"), Text("state_name"), Text("outcome"), Text("error"), Int("level"), Bool("succeeded"),
        BigInt("n"), Text("account_id"), Text("region"));
}
