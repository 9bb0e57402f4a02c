using System.Text.Json;
using Analytics.Core.Json;
using Analytics.Core.Schemas;
using M = Analytics.Core.Durable.DurableMembers;

namespace Analytics.Core.Durable;

// The `<EventType>Details` object: payloads, errors, retry details and the per-type members, each to its column.
public sealed partial class DurableHistoryFlattener
{
    /// <summary><c>&lt;EventType&gt;Details</c>: any member ending in "Details" holding an object.</summary>
    private static bool IsDetailsName(ReadOnlySpan<byte> name) => name.EndsWith("Details"u8);

    private void ReadDetails(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var field = M.Detail.Find(name);
            reader.Read();
            var token = reader.TokenType;
            if (token == JsonTokenType.Null)
            {
                continue;
            }
            var isString = token == JsonTokenType.String;
            var isNumber = token == JsonTokenType.Number;
            var isObject = token == JsonTokenType.StartObject;
            switch (field)
            {
                case M.Input or M.Result when isObject:
                    ReadPayload(ref reader, row, group, name);
                    break;
                case M.Error when isObject:
                    ReadEventError(ref reader, row, group);
                    break;
                case M.RetryDetails when isObject:
                    ReadRetryDetails(ref reader, row, group);
                    break;
                case M.ExecutionTimeout or M.Timeout when isNumber && reader.TryGetInt64(out var timeout):
                    events.Int64(DurableEventColumns.TimeoutSeconds).Set(row, timeout);
                    break;
                case M.HeartbeatTimeout when isNumber && reader.TryGetInt64(out var heartbeat):
                    events.Int64(DurableEventColumns.HeartbeatTimeoutSeconds).Set(row, heartbeat);
                    break;
                case M.Duration when isNumber && reader.TryGetInt64(out var seconds):
                    events.Int64(DurableEventColumns.WaitSeconds).Set(row, seconds);
                    break;
                case M.ScheduledEndTimestamp:
                    SetTimestamp(ref reader, row, DurableEventColumns.ScheduledEndTime);
                    break;
                case M.StartTimestamp:
                    SetTimestamp(ref reader, row, DurableEventColumns.InvocationStartTime);
                    break;
                case M.EndTimestamp:
                    SetTimestamp(ref reader, row, DurableEventColumns.InvocationEndTime);
                    break;
                case M.FunctionName when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.FunctionName), row);
                    break;
                case M.TenantId when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.TenantId), row);
                    break;
                case M.ExecutedVersion when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ExecutedVersion), row);
                    break;
                case M.DurableExecutionArn when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ChainedExecutionArn), row);
                    break;
                case M.CallbackId when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.CallbackId), row);
                    break;
                case M.RequestId when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.RequestId), row);
                    break;
                case M.PauseRequestTimestamp:
                    SetTimestamp(ref reader, row, DurableEventColumns.PauseRequestTime);
                    break;
                case M.ResumeRequestTimestamp:
                    SetTimestamp(ref reader, row, DurableEventColumns.ResumeRequestTime);
                    break;
                case M.ExecutionTimeoutPaused when token is JsonTokenType.True or JsonTokenType.False:
                    events.Boolean(DurableEventColumns.ExecutionTimeoutPaused).Set(row, token == JsonTokenType.True);
                    break;
                case M.Reason when isObject:
                    ReadReason(ref reader, row, group);
                    break;
                default:
                    _detailsJson.Add(group, default, name, ref reader);
                    break;
            }
        }
    }

    /// <summary>EventInput / EventResult: <c>{"Payload": JSON text, "Truncated": bool}</c>.</summary>
    private void ReadPayload(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group, ReadOnlySpan<byte> member)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("Payload"u8))
            {
                ReadPayloadText(ref reader, row);
            }
            else if (name.SequenceEqual("Truncated"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                events.Boolean(DurableEventColumns.Truncated).Set(row, reader.TokenType == JsonTokenType.True);
            }
            else
            {
                _detailsJson.Add(group, Prefix(member), name, ref reader);
            }
        }
    }

    private void ReadPayloadText(ref Utf8JsonReader reader, int row)
    {
        var events = _events;
        if (reader.TokenType == JsonTokenType.String)
        {
            events.Int64(DurableEventColumns.PayloadBytes).Set(row, JsonStrings.UnescapedLength(ref reader));
            if (_options.IncludeExecutionData)
            {
                JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.Payload), row);
            }
            return;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (!_options.Lenient)
        {
            Fail("'Payload' is not JSON text (a decoded test snapshot? use lenient mode to import it)", reader.TokenStartIndex);
        }
        Warnings.DecodedJsonText++;
        _scratch.Clear();
        CompactJson.CopyValue(ref reader, _scratch);
        events.Int64(DurableEventColumns.PayloadBytes).Set(row, _scratch.Length);
        if (_options.IncludeExecutionData)
        {
            events.Varchar(DurableEventColumns.Payload).Set(row, _scratch.Written);
        }
    }

    /// <summary>
    /// EventPauseReason / EventResumeReason: <c>{"Payload": text, "Truncated": bool}</c>. The text is execution data
    /// (AWS returns it only with IncludeExecutionData), so it is kept like payloads: only when asked for.
    /// </summary>
    private void ReadReason(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("Payload"u8) && reader.TokenType == JsonTokenType.String)
            {
                if (_options.IncludeExecutionData)
                {
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.Reason), row);
                }
            }
            else if (name.SequenceEqual("Truncated"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                events.Boolean(DurableEventColumns.Truncated).Set(row, reader.TokenType == JsonTokenType.True);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                _detailsJson.Add(group, "Reason."u8, name, ref reader);
            }
        }
    }

    /// <summary>EventError: <c>{"Payload": {ErrorType, ErrorMessage, ErrorData, StackTrace}, "Truncated": bool}</c>.</summary>
    private void ReadEventError(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("Payload"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadErrorObject(ref reader, row, group);
            }
            else if (name.SequenceEqual("Truncated"u8) && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                events.Boolean(DurableEventColumns.Truncated).Set(row, reader.TokenType == JsonTokenType.True);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                _detailsJson.Add(group, "Error."u8, name, ref reader);
            }
        }
    }

    private void ReadErrorObject(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var field = M.ErrorObject.Find(name);
            reader.Read();
            var isString = reader.TokenType == JsonTokenType.String;
            switch (field)
            {
                case M.ErrorType when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ErrorType), row);
                    break;
                case M.ErrorMessage when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ErrorMessage), row);
                    break;
                case M.ErrorData when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ErrorData), row);
                    break;
                case M.StackTrace when reader.TokenType == JsonTokenType.StartArray:
                    _scratch.Clear();
                    CompactJson.CopyValue(ref reader, _scratch);
                    events.Varchar(DurableEventColumns.StackTrace).Set(row, _scratch.Written);
                    break;
                default:
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        _detailsJson.Add(group, "Error.Payload."u8, name, ref reader);
                    }
                    break;
            }
        }
    }

    private void ReadRetryDetails(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("CurrentAttempt"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var attempt))
            {
                events.Int32(DurableEventColumns.RetryCurrentAttempt).Set(row, attempt);
            }
            else if (name.SequenceEqual("NextAttemptDelaySeconds"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var delay))
            {
                _evRetryPending = true;
                events.Int64(DurableEventColumns.NextAttemptDelaySeconds).Set(row, delay);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                _detailsJson.Add(group, "RetryDetails."u8, name, ref reader);
            }
        }
    }
}
