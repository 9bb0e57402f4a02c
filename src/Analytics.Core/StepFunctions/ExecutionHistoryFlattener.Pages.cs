using System.Text.Json;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// Where the scanner hands a page over to the shell's Utf8JsonReader path, and kept events (histories that arrive
// newest-first) flattened with the scanner first.
public sealed partial class ExecutionHistoryFlattener
{
    // Where the reader takes over from the scanner: events starting before this page offset are already written, and
    // the first one after it goes into the row the scanner had started (if any).
    private long _resumeAt;
    private int _pendingRow = -1;

    private void ParsePage(ReadOnlySpan<byte> page, long resumeAt, int pendingRow)
    {
        _resumeAt = resumeAt;
        _pendingRow = pendingRow;
        ReadPage(page, streaming: true);
    }

    /// <summary>An event the reader meets in order: written unless the scanner wrote it already.</summary>
    private protected override void ReadEvent(ref Utf8JsonReader reader)
    {
        if (reader.TokenStartIndex >= _resumeAt)
        {
            var row = _pendingRow >= 0 ? _pendingRow : Output.AddRow(EventsTable);
            _pendingRow = -1;
            ReadEvent(ref reader, row);
        }
        else
        {
            reader.Skip(); // written by the scanner
        }
    }

    /// <summary>A kept event, with the scanner, or the reader when the scanner hands it over.</summary>
    private protected override void FlattenKeptEvent(ReadOnlySpan<byte> bytes)
    {
        var row = Output.AddRow(EventsTable);
        if (_options.ValidateUtf8)
        {
            var scanner = new JsonScanner(bytes);
            if (TryScanEvent(ref scanner, row))
            {
                OnEvent(row);
                return;
            }
            ResetEventRow(row);
        }
        _resumeAt = 0;
        _pendingRow = row;
        ReadKeptEvent(bytes);
    }
}
