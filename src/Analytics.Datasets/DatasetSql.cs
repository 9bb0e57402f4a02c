namespace Analytics.Datasets;

/// <summary>What the dataset writer adds to each table's rows.</summary>
internal static class DatasetSql
{
    /// <summary>Every column plus <c>export_run_id</c> (the <c>date</c> is the folder's, not the file's).</summary>
    public static string SelectList(string runId) => $"*, {DuckDbSql.Literal(runId)} AS export_run_id";
}
