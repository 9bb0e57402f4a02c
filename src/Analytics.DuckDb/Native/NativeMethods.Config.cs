using System.Runtime.InteropServices;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb.Native;

internal static partial class NativeMethods
{
    [LibraryImport(LibraryName)]
    internal static partial DuckDbState duckdb_create_config(out ConfigHandle config);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDbState duckdb_set_config(ConfigHandle config, string name, string option);

    [LibraryImport(LibraryName)]
    internal static partial void duckdb_destroy_config(ref IntPtr config);
}
