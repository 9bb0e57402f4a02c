using Analytics.DuckDb.Streaming;

namespace Analytics.DuckDb.Dataset;

/// <summary>What the dataset writer adds to each table's rows.</summary>
internal static class DatasetSql
{
    /// <summary>The <c>date</c> partition key: the UTC date of the execution's start, computed by the batch source
    /// from epoch microseconds (so no time-zone setting can shift it), NULL when not known
    /// (<see cref="DatasetWriter.UnknownDate"/>, as <see cref="DatasetWriter.DateSql"/>).</summary>
    public static UtcDateColumn DateColumn { get; } = new("date", "execution_start_time", WhenNull: null);

    /// <summary>Every column (the date included) plus <c>export_run_id</c>.</summary>
    public static string SelectList(string runId) => $"*, {DuckDbSql.Literal(runId)} AS export_run_id";
}
