using System.Text.Json;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// Page envelopes, and keeping pages for histories that arrive newest-first.
public sealed partial class ExecutionHistoryFlattener
{
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 256 };

    private void ParsePage(ReadOnlySpan<byte> page, int pageIndex, bool streaming)
    {
        var reader = new Utf8JsonReader(page, s_readerOptions);
        try
        {
            if (!reader.Read())
            {
                ThrowHelper.Format("the page is empty", 0, pageIndex);
            }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadEventArray(ref reader, streaming);
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
                        ReadEventArray(ref reader, streaming);
                    }
                    else if (isEvents)
                    {
                        ThrowHelper.Format("'events' must be one array", reader.TokenStartIndex, pageIndex);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                if (!sawEvents)
                {
                    ThrowHelper.Format("the page has no 'events' array (not a GetExecutionHistory response)", reader.TokenStartIndex, pageIndex);
                }
            }
            else
            {
                ThrowHelper.Format("a history page must be a JSON object or array", reader.TokenStartIndex, pageIndex);
            }
            if (reader.Read())
            {
                ThrowHelper.Format("unexpected data after the page's JSON value", reader.TokenStartIndex, pageIndex);
            }
        }
        catch (JsonException ex)
        {
            ThrowHelper.Format($"malformed JSON: {ex.Message}", reader.BytesConsumed, pageIndex, ex);
        }
    }

    private void ReadEventArray(ref Utf8JsonReader reader, bool streaming)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                ThrowHelper.Format("each event must be a JSON object", reader.TokenStartIndex, _pageIndex);
            }
            if (streaming)
            {
                ReadEvent(ref reader);
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _eventRanges.Add(((int)_pageBaseOffset + start, (int)reader.BytesConsumed - start));
            }
        }
    }

    /// <summary>Flattens the kept events oldest-first (by their ids when the order is to be detected).</summary>
    private void FlattenKeptPages()
    {
        var count = _eventRanges.Count;
        if (count == 0)
        {
            return;
        }
        var descending = _order == HistoryOrder.Descending
            || (_order == HistoryOrder.Detect && count > 1 && PeekId(_eventRanges[0]) > PeekId(_eventRanges[count - 1]));
        for (var i = 0; i < count; i++)
        {
            var (start, length) = _eventRanges[descending ? count - 1 - i : i];
            _pageIndex = PageOf(start);
            _pageBaseOffset = _pageRanges[_pageIndex].Start;
            var reader = new Utf8JsonReader(_pages.Written.Slice(start, length), s_readerOptions);
            try
            {
                reader.Read();
                ReadEvent(ref reader);
            }
            catch (JsonException ex)
            {
                ThrowHelper.Format($"malformed JSON: {ex.Message}", start - _pageBaseOffset + reader.BytesConsumed, _pageIndex, ex);
            }
        }
    }

    private int PageOf(int offset)
    {
        for (var i = _pageRanges.Count - 1; i > 0; i--)
        {
            if (offset >= _pageRanges[i].Start)
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>The top-level <c>id</c> of a kept event, or 0.</summary>
    private long PeekId((int Start, int Length) range)
    {
        var reader = new Utf8JsonReader(_pages.Written.Slice(range.Start, range.Length), s_readerOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id))
            {
                return id;
            }
            reader.Skip();
        }
        return 0;
    }
}
