using Analytics.Core.Columns;

namespace Analytics.Core.Output;

/// <summary>
/// One reusable <see cref="ColumnBatch"/> per table a flattener fills, handed to a sink whenever one is full and by
/// <see cref="Flush"/> at the end.
/// </summary>
public sealed class TableBatches
{
    private readonly ColumnBatch[] _batches;

    public TableBatches(IBatchSink sink, IReadOnlyList<TableSchema> tables, int capacity = ColumnBatch.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(tables);
        Sink = sink;
        _batches = new ColumnBatch[tables.Count];
        for (var i = 0; i < _batches.Length; i++)
        {
            _batches[i] = new ColumnBatch(tables[i], capacity);
        }
    }

    public IBatchSink Sink { get; }

    public ColumnBatch this[int table] => _batches[table];

    /// <summary>Starts a row in table <paramref name="table"/>, first handing a full batch to the sink.</summary>
    public int AddRow(int table)
    {
        var batch = _batches[table];
        if (batch.IsFull)
        {
            Sink.Write(batch);
            batch.Clear();
        }
        return batch.AddRow();
    }

    /// <summary>Hands every non-empty batch to the sink.</summary>
    public void Flush()
    {
        foreach (var batch in _batches)
        {
            if (batch.Count > 0)
            {
                Sink.Write(batch);
                batch.Clear();
            }
        }
    }
}
