namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_prepared_statement</c>; released with <c>duckdb_destroy_prepare</c> (also after a failed prepare).</summary>
internal sealed class PreparedStatementHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_prepare(ref pointer);
        return true;
    }
}
