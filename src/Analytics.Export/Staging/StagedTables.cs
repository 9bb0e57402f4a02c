using Analytics.Core.Columns;
using Analytics.Core.Schemas;

namespace Analytics.Export.Staging;

/// <summary>The tables an export writes (declared in Core's <see cref="TableSchemas"/> and <see cref="SnapshotSchemas"/>).</summary>
internal static class StagedTables
{
    /// <summary>Tables partitioned by the UTC date of the execution's start (column <c>execution_start_time</c>).</summary>
    public static readonly string[] ExecutionTables = [.. TableSchemas.All.Select(t => t.Name)];

    /// <summary>Snapshot tables, partitioned by the export date.</summary>
    public static readonly string[] SnapshotTables = [.. SnapshotSchemas.All.Select(t => t.Name)];

    /// <summary>Tables of one file per run (its <c>runs/&lt;run id&gt;</c> group), kept for every run and merged per date
    /// by compaction: export_runs and its per-unit rows, export_units.</summary>
    public static bool IsRunTable(string table) => table is "export_runs" or "export_units";

    /// <summary>Every table, execution tables first.</summary>
    public static IEnumerable<TableSchema> All => TableSchemas.All.Concat(SnapshotSchemas.All);

    /// <summary>The key column that ties a row to a top-level or child execution (for replacement and quarantine).</summary>
    public static string ExecutionKey(string table) => table.StartsWith("durable_", StringComparison.Ordinal) ? "durable_execution_arn" : "execution_arn";
}
