using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.Durable;

// Operations rebuilt from the events (what GetDurableExecutionState would give, which an exporter cannot call):
// grouped by `Id`, status from the last event, attempts counted from StepStarted, the tree through `ParentId`.
public sealed partial class DurableHistoryFlattener
{
    private void OnEvent(int row)
    {
        CountEvent(_evId);
        var traits = DurableEventTypes.Traits(_evType);
        switch (traits.Kind)
        {
            case OperationKind.Invocation:
                _invocations++;
                return;
            case OperationKind.Execution:
                OnLifecycleEvent(row, traits);
                break;
        }
        var ids = _events.Varchar(DurableEventColumns.OperationId);
        if (ids.IsNull(row))
        {
            return;
        }
        var index = _operationIds.GetOrAdd(ids.GetBytes(row), out var added);
        if (added)
        {
            if (index == _operations.Length)
            {
                Array.Resize(ref _operations, _operations.Length * 2);
            }
            _operations[index] = default;
            _operations[index].FirstEventId = _evId;
            _operations[index].StartTime = _evTime;
            _operations[index].EndTime = NoTime;
            _operations[index].ScheduledEnd = NoTime;
            _operations[index].NextAttempt = NoTime;
        }
        ref var op = ref _operations[index];
        op.LastEventId = _evId;
        FillOnce(ref op.Name, row, DurableEventColumns.Name);
        FillOnce(ref op.SubType, row, DurableEventColumns.SubType);
        FillOnce(ref op.ParentId, row, DurableEventColumns.ParentId);
        if (traits.Kind == OperationKind.None)
        {
            return;
        }
        op.Kind = traits.Kind;
        var status = traits.Status == OperationStatus.Failed && _evRetryPending ? OperationStatus.Pending : traits.Status;
        if (traits.Kind == OperationKind.Step)
        {
            CountAttempt(ref op, status == OperationStatus.Started, row);
        }
        op.Status = status;
        op.EndTime = DurableEventTypes.IsEnded(status) ? _evTime : NoTime;
        if (status is not (OperationStatus.Started or OperationStatus.Succeeded))
        {
            KeepError(ref op, row);
        }
        KeepDetails(ref op, row, traits, status);
    }

    /// <summary>
    /// The one definition of <c>durable_events.attempt</c> and <c>durable_operations.attempts</c>: an attempt is
    /// what a StepStarted opens and the next StepSucceeded/StepFailed of the same operation ends; <c>attempt</c> is
    /// its 1-based ordinal within the operation, <c>attempts</c> their number. A StepSucceeded/StepFailed with no
    /// open attempt (its StepStarted absent from the history) counts as an attempt of its own. Counted here, not read
    /// from <c>RetryDetails.CurrentAttempt</c>: the AWS durable SDK writes 1, 1, 2 for three attempts where other
    /// writers write 1, 2, 3, so the raw number only goes to <c>retry_current_attempt</c>.
    /// </summary>
    private void CountAttempt(ref DurableOperation op, bool started, int row)
    {
        if (started || !op.AttemptOpen)
        {
            op.Attempts++;
        }
        op.AttemptOpen = started;
        _events.Int32(DurableEventColumns.Attempt).Set(row, op.Attempts);
    }

    private void WriteOperationRows()
    {
        var batch = Output[OperationsTable];
        for (var i = 0; i < _operationIds.Count; i++)
        {
            ref var op = ref _operations[i];
            var row = Output.AddRow(OperationsTable);
            SetText(batch, DurableOperationColumns.DurableExecutionArn, row, _arn);
            SetText(batch, DurableOperationColumns.AccountId, row, _account);
            SetText(batch, DurableOperationColumns.Region, row, _region);
            SetText(batch, DurableOperationColumns.OperationId, row, _operationIds.KeyAt(i));
            SetText(batch, DurableOperationColumns.ParentId, row, op.ParentId);
            SetText(batch, DurableOperationColumns.Name, row, op.Name);
            if (op.Kind != OperationKind.None)
            {
                batch.Varchar(DurableOperationColumns.Type).Set(row, DurableEventTypes.KindText(op.Kind));
                batch.Varchar(DurableOperationColumns.Status).Set(row, DurableEventTypes.StatusText(op.Status));
            }
            SetText(batch, DurableOperationColumns.SubType, row, op.SubType);
            SetTime(batch, DurableOperationColumns.StartTime, row, op.StartTime);
            SetTime(batch, DurableOperationColumns.EndTime, row, op.EndTime);
            if (op.StartTime != NoTime && op.EndTime != NoTime)
            {
                batch.Int64(DurableOperationColumns.DurationMs).Set(row, (op.EndTime - op.StartTime) / 1000);
            }
            batch.Int32(DurableOperationColumns.Attempts).Set(row, op.Kind == OperationKind.Step ? op.Attempts : 1);
            if (op.Status != OperationStatus.Succeeded)
            {
                SetText(batch, DurableOperationColumns.ErrorType, row, op.ErrorType);
                SetText(batch, DurableOperationColumns.ErrorMessage, row, op.ErrorMessage);
            }
            SetTime(batch, DurableOperationColumns.ExecutionStartTime, row, _startTime);
            batch.Int64(DurableOperationColumns.FirstEventId).Set(row, op.FirstEventId);
            batch.Int64(DurableOperationColumns.LastEventId).Set(row, op.LastEventId);
            WriteDetails(batch, row, ref op);
        }
    }

    private void FillOnce(ref Slice slot, int row, int column)
    {
        if (!slot.HasValue)
        {
            slot = CopyText(row, column);
        }
    }

}
