using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Analytics.Core.Json;
using Analytics.Core.Schemas;
using M = Analytics.Core.Durable.DurableMembers;

namespace Analytics.Core.Durable;

// Pages and events: one Event object → one `durable_events` row, members in any order.
public sealed partial class DurableHistoryFlattener
{
    private long _evId;
    private long _evTime;
    private int _evType;
    private bool _evHasId;
    private bool _evHasType;
    private bool _evRetryPending;

    private protected override void ReadEvent(ref Utf8JsonReader reader)
    {
        var row = Output.AddRow(EventsTable);
        var events = _events;
        events.Varchar(DurableEventColumns.DurableExecutionArn).Set(row, _strings.Get(_arn));
        SetText(events, DurableEventColumns.AccountId, row, _account);
        SetText(events, DurableEventColumns.Region, row, _region);
        if (_startTime != NoTime)
        {
            events.Int64(DurableEventColumns.ExecutionStartTime).Set(row, _startTime);
        }
        _evHasId = _evHasType = false;
        _evTime = NoTime;
        _evType = -1;
        _evRetryPending = false;
        _detailsJson.Begin();
        var objectStart = reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var member = M.Event.Find(name);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }
            var isString = reader.TokenType == JsonTokenType.String;
            switch (member)
            {
                case M.EventType when isString:
                    var type = events.Varchar(DurableEventColumns.EventType);
                    JsonStrings.CopyTo(ref reader, type, row);
                    _evType = DurableEventTypes.Find(type.GetBytes(row));
                    _evHasType = true;
                    break;
                case M.EventType:
                    Fail("an event's 'EventType' must be a string", reader.TokenStartIndex);
                    break;
                case M.EventId:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out _evId) || _evId < 0)
                    {
                        Fail("an event's 'EventId' must be a non-negative integer", reader.TokenStartIndex);
                    }
                    _evHasId = true;
                    events.Int64(DurableEventColumns.EventId).Set(row, _evId);
                    break;
                case M.Id when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.OperationId), row);
                    break;
                case M.ParentId when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.ParentId), row);
                    break;
                case M.Name when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.Name), row);
                    break;
                case M.SubType when isString:
                    JsonStrings.CopyTo(ref reader, events.Varchar(DurableEventColumns.SubType), row);
                    break;
                case M.EventTimestamp:
                    if (TryReadTimestamp(ref reader, out var micros))
                    {
                        _evTime = micros;
                        events.Int64(DurableEventColumns.Timestamp).Set(row, micros);
                    }
                    break;
                default:
                    if (reader.TokenType == JsonTokenType.StartObject && IsDetailsName(name))
                    {
                        ReadDetails(ref reader, row, name);
                        _detailsJson.CloseGroup();
                    }
                    else
                    {
                        _detailsJson.Add(name, ref reader);
                    }
                    break;
            }
        }
        if (!_evHasType)
        {
            Fail("an event has no 'EventType'", objectStart);
        }
        if (!_evHasId)
        {
            Fail("an event has no 'EventId'", objectStart);
        }
        _detailsJson.Finish(events.Varchar(DurableEventColumns.DetailsJson), row);
        OnEvent(row);
    }

    private void SetTimestamp(ref Utf8JsonReader reader, int row, int column)
    {
        if (TryReadTimestamp(ref reader, out var micros))
        {
            _events.Int64(column).Set(row, micros);
        }
    }

    private static ReadOnlySpan<byte> Prefix(ReadOnlySpan<byte> member) => member.SequenceEqual("Input"u8) ? "Input."u8 : "Result."u8;

}
