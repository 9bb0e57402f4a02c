using System.Runtime.InteropServices;
using DuckDB.NET.Native;

namespace Analytics.DuckDb.Native;

/// <summary>
/// The few C-API functions DuckDB.NET 1.5.6.1 does not bind (README, "Dependencies"), declared against the same
/// library it loads. Everything else goes through <c>DuckDB.NET.Native.NativeMethods</c>.
/// </summary>
internal static unsafe partial class MissingMethods
{
    private const string LibraryName = "duckdb";

    /// <summary>A VARCHAR parameter by length: DuckDB.NET's string binding stops at the first NUL character.</summary>
    [LibraryImport(LibraryName)]
    internal static partial DuckDBState duckdb_bind_varchar_length(DuckDBPreparedStatement statement, ulong index, byte* value, ulong length);

    /// <summary>UNION member names and types, for reading UNION columns (DuckDB.NET reads only struct children).</summary>
    [LibraryImport(LibraryName)]
    internal static partial ulong duckdb_union_type_member_count(DuckDBLogicalType type);

    /// <summary>Returns a string to release with <c>duckdb_free</c>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_union_type_member_name(DuckDBLogicalType type, ulong index);

    [LibraryImport(LibraryName)]
    internal static partial DuckDBLogicalType duckdb_union_type_member_type(DuckDBLogicalType type, ulong index);

    /// <summary>Reads a string DuckDB allocated for us, then frees it.</summary>
    internal static string OwnedText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }
        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            Duck.Helpers.DuckDBFree(text);
        }
    }
}
