namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_connection</c>; released with <c>duckdb_disconnect</c>.</summary>
internal sealed class ConnectionHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_disconnect(ref pointer);
        return true;
    }
}
