namespace Analytics.DuckDb.Native.Handles;

/// <summary>
/// A <c>duckdb_appender</c>; released with <c>duckdb_appender_destroy</c> (also after a failed create). Destroy flushes
/// what is still buffered, but its status is lost here: <see cref="DuckDbAppender"/> closes explicitly first.
/// </summary>
internal sealed class AppenderHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        _ = NativeMethods.duckdb_appender_destroy(ref pointer);
        return true;
    }
}
