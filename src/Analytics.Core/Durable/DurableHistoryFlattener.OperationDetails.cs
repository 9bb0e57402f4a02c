using System.Buffers.Text;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.Durable;

// An operation's details_json: the members of GetDurableExecutionState's Operation shape that the events carry and
// that have no durable_operations column, grouped like the Operations pages' (`{"StepDetails":{...}}`), so a
// history-derived row and a saved page's row read alike. Payloads only with execution data (the Payload column of
// durable_events is filled only then).
public sealed partial class DurableHistoryFlattener
{
    private void KeepError(ref DurableOperation op, int row)
    {
        var errorType = CopyText(row, DurableEventColumns.ErrorType);
        var errorMessage = CopyText(row, DurableEventColumns.ErrorMessage);
        var errorData = CopyText(row, DurableEventColumns.ErrorData);
        var stackTrace = CopyText(row, DurableEventColumns.StackTrace);
        if (errorType.HasValue || errorMessage.HasValue || errorData.HasValue || stackTrace.HasValue)
        {
            op.ErrorType = errorType;
            op.ErrorMessage = errorMessage;
            op.ErrorData = errorData;
            op.StackTrace = stackTrace;
        }
    }

    private void KeepDetails(ref DurableOperation op, int row, DurableTraits traits, OperationStatus status)
    {
        var events = _events;
        switch (traits.Kind)
        {
            case OperationKind.Execution when traits.Lifecycle == DurableExecutionStatus.Running && _evType != DurableEventTypes.ExecutionResumed:
                op.Payload = CopyText(row, DurableEventColumns.Payload); // ExecutionDetails.InputPayload
                break;
            case OperationKind.Wait when status == OperationStatus.Started:
                var end = events.Int64(DurableEventColumns.ScheduledEndTime);
                op.ScheduledEnd = end.IsNull(row) ? NoTime : end.Get(row);
                break;
            case OperationKind.Callback when status == OperationStatus.Started:
                op.CallbackId = CopyText(row, DurableEventColumns.CallbackId);
                break;
            case not OperationKind.Execution when status == OperationStatus.Succeeded:
                op.Payload = CopyText(row, DurableEventColumns.Payload); // *Details.Result
                break;
        }
        // StepDetails.NextAttemptTimestamp: "only populated when the step is in a pending state".
        op.NextAttempt = NoTime;
        var delay = events.Int64(DurableEventColumns.NextAttemptDelaySeconds);
        if (status == OperationStatus.Pending && _evTime != NoTime && !delay.IsNull(row))
        {
            op.NextAttempt = _evTime + delay.Get(row) * 1_000_000;
        }
    }

    private void WriteDetails(ColumnBatch batch, int row, ref DurableOperation op)
    {
        var json = _scratch;
        json.Clear();
        var group = DurableEventTypes.DetailsName(op.Kind);
        if (op.NextAttempt != NoTime && op.Status == OperationStatus.Pending)
        {
            Member(json, group, "NextAttemptTimestamp"u8);
            EpochSeconds(json, op.NextAttempt);
        }
        if (op.ScheduledEnd != NoTime)
        {
            Member(json, group, "ScheduledEndTimestamp"u8);
            EpochSeconds(json, op.ScheduledEnd);
        }
        if (op.CallbackId.HasValue)
        {
            Member(json, group, "CallbackId"u8);
            CompactJson.WriteString(json, _strings.Get(op.CallbackId));
        }
        if (op.Payload.HasValue)
        {
            Member(json, group, op.Kind == OperationKind.Execution ? "InputPayload"u8 : "Result"u8);
            CompactJson.WriteString(json, _strings.Get(op.Payload));
        }
        if (op.Status != OperationStatus.Succeeded && op.ErrorData.HasValue)
        {
            Member(json, group, "Error.ErrorData"u8);
            CompactJson.WriteString(json, _strings.Get(op.ErrorData));
        }
        if (op.Status != OperationStatus.Succeeded && op.StackTrace.HasValue)
        {
            Member(json, group, "Error.StackTrace"u8);
            json.Append(_strings.Get(op.StackTrace)); // already compact JSON (an array)
        }
        if (json.Length > 0)
        {
            json.Append("}}"u8);
            batch.Varchar(DurableOperationColumns.DetailsJson).Set(row, json.Written);
        }
    }

    private static void Member(ByteArena json, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name)
    {
        if (json.Length == 0)
        {
            json.Append("{\""u8);
            json.Append(group);
            json.Append("\":{"u8);
        }
        else
        {
            json.Append((byte)',');
        }
        CompactJson.WriteQuoted(json, name);
        json.Append((byte)':');
    }

    /// <summary>Epoch seconds with milliseconds (<c>1763712030.250</c>), the wire encoding of the Lambda APIs.</summary>
    private static void EpochSeconds(ByteArena json, long micros)
    {
        var seconds = Math.DivRem(micros, 1_000_000, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += 1_000_000;
        }
        Utf8Formatter.TryFormat(seconds, json.Reserve(20), out var written);
        json.Truncate(json.Length - 20 + written);
        json.Append((byte)'.');
        Utf8Formatter.TryFormat(rest / 1000, json.Reserve(3), out _, new System.Buffers.StandardFormat('D', 3));
    }
}
