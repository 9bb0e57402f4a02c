namespace Analytics.DuckDb.Dataset;

/// <summary>The SQL the dataset writer adds to each table's rows.</summary>
internal static class DatasetSql
{
    /// <summary>
    /// Every column plus <c>export_run_id</c> and the <c>date</c> partition key: the UTC date of the execution's
    /// start, computed from epoch microseconds so no time-zone setting can shift it.
    /// </summary>
    public static string SelectList(string runId) =>
        $"*, {DuckDbSql.Literal(runId)} AS export_run_id, "
        + $"coalesce(strftime(make_timestamp(epoch_us(execution_start_time)), '%Y-%m-%d'), {DuckDbSql.Literal(DatasetWriter.UnknownDate)}) AS date";
}
