using Analytics.Core.Columns;

namespace Analytics.Core.Output;

/// <summary>
/// Receives a filled batch (full, or the remainder at the end). The batch is cleared and refilled as soon as
/// <see cref="Write"/> returns, so a sink copies what it keeps (the DuckDB appender copies into a data chunk).
/// </summary>
public interface IBatchSink
{
    void Write(ColumnBatch batch);
}
