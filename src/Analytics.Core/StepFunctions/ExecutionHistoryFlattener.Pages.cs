using Analytics.Core.Flattening;
using System.Text.Json;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// Page envelopes, and keeping pages for histories that arrive newest-first.
public sealed partial class ExecutionHistoryFlattener
{
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 256 };

    private void ParsePage(ReadOnlySpan<byte> page, bool streaming)
    {
        var reader = new Utf8JsonReader(page, s_readerOptions);
        var pageOffset = streaming ? 0 : _kept.AddPage(page);
        _eventBaseOffset = 0;
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadEventArray(ref reader, streaming, pageOffset);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                var sawEvents = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isEvents = reader.ValueTextEquals("events"u8);
                    reader.Read();
                    if (isEvents && !sawEvents && reader.TokenType == JsonTokenType.StartArray)
                    {
                        sawEvents = true;
                        ReadEventArray(ref reader, streaming, pageOffset);
                    }
                    else if (isEvents)
                    {
                        Fail("'events' must be one array", reader.TokenStartIndex);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                if (!sawEvents)
                {
                    Fail("the page has no 'events' array (not a GetExecutionHistory response)", reader.TokenStartIndex);
                }
            }
            else
            {
                Fail("a history page must be a JSON object or array", reader.TokenStartIndex);
            }
            if (reader.Read())
            {
                Fail("unexpected data after the page's JSON value", reader.TokenStartIndex);
            }
        }
        catch (JsonException ex)
        {
            Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
        }
    }

    private void ReadEventArray(ref Utf8JsonReader reader, bool streaming, int pageOffset)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Fail("each event must be a JSON object", reader.TokenStartIndex);
            }
            if (streaming)
            {
                ReadEvent(ref reader);
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _kept.AddEvent(pageOffset, start, (int)reader.BytesConsumed - start);
            }
        }
    }

    /// <summary>Flattens the kept events oldest-first (by their ids when the order is to be detected).</summary>
    private void FlattenKeptEvents()
    {
        var count = _kept.Count;
        var descending = _order == HistoryOrder.Descending || (_order == HistoryOrder.Detect && _kept.LooksDescending("id"u8));
        for (var i = 0; i < count; i++)
        {
            var bytes = _kept.Event(descending ? count - 1 - i : i, out _pageIndex, out _eventBaseOffset);
            var reader = new Utf8JsonReader(bytes, s_readerOptions);
            try
            {
                reader.Read();
                ReadEvent(ref reader);
            }
            catch (JsonException ex)
            {
                Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
            }
        }
    }
}
