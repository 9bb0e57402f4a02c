using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

// Table functions: a function object is configured, registered (DuckDB keeps its own copy) and destroyed. The info
// objects handed to the callbacks are borrowed for the callback's duration.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial TableFunctionHandle duckdb_create_table_function();

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_table_function(ref IntPtr function);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_table_function_set_name(TableFunctionHandle function, string name);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_function_add_parameter(TableFunctionHandle function, LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_function_set_bind(TableFunctionHandle function, delegate* unmanaged<IntPtr, void> bind);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_function_set_init(TableFunctionHandle function, delegate* unmanaged<IntPtr, void> init);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_function_set_function(TableFunctionHandle function, delegate* unmanaged<IntPtr, IntPtr, void> main);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_table_function_supports_projection_pushdown(TableFunctionHandle function, [MarshalAs(UnmanagedType.U1)] bool pushdown);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_register_table_function(ConnectionHandle connection, TableFunctionHandle function);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_bind_get_parameter(IntPtr bindInfo, ulong index);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_bind_add_result_column(IntPtr bindInfo, string name, LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_bind_set_bind_data(IntPtr bindInfo, IntPtr bindData, IntPtr destroy);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_bind_set_error(IntPtr bindInfo, string error);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_init_get_bind_data(IntPtr initInfo);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_init_get_column_count(IntPtr initInfo);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_init_get_column_index(IntPtr initInfo, ulong position);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_init_set_error(IntPtr initInfo, string error);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_init_set_max_threads(IntPtr initInfo, ulong maxThreads);

    // O(1) field read: safe without a GC transition.
    [LibraryImport(LibraryName)]
    [SuppressGCTransition]
    internal static partial IntPtr duckdb_function_get_bind_data(IntPtr functionInfo);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_function_set_error(IntPtr functionInfo, string error);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_create_logical_type(DuckDbType type);

    [LibraryImport(LibraryName)]
    internal static partial long duckdb_get_int64(IntPtr value);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_value(ref IntPtr value);

    /// <summary><see cref="duckdb_data_chunk_reset"/> for a chunk DuckDB owns (a table function's output).</summary>
    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_reset")]
    internal static partial void duckdb_data_chunk_reset_borrowed(IntPtr chunk);

    /// <summary><see cref="duckdb_data_chunk_set_size"/> for a chunk DuckDB owns (a table function's output).</summary>
    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_set_size")]
    internal static partial void duckdb_data_chunk_set_size_borrowed(IntPtr chunk, ulong size);
}
