namespace Analytics.DuckDb.Native.Handles;

/// <summary>A <c>duckdb_extracted_statements</c>; released with <c>duckdb_destroy_extracted</c> (also after a failed extract).</summary>
internal sealed class ExtractedStatementsHandle : DuckDbHandle
{
    protected override bool ReleaseHandle()
    {
        var pointer = handle;
        NativeMethods.duckdb_destroy_extracted(ref pointer);
        return true;
    }
}
