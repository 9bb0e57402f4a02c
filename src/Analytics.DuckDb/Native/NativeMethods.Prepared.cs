using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_prepare(ConnectionHandle connection, string query, out PreparedStatementHandle statement);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_prepare_error(PreparedStatementHandle statement);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_nparams(PreparedStatementHandle statement);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_clear_bindings(PreparedStatementHandle statement);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_boolean(PreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_int32(PreparedStatementHandle statement, ulong index, int value);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_int64(PreparedStatementHandle statement, ulong index, long value);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_double(PreparedStatementHandle statement, ulong index, double value);

    [LibraryImport(LibraryName)]
    internal static unsafe partial DuckDbState duckdb_bind_varchar_length(PreparedStatementHandle statement, ulong index, byte* value, ulong length);

    /// <summary>duckdb_timestamp is a struct of one int64 (microseconds since the epoch, UTC), passed like an int64.</summary>
    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_timestamp_tz(PreparedStatementHandle statement, ulong index, long micros);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_bind_null(PreparedStatementHandle statement, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_execute_prepared(PreparedStatementHandle statement, ResultHandle result);
}
