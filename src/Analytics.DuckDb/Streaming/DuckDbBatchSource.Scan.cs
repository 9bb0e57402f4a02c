using DuckDB.NET.Native;

namespace Analytics.DuckDb.Streaming;

// The query's side of the exchange, called by the table function on a DuckDB thread.
public sealed partial class DuckDbBatchSource
{
    /// <summary>
    /// Fills DuckDB's output chunk with the next rows. A copy read completely goes back for reuse; when the queue is
    /// empty the producer resumes and the query waits for the next hand-over. An empty chunk ends the scan.
    /// </summary>
    /// <exception cref="OperationCanceledException">The producer aborted: the query must fail.</exception>
    internal void FillNext(IntPtr chunk)
    {
        // DuckDB owns the output chunk: the wrapper does not destroy it.
        using var output = new DuckDBDataChunk(chunk);
        lock (_gate)
        {
            ThrowIfAborted();
            if (_current is not null && _offset >= _current.Count)
            {
                _spare.Push(_current);
                _current = null;
            }
            if (_current is null)
            {
                if (_ready.Count == 0)
                {
                    Monitor.PulseAll(_gate);
                    while (_ready.Count == 0 && !_completed && !_aborted && !_cancelled)
                    {
                        Monitor.Wait(_gate);
                    }
                }
                ThrowIfAborted();
                if (!_ready.TryDequeue(out _current))
                {
                    Duck.DataChunks.DuckDBDataChunkSetSize(output, 0);
                    return;
                }
                _offset = 0;
            }
            var rows = Math.Min(_chunkCapacity, _current.Count - _offset);
            _projection ??= ProjectionOf([.. Enumerable.Range(0, Schema.Columns.Length + (_dateSlots is null ? 0 : 1)).Select(i => (ulong)i)]);
            ChunkFill.Fill(output, _current, _offset, rows, TableExpression, _projection);
            if (_dateSlots is not null)
            {
                for (var o = 0; o < _projection.Length; o++)
                {
                    if (_projection[o] == ChunkFill.CallerFilled)
                    {
                        _dateSlots.Fill(Duck.DataChunks.DuckDBDataChunkGetVector(output, o), _current.Int64(_dateSlots.TimestampIndex), _offset, rows);
                    }
                }
            }
            _offset += rows;
        }
    }

    private void ThrowIfAborted()
    {
        if (_aborted || _cancelled)
        {
            throw new OperationCanceledException("The batch producer gave up before writing all its rows.");
        }
    }

    /// <summary>Takes the function's column indexes the query reads, in its output order: the schema's columns,
    /// then the date column if any; anything else (DuckDB's row-id placeholder) is left null.</summary>
    internal void SetProjection(IReadOnlyList<ulong> columns)
    {
        lock (_gate)
        {
            _projection = ProjectionOf(columns);
        }
    }

    private int[] ProjectionOf(IReadOnlyList<ulong> columns)
    {
        var schemaColumns = (ulong)Schema.Columns.Length;
        var projection = new int[columns.Count];
        for (var i = 0; i < projection.Length; i++)
        {
            projection[i] = columns[i] < schemaColumns ? (int)columns[i]
                : columns[i] == schemaColumns && _dateSlots is not null ? ChunkFill.CallerFilled
                : -1;
        }
        return projection;
    }

    /// <summary>Keeps an exception thrown while scanning, to hand to the producer instead of DuckDB's rewording.</summary>
    internal void RecordScanError(Exception error)
    {
        lock (_gate)
        {
            _scanError ??= error;
        }
    }
}
