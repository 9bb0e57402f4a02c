using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

/// <summary>
/// The DuckDB C API (duckdb.h), one file per section. Methods carry the C names so the header is the documentation;
/// <c>idx_t</c> is <see cref="ulong"/>. The library name "duckdb" is resolved by <see cref="NativeLibraryLoader"/>.
/// </summary>
internal static partial class NativeMethods
{
    internal const string LibraryName = "duckdb";

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_open_ext(string? path, out DatabaseHandle database, ConfigHandle config, out IntPtr error);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_connect(DatabaseHandle database, out ConnectionHandle connection);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    /// <summary>Asks a running query on the connection to stop (it then fails with an INTERRUPT error).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_interrupt(ConnectionHandle connection);

    /// <summary>Returns a static string such as "v1.5.6"; never freed.</summary>
    [LibraryImport(LibraryName)]
    internal static partial IntPtr duckdb_library_version();

    /// <summary>Frees memory DuckDB allocated for us (error texts, names).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void duckdb_free(IntPtr pointer);
}
