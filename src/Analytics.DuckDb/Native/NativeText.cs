using System.Runtime.InteropServices;

namespace Analytics.DuckDb.Native;

/// <summary>Reads the UTF-8 C strings the C API hands back.</summary>
internal static class NativeText
{
    /// <summary>A string DuckDB keeps ownership of (error texts, column names).</summary>
    public static string Borrowed(IntPtr text, string fallback = "") => Marshal.PtrToStringUTF8(text) ?? fallback;

    /// <summary>A string we own: read it, then release it with <c>duckdb_free</c>.</summary>
    public static string Owned(IntPtr text)
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
            NativeMethods.duckdb_free(text);
        }
    }
}
