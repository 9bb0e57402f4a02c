namespace Analytics.DuckDb.Parquet;

/// <summary>
/// Writes a query's rows to Parquet with DuckDB's writer (<c>COPY … TO … (FORMAT parquet)</c>). Files are written
/// under a temporary name, flushed to disk and only then renamed into place, so a reader (or a crash) never sees a
/// partial file at a final path. To write batches pushed by a producer without staging them in a table, see
/// <see cref="StreamingParquetWriter"/>.
/// </summary>
public static class ParquetWriter
{
    /// <summary>
    /// Writes the rows of <paramref name="sourceSql"/> (a SELECT or any query DuckDB accepts in <c>COPY (…)</c>).
    /// Without <see cref="ParquetWriteOptions.PartitionBy"/>, <paramref name="destination"/> is the file to create;
    /// with it, <paramref name="destination"/> is the dataset root that receives <c>col=value/…</c> folders.
    /// </summary>
    /// <returns>The final paths of the files written (none for a partitioned write of no rows), sorted.</returns>
    /// <exception cref="DuckDbException">DuckDB rejected the query or could not write.</exception>
    public static IReadOnlyList<string> Write(DuckDbConnection connection, string sourceSql, string destination, ParquetWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSql);
        var target = ParquetTarget.For(destination, options);
        try
        {
            connection.Execute(target.CopySql(sourceSql));
            return target.Publish();
        }
        finally
        {
            target.Delete();
        }
    }

    /// <summary>Writes a whole table (optionally schema-qualified); see <see cref="Write"/>.</summary>
    public static IReadOnlyList<string> WriteTable(DuckDbConnection connection, string table, string destination, ParquetWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        return Write(connection, $"SELECT * FROM {DuckDbSql.QualifiedName(table)}", destination, options);
    }
}
