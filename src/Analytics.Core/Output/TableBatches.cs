using Analytics.Core.Columns;

namespace Analytics.Core.Output;

/// <summary>
/// One reusable <see cref="ColumnBatch"/> per table a flattener fills, handed to a sink whenever one is full and by
/// <see cref="Flush"/> at the end. Between <see cref="Hold"/> and <see cref="Release"/> (one execution's rows, not
/// yet validated) nothing reaches the sink: full batches grow instead, so <see cref="Rollback"/> can drop exactly
/// those rows. Memory is then bounded by the largest single execution.
/// </summary>
public sealed class TableBatches
{
    private readonly ColumnBatch[] _batches;
    private readonly int[] _marks;
    private bool _holding;

    public TableBatches(IBatchSink sink, IReadOnlyList<TableSchema> tables, int capacity = ColumnBatch.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(tables);
        Sink = sink;
        _batches = new ColumnBatch[tables.Count];
        _marks = new int[tables.Count];
        for (var i = 0; i < _batches.Length; i++)
        {
            _batches[i] = new ColumnBatch(tables[i], capacity);
        }
    }

    public IBatchSink Sink { get; }

    public ColumnBatch this[int table] => _batches[table];

    /// <summary>Starts a row in table <paramref name="table"/>, first handing a full batch to the sink (unless held).</summary>
    public int AddRow(int table)
    {
        var batch = _batches[table];
        if (_holding)
        {
            return batch.AddRowGrowing();
        }
        if (batch.IsFull)
        {
            Sink.Write(batch);
            batch.Clear();
        }
        return batch.AddRow();
    }

    /// <summary>Holds back the rows added from now on until <see cref="Release"/> or <see cref="Rollback"/>.</summary>
    public void Hold()
    {
        if (_holding)
        {
            throw new InvalidOperationException("Rows are already held: release or roll them back first.");
        }
        for (var i = 0; i < _batches.Length; i++)
        {
            _marks[i] = _batches[i].Count;
        }
        _holding = true;
    }

    /// <summary>The held rows are good: full batches go to the sink now.</summary>
    public void Release()
    {
        _holding = false;
        foreach (var batch in _batches)
        {
            if (batch.IsFull)
            {
                Sink.Write(batch);
                batch.Clear();
            }
        }
    }

    /// <summary>Drops every row added since <see cref="Hold"/>.</summary>
    public void Rollback()
    {
        if (!_holding)
        {
            return;
        }
        _holding = false;
        for (var i = 0; i < _batches.Length; i++)
        {
            _batches[i].TruncateRows(_marks[i]);
        }
    }

    /// <summary>Hands every non-empty batch to the sink (held rows too: call it between executions).</summary>
    public void Flush()
    {
        Array.Clear(_marks);
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
