using System.Globalization;
using Analytics.DuckDb.Streaming;

namespace Analytics.DuckDb.Dataset;

/// <summary>What the dataset writer adds to each table's rows.</summary>
internal static class DatasetSql
{
    /// <summary>The <c>date</c> partition key: the UTC date of the execution's start, computed by the batch source
    /// from epoch microseconds (so no time-zone setting can shift it), NULL when not known
    /// (<see cref="DatasetWriter.UnknownDate"/>, as <see cref="DatasetWriter.DateSql"/>).</summary>
    public static UtcDateColumn DateColumn { get; } = new("date", "execution_start_time", WhenNull: null);

    /// <summary>Every column (the date included) plus <c>export_run_id</c>; for a snapshot table, its fixed date
    /// (after <c>export_run_id</c>: the partition column is not written into the files either way).</summary>
    public static string SelectList(string runId, DateOnly? fixedDate = null) => fixedDate is { } date
        ? $"*, {DuckDbSql.Literal(runId)} AS export_run_id, {DuckDbSql.Literal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS date"
        : $"*, {DuckDbSql.Literal(runId)} AS export_run_id";
}
