using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

// Child types returned here are owned by the caller (each must be destroyed); names are freed with duckdb_free.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_logical_type(ref IntPtr type);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbType duckdb_get_type_id(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial byte duckdb_decimal_width(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial byte duckdb_decimal_scale(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbType duckdb_decimal_internal_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbType duckdb_enum_internal_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial uint duckdb_enum_dictionary_size(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_enum_dictionary_value(LogicalTypeHandle type, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_list_type_child_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_array_type_child_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_array_type_array_size(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_map_type_key_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_map_type_value_type(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_struct_type_child_count(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_struct_type_child_name(LogicalTypeHandle type, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_struct_type_child_type(LogicalTypeHandle type, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_union_type_member_count(LogicalTypeHandle type);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_union_type_member_name(LogicalTypeHandle type, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial LogicalTypeHandle duckdb_union_type_member_type(LogicalTypeHandle type, ulong index);
}
