using Analytics.Core.Columns;

namespace Analytics.DuckDb.Streaming;

/// <summary>
/// Spare batch copies kept across <see cref="DuckDbBatchSource"/>s: a source takes its queue's copies from here and
/// gives them back when disposed, so a writer that starts fresh COPYs every chunk (the export: one per table, date
/// and chunk) reuses the same buffers instead of allocating them anew (measured before: ~5.5 GB per 100,000
/// executions, mostly large-object arrays). Holds at most what the sources had out at once, and never more than
/// <see cref="MaxSpareBytes"/> of buffers (a moment that needed more does not pin its memory for the rest of the run).
/// Thread-safe.
/// </summary>
/// <param name="maxSpareBytes">Buffers kept for reuse at most (<see cref="ColumnBatch.AllocatedBytes"/>); a batch
/// given back beyond it is released (its arenas go to the <see cref="ArenaPool"/>, the rest to the collector).</param>
public sealed class BatchPool(long maxSpareBytes = BatchPool.DefaultMaxSpareBytes)
{
    /// <summary>The default <see cref="MaxSpareBytes"/>: a chunk's held rows plus a queue of copies, with room.</summary>
    public const long DefaultMaxSpareBytes = 16L << 20;

    private readonly object _gate = new();
    private readonly Dictionary<TableSchema, List<ColumnBatch>> _spare = [];
    private long _spareBytes;
    private long _released;

    public long MaxSpareBytes { get; } = maxSpareBytes >= 0 ? maxSpareBytes : throw new ArgumentOutOfRangeException(nameof(maxSpareBytes));

    /// <summary>Bytes of the spare batches' buffers held now.</summary>
    public long SpareBytes
    {
        get
        {
            lock (_gate)
            {
                return _spareBytes;
            }
        }
    }

    /// <summary>An empty batch of <paramref name="schema"/> with room for <paramref name="rows"/> rows: the smallest
    /// spare one large enough, else a new one of exactly that capacity.</summary>
    public ColumnBatch Rent(TableSchema schema, int rows)
    {
        lock (_gate)
        {
            if (_spare.TryGetValue(schema, out var spare))
            {
                var best = -1;
                for (var i = 0; i < spare.Count; i++)
                {
                    if (spare[i].Capacity >= rows && (best < 0 || spare[i].Capacity < spare[best].Capacity))
                    {
                        best = i;
                    }
                }
                if (best >= 0)
                {
                    var batch = spare[best];
                    spare[best] = spare[^1];
                    spare.RemoveAt(spare.Count - 1);
                    _spareBytes -= batch.AllocatedBytes;
                    return batch;
                }
            }
        }
        return new ColumnBatch(schema, rows);
    }

    /// <summary>Batches given back beyond the bound and released so far.</summary>
    public long Released
    {
        get
        {
            lock (_gate)
            {
                return _released;
            }
        }
    }

    /// <summary>Takes a batch back for reuse (its rows are dropped), unless the spares are at their bound: then it is
    /// released.</summary>
    public void Return(ColumnBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        var bytes = batch.AllocatedBytes;
        lock (_gate)
        {
            if (_spareBytes + bytes <= MaxSpareBytes)
            {
                if (!_spare.TryGetValue(batch.Schema, out var spare))
                {
                    _spare[batch.Schema] = spare = [];
                }
                spare.Add(batch);
                _spareBytes += bytes;
                return;
            }
            _released++;
        }
        batch.Release();
    }

    /// <summary>Spare batches held now, all schemas together.</summary>
    public int SpareCount
    {
        get
        {
            lock (_gate)
            {
                return _spare.Values.Sum(s => s.Count);
            }
        }
    }
}
