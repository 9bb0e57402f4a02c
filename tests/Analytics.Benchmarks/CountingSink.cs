using Analytics.Core.Columns;
using Analytics.Core.Output;

namespace Analytics.Benchmarks;

/// <summary>Drops the flattener's rows (writing them is measured elsewhere) but touches each batch.</summary>
internal sealed class CountingSink : IBatchSink
{
    public long Rows { get; private set; }

    public void Write(ColumnBatch batch) => Rows += batch.Count;
}
