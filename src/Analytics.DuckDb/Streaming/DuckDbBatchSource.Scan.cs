using Analytics.DuckDb.Native;

namespace Analytics.DuckDb.Streaming;

// The query's side of the exchange, called by the table function on a DuckDB thread.
public sealed partial class DuckDbBatchSource
{
    /// <summary>
    /// Fills DuckDB's output chunk with the next rows. A copy read completely goes back for reuse; when the queue is
    /// empty the producer resumes and the query waits for the next hand-over. An empty chunk ends the scan.
    /// </summary>
    /// <exception cref="OperationCanceledException">The producer aborted: the query must fail.</exception>
    internal void FillNext(IntPtr output)
    {
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
                    while (_ready.Count == 0 && !_completed && !_aborted)
                    {
                        Monitor.Wait(_gate);
                    }
                }
                ThrowIfAborted();
                if (!_ready.TryDequeue(out _current))
                {
                    NativeMethods.duckdb_data_chunk_set_size_borrowed(output, 0);
                    return;
                }
                _offset = 0;
            }
            var rows = Math.Min(_chunkCapacity, _current.Count - _offset);
            ChunkFill.Fill(output, _current, _offset, rows, TableExpression, _projection);
            _offset += rows;
        }
    }

    private void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new OperationCanceledException("The batch producer gave up before writing all its rows.");
        }
    }

    /// <summary>The batch columns the query reads, in its output order (-1: a placeholder column left null).</summary>
    internal void SetProjection(int[] projection)
    {
        lock (_gate)
        {
            _projection = projection;
        }
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
