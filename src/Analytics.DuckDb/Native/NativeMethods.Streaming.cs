using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

// Statement extraction and streaming execution. duckdb_pending_prepared_streaming is marked "scheduled for removal" in
// the C header but is still the only way to get a result that is produced as it is read instead of materialized.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ulong duckdb_extract_statements(ConnectionHandle connection, string query, out ExtractedStatementsHandle statements);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_prepare_extracted_statement(ConnectionHandle connection, ExtractedStatementsHandle statements,
        ulong index, out PreparedStatementHandle statement);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_extract_statements_error(ExtractedStatementsHandle statements);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_extracted(ref IntPtr statements);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_pending_prepared_streaming(PreparedStatementHandle statement, out PendingResultHandle pending);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_execute_pending(PendingResultHandle pending, ResultHandle result);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_pending_error(PendingResultHandle pending);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_pending(ref IntPtr pending);

    [LibraryImport(LibraryName)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool duckdb_result_is_streaming(DuckDbResultStruct result);
}
