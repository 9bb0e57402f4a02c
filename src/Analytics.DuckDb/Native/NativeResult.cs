using DuckDB.NET.Native;

namespace Analytics.DuckDb.Native;

/// <summary>
/// A <c>duckdb_result</c>: a struct the caller owns, filled by a query or an executed statement and destroyed once
/// (also after a failure). DuckDB.NET passes it by reference, so it lives in this object's field.
/// </summary>
internal sealed class NativeResult : IDisposable
{
    public DuckDBResult Value;

    private bool _destroyed;

    ~NativeResult() => Destroy();

    /// <summary>The error DuckDB recorded in the result, else <paramref name="fallback"/>'s, else a generic text.</summary>
    public string Error(string? fallback = null)
    {
        var message = Duck.Query.DuckDBResultError(ref Value);
        return !string.IsNullOrEmpty(message) ? message
            : !string.IsNullOrEmpty(fallback) ? fallback
            : "DuckDB reported an error without a message.";
    }

    public void Dispose()
    {
        Destroy();
        GC.SuppressFinalize(this);
    }

    private void Destroy()
    {
        if (!_destroyed)
        {
            _destroyed = true;
            Duck.Query.DuckDBDestroyResult(ref Value);
        }
    }
}
