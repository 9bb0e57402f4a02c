using System.Text.Json;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.StepFunctions;

// The CloudWatch Logs envelope (aws-wire-facts-logs §1): one log line per history event, snake_case members, ids and
// epoch-millisecond timestamps as strings, the *EventDetails members under `details`. Only the envelope is read here;
// the details, the type and everything derived from an event go through the same code as an API history's events.
public sealed partial class ExecutionHistoryFlattener
{
    private HistorySource _source;

    /// <summary>
    /// Adds one log line (a CloudWatch Logs event's <c>message</c>) of the execution begun with
    /// <see cref="BeginExecution(string, HistoryOrder, long?, string?, string?)"/>. Lines must come in ascending
    /// numeric <c>id</c> order, each once (the crawl deduplicates and sorts them). The executions row then says
    /// <c>history_source = 'logs'</c>. Throws <see cref="HistoryFormatException"/> for a line it cannot read.
    /// </summary>
    public void AddLogEvent(ReadOnlySpan<byte> message)
    {
        EnsureInExecution();
        _source = HistorySource.Logs;
        if (_options.ValidateUtf8)
        {
            Utf8Check.Validate(message, _pageIndex);
        }
        _eventBaseOffset = 0;
        var row = Output.AddRow(EventsTable);
        var reader = new Utf8JsonReader(message, HistoryPageEnvelope.ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                Fail("a log line must be a JSON object", 0);
            }
            ReadLogEvent(ref reader, row);
        }
        catch (JsonException ex)
        {
            Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
        }
        _pageIndex++;
    }

    private void ReadLogEvent(ref Utf8JsonReader reader, int row)
    {
        var events = _events;
        BeginEventRow(row);
        _detailsJson.Begin();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8):
                    _evId = ReadLogNumber(ref reader, "id");
                    _evHasId = true;
                    events.Int64(EventColumns.EventId).Set(row, _evId);
                    break;
                case 4 when name.SequenceEqual("type"u8):
                    ReadType(ref reader, row);
                    break;
                case 7 when name.SequenceEqual("details"u8) && reader.TokenType == JsonTokenType.StartObject:
                    // Unmapped members are kept under the API's member name, so details_json reads the same either way.
                    var member = _evType >= 0 ? HistoryEventTypes.DetailsMember(_evType) : default;
                    ReadDetails(ref reader, row, member.Length > 3 ? member[1..^2] : "details"u8);
                    _detailsJson.CloseGroup();
                    break;
                case 17 when name.SequenceEqual("previous_event_id"u8):
                    _evPrev = ReadLogNumber(ref reader, "previous_event_id");
                    events.Int64(EventColumns.PreviousEventId).Set(row, _evPrev);
                    break;
                case 15 when name.SequenceEqual("event_timestamp"u8):
                    _evTime = ReadLogNumber(ref reader, "event_timestamp", long.MaxValue / 1000) * 1000;
                    events.Int64(EventColumns.Timestamp).Set(row, _evTime);
                    break;
                case 13 when name.SequenceEqual("execution_arn"u8):
                case 13 when name.SequenceEqual("redrive_count"u8):
                    // The envelope's identity: the crawl grouped the lines by it and began the execution with it.
                    reader.Skip();
                    break;
                default:
                    _detailsJson.Add(name, ref reader);
                    break;
            }
        }
        if (!_evHasId)
        {
            Fail("a log line has no 'id'", 0);
        }
        if (!_evHasType)
        {
            FailMissingMember("type", 0);
        }
        if (_evTime == NoTime && !_options.Lenient)
        {
            FailMissingMember("event_timestamp", 0);
        }
        _detailsJson.Finish(events.Varchar(EventColumns.DetailsJson), row);
        OnEvent(row);
    }

    /// <summary>A decimal string (the envelope's ids and epoch-ms timestamps); a plain number is accepted too.</summary>
    private long ReadLogNumber(ref Utf8JsonReader reader, string member, long max = MaxEventId)
    {
        long value = -1;
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number) || reader.ValueIsEscaped
            || !JsonNumbers.TryParseNonNegative(reader.ValueSpan, out value) || value > max)
        {
            Fail($"a log line's '{member}' must be a decimal string from 0 to {max}", reader.TokenStartIndex);
        }
        return value;
    }
}
