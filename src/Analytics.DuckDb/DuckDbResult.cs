using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
    private readonly SafeHandle[] _keptAlive;

    private DuckDbResult(ResultHandle handle, SafeHandle[] keptAlive)
    {
        _handle = handle;
        _keptAlive = keptAlive;
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

    /// <summary>
    /// Takes ownership of a successful result and of the native objects it reads from (a streaming result's statement
    /// and pending result), released with it — here already if reading its columns fails.
    /// </summary>
    internal static DuckDbResult Wrap(ResultHandle handle, params SafeHandle[] keptAlive)
    {
        try
        {
            return new DuckDbResult(handle, keptAlive);
        }
        catch
        {
            handle.Dispose();
            Array.ForEach(keptAlive, h => h.Dispose());
            throw;
        }
    }

    /// <summary>Whether DuckDB produces the rows as they are read (see <see cref="DuckDbConnection.QueryStreaming"/>).</summary>
    public bool IsStreaming => !_handle.IsClosed && NativeMethods.duckdb_result_is_streaming(_handle.Value);

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

    public void Dispose()
    {
        _handle.Dispose();
        Array.ForEach(_keptAlive, h => h.Dispose());
    }
}
