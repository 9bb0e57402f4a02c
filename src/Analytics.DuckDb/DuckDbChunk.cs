using Analytics.DuckDb.Native;
using DuckDB.NET.Native;

namespace Analytics.DuckDb;

/// <summary>
/// One chunk of a result: up to 2048 rows as one vector per column. The vectors (and spans read from them) are
/// valid until the chunk is disposed.
/// </summary>
public sealed class DuckDbChunk : IDisposable
{
    private readonly DuckDBDataChunk _handle;
    private readonly LogicalTypeInfo[] _types;

    internal DuckDbChunk(DuckDBDataChunk handle, LogicalTypeInfo[] types)
    {
        _handle = handle;
        _types = types;
        RowCount = (int)Duck.DataChunks.DuckDBDataChunkGetSize(handle);
    }

    public int RowCount { get; }

    public int ColumnCount => _types.Length;

    /// <summary>The vector holding column <paramref name="column"/> of this chunk.</summary>
    public DuckDbVector GetVector(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _types.Length);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var vector = Duck.DataChunks.DuckDBDataChunkGetVector(_handle, column);
        return new DuckDbVector(vector, _types[column], RowCount);
    }

    public void Dispose() => _handle.Dispose();
}
