namespace Analytics.DuckDb.Native.Handles;

/// <summary>An owned <c>duckdb_logical_type</c>; released with <c>duckdb_destroy_logical_type</c>.</summary>
internal sealed class LogicalTypeHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_logical_type(ref pointer);
        return true;
    }
}
