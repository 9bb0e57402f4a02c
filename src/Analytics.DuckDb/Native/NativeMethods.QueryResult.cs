using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_query(ConnectionHandle connection, string query, ResultHandle result);

    /// <summary>Takes the address of the result struct (the <see cref="ResultHandle"/>'s pointer).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_result(IntPtr result);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_result_error(ResultHandle result);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_column_count(ResultHandle result);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_column_name(ResultHandle result, ulong column);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_column_logical_type(ResultHandle result, ulong column);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_rows_changed(ResultHandle result);

    /// <summary>The next chunk of the result, or an invalid handle at the end (or on error).</summary>
    [LibraryImport(LibraryName)]
    internal static partial DataChunkHandle duckdb_fetch_chunk(DuckDbResultStruct result);
}
