namespace Analytics.DuckDb.Native.Handles;

/// <summary>An open <c>duckdb_database</c>; closed with <c>duckdb_close</c>.</summary>
internal sealed class DatabaseHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_close(ref pointer);
        return true;
    }
}
