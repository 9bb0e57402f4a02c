namespace Analytics.DuckDb.Native.Handles;

/// <summary>An owned <c>duckdb_data_chunk</c> (created, or fetched from a result); released with <c>duckdb_destroy_data_chunk</c>.</summary>
internal sealed class DataChunkHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_data_chunk(ref pointer);
        return true;
    }
}
