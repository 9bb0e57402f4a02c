namespace Analytics.DuckDb;

/// <summary>
/// The one exception this layer throws for anything DuckDB reports (bad SQL, constraint violations, appender and
/// Parquet errors). <see cref="Exception.Message"/> carries DuckDB's own error text.
/// </summary>
public sealed class DuckDbException : Exception
{
    public DuckDbException()
    {
    }

    public DuckDbException(string message)
        : base(message)
    {
    }

    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
