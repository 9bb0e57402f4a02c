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
            var events = new EventArray(this, streaming, pageOffset);
            if (HistoryPageEnvelope.Read(ref reader, "events"u8, "GetExecutionHistory", "a history page", ref events, out var offset) is { } problem)
            {
                Fail(problem, offset);
            }
        }
        catch (JsonException ex)
        {
            Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
        }
    }

    /// <summary>Hands the page's event array to <see cref="ReadEventArray"/> (a struct: the call is specialized).</summary>
    private readonly struct EventArray(ExecutionHistoryFlattener owner, bool streaming, int pageOffset) : IEventArrayReader
    {
        public void ReadEventArray(ref Utf8JsonReader reader) => owner.ReadEventArray(ref reader, streaming, pageOffset);
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
