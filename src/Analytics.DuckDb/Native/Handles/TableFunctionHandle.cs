namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_table_function</c> being configured; released with <c>duckdb_destroy_table_function</c>
/// (registration keeps DuckDB's own copy).</summary>
internal sealed class TableFunctionHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_table_function(ref pointer);
        return true;
    }
}
