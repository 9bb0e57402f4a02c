using Analytics.Core.Columns;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// Text repeated row after row in `events` (event types, state types, a visit's state name) is copied into a batch
// once and then shared (VarcharColumn.SetSameAs): each source is remembered with the batch it is in, counted up
// whenever a batch starts at row 0 and at every execution.
public sealed partial class ExecutionHistoryFlattener
{
    private readonly SharedText[] _typeRows = new SharedText[HistoryEventTypes.Count];
    private readonly SharedText[] _stateTypeRows = new SharedText[16];
    private int _eventBatch = 1;

    /// <summary>Where a text value stands in the events batch: row <see cref="Row"/> of batch <see cref="Batch"/>.</summary>
    private struct SharedText(int row, int batch)
    {
        public int Row = row;
        public int Batch = batch;
    }

    /// <summary>Sets <paramref name="value"/>, sharing the source row when it is in this batch, else copying it and
    /// making this row the source.</summary>
    private void SetRepeated(VarcharColumn column, int row, ReadOnlySpan<byte> value, ref int sourceRow, ref int sourceBatch)
    {
        if (sourceBatch == _eventBatch && sourceRow < row)
        {
            column.SetSameAs(row, sourceRow);
            return;
        }
        column.Set(row, value);
        sourceRow = row;
        sourceBatch = _eventBatch;
    }

    /// <summary>The event's type text, shared with an earlier row of the same type (recorded once that row was
    /// final, in OnEvent) or copied.</summary>
    private void SetEventType(VarcharColumn column, int row, ReadOnlySpan<byte> type)
    {
        if (_evType >= 0)
        {
            var source = _typeRows[_evType];
            if (source.Batch == _eventBatch && source.Row < row)
            {
                column.SetSameAs(row, source.Row);
                return;
            }
        }
        column.Set(row, type);
    }
}
