namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_config</c>; released with <c>duckdb_destroy_config</c>.</summary>
internal sealed class ConfigHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_config(ref pointer);
        return true;
    }
}
