using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;
using M = Analytics.Core.StepFunctions.HistoryMembers;

namespace Analytics.Core.StepFunctions;

// One HistoryEvent object → one `events` row. Members come in any order (the API reference sample puts the details
// before `type`), so nothing here depends on the type; the derivations run once the object is complete.
public sealed partial class ExecutionHistoryFlattener
{
    private int _arnRow = -1;
    private long _evId;
    private long _evPrev;
    private long _evTime;
    private int _evType;
    private bool _evHasId;
    private bool _evHasType;

    /// <summary>What every event row starts with, whichever path reads the event.</summary>
    private void BeginEventRow(int row)
    {
        if (row == 0)
        {
            _eventBatch++; // a new batch: rows of the last one can no longer be shared
        }
        var events = _events;
        SetExecutionArn(events.Varchar(EventColumns.ExecutionArn), row);
        SetShared(events, EventColumns.AccountId, row, _account, ref _eventAccountRow);
        SetShared(events, EventColumns.Region, row, _region, ref _eventRegionRow);
        if (_startTime != NoTime)
        {
            events.Int64(EventColumns.ExecutionStartTime).Set(row, _startTime);
        }
        _evHasId = false;
        _evHasType = false;
        _evPrev = 0;
        _evTime = NoTime;
        _evType = -1;
    }

    [SkipLocalsInit]
    private void ReadEvent(ref Utf8JsonReader reader, int row)
    {
        var events = _events;
        BeginEventRow(row);
        _detailsJson.Begin();
        var objectStart = reader.TokenStartIndex;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = M.FindEventMember(reader.ValueSpan);
            if (member == M.Details)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDetails(ref reader, row, name);
                    _detailsJson.CloseGroup();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    _detailsJson.Add(name, ref reader);
                }
                continue;
            }
            var memberName = reader.ValueSpan;
            reader.Read();
            switch (member)
            {
                case M.Timestamp:
                    ReadEventTimestamp(ref reader, row);
                    break;
                case M.Type:
                    ReadType(ref reader, row);
                    break;
                case M.Id:
                    _evId = ReadEventId(ref reader, "id");
                    _evHasId = true;
                    events.Int64(EventColumns.EventId).Set(row, _evId);
                    break;
                case M.PreviousEventId:
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        _evPrev = ReadEventId(ref reader, "previousEventId");
                        events.Int64(EventColumns.PreviousEventId).Set(row, _evPrev);
                    }
                    break;
                default:
                    _detailsJson.Add(memberName, ref reader);
                    break;
            }
        }
        if (!_evHasId)
        {
            Fail("an event has no 'id'", objectStart);
        }
        if (!_evHasType)
        {
            FailMissingMember("type", objectStart);
        }
        if (_evTime == NoTime && !_options.Lenient)
        {
            FailMissingMember("timestamp", objectStart);
        }
        _detailsJson.Finish(events.Varchar(EventColumns.DetailsJson), row);
        OnEvent(row);
    }

    /// <summary>The ARN is the same for every event of the execution: copied once per batch, then shared.</summary>
    private void SetExecutionArn(VarcharColumn column, int row)
    {
        var source = _arnRow;
        if (source >= 0 && source < row)
        {
            column.SetSameAs(row, source);
            return;
        }
        column.Set(row, _strings.Get(_arn));
        _arnRow = row;
    }

    [SkipLocalsInit]
    private void ReadDetails(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        var events = _events;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = M.FindDetail(reader.ValueSpan);
            var name = reader.ValueSpan;
            reader.Read();
            var type = reader.TokenType;
            if (type == JsonTokenType.Null)
            {
                continue;
            }
            var isString = type == JsonTokenType.String;
            switch (field)
            {
                case M.Name or M.State when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.StateName), row);
                    break;
                case M.Error when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.Error), row);
                    break;
                case M.Cause:
                    ReadJsonText(ref reader, row, EventColumns.Cause, -1, include: true, name);
                    break;
                case M.Resource when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.Resource), row);
                    break;
                case M.ResourceType when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.ResourceType), row);
                    break;
                case M.Region when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.TaskRegion), row);
                    break;
                case M.Input or M.Parameters:
                    ReadJsonText(ref reader, row, EventColumns.Input, EventColumns.InputBytes, _options.IncludeExecutionData, name);
                    break;
                case M.Output:
                    ReadJsonText(ref reader, row, EventColumns.Output, EventColumns.OutputBytes, _options.IncludeExecutionData, name);
                    break;
                case M.InputDetails or M.OutputDetails or M.AssignedVariablesDetails when type == JsonTokenType.StartObject:
                    ReadTruncation(ref reader, row, group, name);
                    break;
                case M.AssignedVariables when type == JsonTokenType.StartObject:
                    ReadAssignedVariables(ref reader, row);
                    break;
                case M.TimeoutInSeconds when type == JsonTokenType.Number && reader.TryGetInt64(out var timeout):
                    events.Int64(EventColumns.TimeoutSeconds).Set(row, timeout);
                    break;
                case M.HeartbeatInSeconds when type == JsonTokenType.Number && reader.TryGetInt64(out var heartbeat):
                    events.Int64(EventColumns.HeartbeatSeconds).Set(row, heartbeat);
                    break;
                case M.TaskCredentials when type == JsonTokenType.StartObject:
                    ReadTaskCredentials(ref reader, row, group, name);
                    break;
                case M.RoleArn when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.RoleArn), row);
                    break;
                case M.StateMachineAliasArn when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.StateMachineAliasArn), row);
                    break;
                case M.StateMachineVersionArn when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.StateMachineVersionArn), row);
                    break;
                case M.RedriveCount when type == JsonTokenType.Number && reader.TryGetInt32(out var redrives):
                    events.Int32(EventColumns.RedriveCount).Set(row, redrives);
                    break;
                case M.Length when type == JsonTokenType.Number && reader.TryGetInt32(out var length):
                    events.Int32(EventColumns.MapLength).Set(row, length);
                    break;
                case M.Index when type == JsonTokenType.Number && reader.TryGetInt32(out var index):
                    events.Int32(EventColumns.MapIterationIndex).Set(row, index);
                    break;
                case M.WorkerName when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.WorkerName), row);
                    break;
                case M.MapRunArn when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.MapRunArn), row);
                    break;
                case M.Location when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(EventColumns.EvaluationLocation), row);
                    break;
                default:
                    // A member without a column, an unknown one, or a value of an unexpected type: kept verbatim.
                    _detailsJson.Add(group, default, name, ref reader);
                    break;
            }
        }
    }

    private void ReadEventTimestamp(ref Utf8JsonReader reader, int row)
    {
        if (TryReadTimestamp(ref reader, out var micros))
        {
            _evTime = micros;
            _events.Int64(EventColumns.Timestamp).Set(row, micros);
        }
    }

    private void ReadType(ref Utf8JsonReader reader, int row)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            Fail("an event's 'type' must be a string", reader.TokenStartIndex);
        }
        var column = _events.Varchar(EventColumns.Type);
        JsonStrings.CopyTo(ref reader, column, row);
        _evType = HistoryEventTypes.Find(column.GetBytes(row));
        _evHasType = true;
    }

    private long ReadEventId(ref Utf8JsonReader reader, string member)
    {
        long id = 0;
        if (reader.TokenType != JsonTokenType.Number || !JsonNumbers.TryParseNonNegative(reader.ValueSpan, out id) || id > MaxEventId)
        {
            FailEventId(member, reader.TokenStartIndex);
        }
        return id;
    }

    /// <summary>
    /// A member AWS sends as JSON text (input, output, parameters, cause). Its UTF-8 size always goes to
    /// <paramref name="bytesColumn"/> (when given); the text itself only when <paramref name="include"/>.
    /// </summary>
    private void ReadJsonText(ref Utf8JsonReader reader, int row, int textColumn, int bytesColumn, bool include, ReadOnlySpan<byte> name)
    {
        var events = _events;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (bytesColumn >= 0)
            {
                events.Int64(bytesColumn).Set(row, JsonStrings.UnescapedLength(ref reader));
            }
            if (include)
            {
                JsonStrings.CopyTo(ref reader, events.Varchar(textColumn), row);
            }
            return;
        }
        if (!_options.Lenient)
        {
            FailDecodedJsonText(name, reader.TokenType, reader.TokenStartIndex);
        }
        Warnings.DecodedJsonText++;
        var scratch = _scratch;
        scratch.Clear();
        CompactJson.CopyValue(ref reader, scratch);
        if (bytesColumn >= 0)
        {
            events.Int64(bytesColumn).Set(row, scratch.Length);
        }
        if (include)
        {
            events.Varchar(textColumn).Set(row, scratch.Written);
        }
    }

    /// <summary><c>{"truncated": bool}</c>: any true makes the row's <c>truncated</c> true; other members are kept in
    /// details_json as <c>member.name</c>.</summary>
    private void ReadTruncation(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group, ReadOnlySpan<byte> member)
    {
        var column = _events.Boolean(EventColumns.Truncated);
        var truncated = !column.IsNull(row) && column.Get(row);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType is JsonTokenType.True or JsonTokenType.False && name.SequenceEqual("truncated"u8))
            {
                truncated |= reader.TokenType == JsonTokenType.True;
            }
            else if (reader.TokenType == JsonTokenType.String && name.SequenceEqual("truncated"u8)
                && (reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("false"u8)))
            {
                // Some log lines carry it as text (aws-wire-facts-logs §1).
                truncated |= reader.ValueTextEquals("true"u8);
            }
            else
            {
                _detailsJson.Add(group, member, name, ref reader, nested: true);
            }
        }
        column.Set(row, truncated);
    }

    private void ReadTaskCredentials(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group, ReadOnlySpan<byte> member)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && name.SequenceEqual("roleArn"u8))
            {
                JsonStrings.CopyTo(ref reader, _events.Varchar(EventColumns.RoleArn), row);
            }
            else
            {
                _detailsJson.Add(group, member, name, ref reader, nested: true);
            }
        }
    }

    /// <summary>A map of variable name → JSON text: state data, so kept (compact) only with execution data.</summary>
    private void ReadAssignedVariables(ref Utf8JsonReader reader, int row)
    {
        if (!_options.IncludeExecutionData)
        {
            reader.Skip();
            return;
        }
        var scratch = _scratch;
        scratch.Clear();
        CompactJson.CopyValue(ref reader, scratch);
        _events.Varchar(EventColumns.AssignedVariables).Set(row, scratch.Written);
    }

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.Number => "number",
        _ => "boolean",
    };

    // The messages are formatted out of line: an interpolated string in a hot method costs every call a larger frame
    // to zero, taken or not.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FailMissingMember(string member, long objectStart) => Fail($"event {_evId} has no '{member}'", objectStart);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FailEventId(string member, long offset) =>
        Fail($"an event's '{member}' must be an integer from 0 to {MaxEventId}", offset);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FailDecodedJsonText(ReadOnlySpan<byte> name, JsonTokenType token, long offset) =>
        Fail($"'{System.Text.Encoding.UTF8.GetString(name)}' is a JSON {KindOf(token)} where AWS sends JSON text (a decoded test snapshot such as LocalStack's? use lenient mode to import it)", offset);

}
