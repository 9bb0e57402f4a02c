using Analytics.Core.Flattening;
using System.Text.Json;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// The Utf8JsonReader path: page envelopes, what the scanner hands over, and keeping pages for histories that arrive
// newest-first.
public sealed partial class ExecutionHistoryFlattener
{
    // Where the reader takes over from the scanner: events starting before this page offset are already written, and
    // the first one after it goes into the row the scanner had started (if any).
    private long _resumeAt;
    private int _pendingRow = -1;

    private void ParsePage(ReadOnlySpan<byte> page, bool streaming, long resumeAt = 0, int pendingRow = -1)
    {
        var pageOffset = streaming ? 0 : _kept.AddPage(page);
        _eventBaseOffset = 0;
        _resumeAt = resumeAt;
        _pendingRow = pendingRow;
        var events = new EventArray(this, streaming, pageOffset);
        if (HistoryPageEnvelope.ReadPage(page, "events"u8, "GetExecutionHistory", "a history page", ref events, out var offset, out var inner) is { } problem)
        {
            Fail(problem, offset, inner);
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
            if (streaming && reader.TokenStartIndex >= _resumeAt)
            {
                var row = _pendingRow >= 0 ? _pendingRow : Output.AddRow(EventsTable);
                _pendingRow = -1;
                ReadEvent(ref reader, row);
            }
            else if (streaming)
            {
                reader.Skip(); // written by the scanner
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _kept.AddEvent(pageOffset, start, (int)reader.BytesConsumed - start);
            }
        }
    }

    /// <summary>Flattens the kept events oldest-first (by their ids when the order is to be detected): each with the
    /// scanner, or the reader when the scanner hands it over.</summary>
    private void FlattenKeptEvents()
    {
        var count = _kept.Count;
        var descending = _order == HistoryOrder.Descending || (_order == HistoryOrder.Detect && _kept.LooksDescending("id"u8));
        for (var i = 0; i < count; i++)
        {
            var bytes = _kept.Event(descending ? count - 1 - i : i, out _pageIndex, out _eventBaseOffset);
            var row = Output.AddRow(EventsTable);
            if (_options.ValidateUtf8)
            {
                var scanner = new JsonScanner(bytes);
                if (TryScanEvent(ref scanner, row))
                {
                    OnEvent(row);
                    continue;
                }
                ResetEventRow(row);
            }
            var reader = new Utf8JsonReader(bytes, HistoryPageEnvelope.ReaderOptions);
            try
            {
                reader.Read();
                ReadEvent(ref reader, row);
            }
            catch (JsonException ex)
            {
                Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
            }
        }
    }
}
