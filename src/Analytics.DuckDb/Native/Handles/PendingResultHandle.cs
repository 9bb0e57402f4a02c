namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_pending_result</c>; released with <c>duckdb_destroy_pending</c> (also after a failed call).</summary>
internal sealed class PendingResultHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_pending(ref pointer);
        return true;
    }
}
