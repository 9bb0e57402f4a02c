namespace Analytics.Query;

/// <summary>
/// A query the user asked for cannot run: bad SQL (DuckDB's message), a statement refused by the read-only guard,
/// an unknown named query or parameter, a missing dataset folder. The CLI shows the message and exits with 2.
/// </summary>
public sealed class QueryException : Exception
{
    public QueryException()
    {
    }

    public QueryException(string message)
        : base(message)
    {
    }

    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
