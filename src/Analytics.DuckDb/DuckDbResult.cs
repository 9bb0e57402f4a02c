using System.Collections.Immutable;
using Analytics.DuckDb.Native;

namespace Analytics.DuckDb;

/// <summary>
/// A query result, read chunk by chunk (up to 2048 rows each) through DuckDB's vector API. Dispose it (and each
/// chunk) when done.
/// </summary>
public sealed class DuckDbResult : IDisposable
{
    private readonly NativeResult _result;
    private readonly LogicalTypeInfo[] _types;
    private readonly IDisposable[] _keptAlive;
    private bool _disposed;

    private DuckDbResult(NativeResult result, IDisposable[] keptAlive)
    {
        _result = result;
        _keptAlive = keptAlive;
        var count = (int)Duck.Query.DuckDBColumnCount(ref result.Value);
        _types = new LogicalTypeInfo[count];
        var columns = ImmutableArray.CreateBuilder<DuckDbColumn>(count);
        for (var i = 0; i < count; i++)
        {
            using (var type = Duck.Query.DuckDBColumnLogicalType(ref result.Value, i))
            {
                _types[i] = LogicalTypeInfo.From(type);
            }
            var name = Duck.Query.DuckDBColumnName(ref result.Value, i) ?? string.Empty;
            columns.Add(new DuckDbColumn(name, _types[i].Id, _types[i].Name));
        }
        Columns = columns.MoveToImmutable();
        RowsChanged = Duck.Query.DuckDBRowsChanged(ref result.Value);
    }

    public ImmutableArray<DuckDbColumn> Columns { get; }

    /// <summary>Rows inserted, updated or deleted by the statement (0 for a query).</summary>
    public long RowsChanged { get; }

    /// <summary>
    /// Takes ownership of a successful result and of the native objects it reads from (a streaming result's
    /// statement), released with it — here already if reading its columns fails.
    /// </summary>
    internal static DuckDbResult Wrap(NativeResult result, params IDisposable[] keptAlive)
    {
        try
        {
            return new DuckDbResult(result, keptAlive);
        }
        catch
        {
            result.Dispose();
            Array.ForEach(keptAlive, h => h.Dispose());
            throw;
        }
    }

    /// <summary>Whether DuckDB produces the rows as they are read (see <see cref="DuckDbConnection.QueryStreaming"/>).</summary>
    public bool IsStreaming => !_disposed && Duck.Types.DuckDBResultIsStreaming(_result.Value) != 0;

    /// <summary>The next chunk of rows, or null when the result is exhausted.</summary>
    public DuckDbChunk? NextChunk()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var chunk = Duck.Query.DuckDBFetchChunk(_result.Value);
        if (chunk.IsInvalid)
        {
            chunk.Dispose();
            var error = Duck.Query.DuckDBResultError(ref _result.Value);
            return string.IsNullOrEmpty(error) ? null : throw new DuckDbException(error);
        }
        return new DuckDbChunk(chunk, _types);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _result.Dispose();
        Array.ForEach(_keptAlive, h => h.Dispose());
    }
}
