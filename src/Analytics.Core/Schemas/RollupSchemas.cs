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
}
