using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_appender_create(ConnectionHandle connection, string? schema, string table, out AppenderHandle appender);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_appender_error(AppenderHandle appender);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_appender_column_count(AppenderHandle appender);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_appender_column_type(AppenderHandle appender, ulong column);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_append_data_chunk(AppenderHandle appender, DataChunkHandle chunk);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_appender_flush(AppenderHandle appender);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_appender_close(AppenderHandle appender);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_appender_destroy(ref IntPtr appender);

    // The table description gives the column names the appender API does not expose.
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_table_description_create(ConnectionHandle connection, string? schema, string table, out TableDescriptionHandle description);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_description_destroy(ref IntPtr description);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_table_description_error(TableDescriptionHandle description);

    /// <summary>Returns a string to release with <see cref="duckdb_free"/>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_table_description_get_column_name(TableDescriptionHandle description, ulong index);
}
