using System.Runtime.InteropServices;

namespace Analytics.DuckDb.Native.Handles;

/// <summary>
/// A <c>duckdb_result</c>. Unlike the other objects it is a struct the caller owns, so the handle is a block of native
/// memory holding it: filled by <c>duckdb_query</c>/<c>duckdb_execute_prepared</c>, released with
/// <c>duckdb_destroy_result</c> (also after a failed query) and then freed.
/// </summary>
internal sealed unsafe class ResultHandle : DuckDbHandle
{
    public static ResultHandle Allocate()
    {
        var result = new ResultHandle();
        result.SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct)));
        return result;
    }

    /// <summary>A copy of the struct, for the C-API functions that take <c>duckdb_result</c> by value.</summary>
    public DuckDbResultStruct Value => *(DuckDbResultStruct*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_result(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}

/// <summary>The C API's <c>duckdb_result</c> layout (only its internal pointer is meaningful to us).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResultStruct
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public IntPtr DeprecatedColumns;
    public IntPtr DeprecatedErrorMessage;
    public IntPtr InternalData;
}
