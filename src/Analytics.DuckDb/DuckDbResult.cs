using System.Collections.Immutable;
using Analytics.DuckDb.Native;
using Analytics.DuckDb.Native.Handles;

namespace Analytics.DuckDb;

/// <summary>
/// A query result, read chunk by chunk (up to 2048 rows each) through DuckDB's vector API. Dispose it (and each
/// chunk) when done.
/// </summary>
public sealed class DuckDbResult : IDisposable
{
    private readonly ResultHandle _handle;
    private readonly LogicalTypeInfo[] _types;

    private DuckDbResult(ResultHandle handle)
    {
        _handle = handle;
        var count = (int)NativeMethods.duckdb_column_count(handle);
        _types = new LogicalTypeInfo[count];
        var columns = ImmutableArray.CreateBuilder<DuckDbColumn>(count);
        for (var i = 0; i < count; i++)
        {
            using (var type = NativeMethods.duckdb_column_logical_type(handle, (ulong)i))
            {
                _types[i] = LogicalTypeInfo.From(type);
            }
            var name = NativeText.Borrowed(NativeMethods.duckdb_column_name(handle, (ulong)i));
            columns.Add(new DuckDbColumn(name, _types[i].Id, _types[i].Name));
        }
        Columns = columns.MoveToImmutable();
        RowsChanged = (long)NativeMethods.duckdb_rows_changed(handle);
    }

    public ImmutableArray<DuckDbColumn> Columns { get; }

    /// <summary>Rows inserted, updated or deleted by the statement (0 for a query).</summary>
    public long RowsChanged { get; }

    /// <summary>Takes ownership of a successful result (released here if reading its columns fails).</summary>
    internal static DuckDbResult Wrap(ResultHandle handle)
    {
        try
        {
            return new DuckDbResult(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The next chunk of rows, or null when the result is exhausted.</summary>
    public DuckDbChunk? NextChunk()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var chunk = NativeMethods.duckdb_fetch_chunk(_handle.Value);
            if (chunk.IsInvalid)
            {
                chunk.Dispose();
                var error = NativeMethods.duckdb_result_error(_handle);
                return error == IntPtr.Zero ? null : throw new DuckDbException(NativeText.Borrowed(error));
            }
            return new DuckDbChunk(chunk, _types);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
