namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_table_description</c>; released with <c>duckdb_table_description_destroy</c> (also after a failed create).</summary>
internal sealed class TableDescriptionHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_table_description_destroy(ref pointer);
        return true;
    }
}
