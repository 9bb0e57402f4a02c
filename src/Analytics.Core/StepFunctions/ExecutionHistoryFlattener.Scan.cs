using System.Runtime.CompilerServices;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;
using M = Analytics.Core.StepFunctions.HistoryMembers;

namespace Analytics.Core.StepFunctions;

// The hot path: a page read in one pass with JsonScanner, straight into the columns (its UTF-8 checked on the way).
// It handles the shapes AWS writes; at the first thing it does not (an unknown member for details_json, a
// duplicate, a placeholder, anything malformed) it resets that event's row and hands the rest of the page to the
// Utf8JsonReader path, which reads it as before and reports any error with its offset. So the scanner never decides
// what is an error.
public sealed partial class ExecutionHistoryFlattener
{
    private void ScanPage(ReadOnlySpan<byte> page)
    {
        var s = new JsonScanner(page);
        if (!TryEnterEventArray(ref s, out var isArray))
        {
            HandOver(page, 0, -1);
            return;
        }
        if (!s.TryConsume((byte)']'))
        {
            while (true)
            {
                if (s.Peek() != '{')
                {
                    HandOver(page, s.Position, -1);
                    return;
                }
                var start = s.Position;
                var row = Output.AddRow(EventsTable);
                if (!TryScanEvent(ref s, row))
                {
                    ResetEventRow(row);
                    HandOver(page, start, row);
                    return;
                }
                OnEvent(row);
                if (s.TryConsume((byte)','))
                {
                    continue;
                }
                if (s.TryConsume((byte)']'))
                {
                    break;
                }
                HandOver(page, s.Position, -1);
                return;
            }
        }
        var tail = s.Position;
        if (!TryLeaveEventArray(ref s, isArray))
        {
            HandOver(page, tail, -1);
        }
    }

    /// <summary>The reader reads the rest of the page, from the event at <paramref name="resumeAt"/> on (into
    /// <paramref name="pendingRow"/> when the scanner had started it); the page's UTF-8 is checked first, as the
    /// scanner had only checked it up to there.</summary>
    private void HandOver(ReadOnlySpan<byte> page, int resumeAt, int pendingRow)
    {
        Utf8Check.Validate(page, _pageIndex);
        ParsePage(page, resumeAt, pendingRow);
    }

    /// <summary>Up to the first event: <c>[</c>, or <c>{"events":[</c> with any members before it skipped.</summary>
    private static bool TryEnterEventArray(ref JsonScanner s, out bool isArray)
    {
        isArray = s.TryConsume((byte)'[');
        if (isArray)
        {
            return true;
        }
        if (!s.TryConsume((byte)'{'))
        {
            return false;
        }
        while (s.TryReadName(out var name))
        {
            if (name.SequenceEqual("events"u8))
            {
                return s.TryConsume((byte)'[');
            }
            if (!s.TrySkipValue() || !s.TryConsume((byte)','))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>After the event array: the envelope's other members (nextToken) and its end, then nothing.</summary>
    private static bool TryLeaveEventArray(ref JsonScanner s, bool isArray)
    {
        if (!isArray)
        {
            while (!s.TryConsume((byte)'}'))
            {
                if (!s.TryConsume((byte)',') || !s.TryReadName(out var name) || name.SequenceEqual("events"u8) || !s.TrySkipValue())
                {
                    return false;
                }
            }
        }
        return s.AtEnd();
    }

    /// <summary>Reads the event object at the scanner into <paramref name="row"/>; false (row half-written) when the
    /// reader must read it instead.</summary>
    [SkipLocalsInit]
    private bool TryScanEvent(ref JsonScanner s, int row)
    {
        s.Position++; // the opening brace
        var events = _events;
        BeginEventRow(row);
        var seen = 0;
        while (true)
        {
            // AWS writes the four scalar members first, in this order and without whitespace: their bytes are
            // tried before a name is searched for and dispatched.
            var member = seen switch
            {
                0 when s.TrySkipLiteral("\"timestamp\":"u8) => M.Timestamp,
                1 << M.Timestamp when s.TrySkipLiteral("\"type\":"u8) => M.Type,
                (1 << M.Timestamp) | (1 << M.Type) when s.TrySkipLiteral("\"id\":"u8) => M.Id,
                (1 << M.Timestamp) | (1 << M.Type) | (1 << M.Id) when s.TrySkipLiteral("\"previousEventId\":"u8) => M.PreviousEventId,
                _ when _evType >= 0 && s.TrySkipLiteral(HistoryEventTypes.DetailsMember(_evType)) => M.Details,
                _ => s.TryReadName(out var name) ? M.FindEventMember(name) : -1,
            };
            if (member < 0 || (seen & (1 << member)) != 0)
            {
                return false;
            }
            seen |= 1 << member;
            switch (member)
            {
                case M.Timestamp:
                    if (!TryScanTimestamp(ref s, out _evTime))
                    {
                        return false;
                    }
                    events.Int64(EventColumns.Timestamp).Set(row, _evTime);
                    break;
                case M.Type:
                    if (!s.TryReadString(out var start, out var length, out var escaped) || escaped)
                    {
                        return false;
                    }
                    var type = s.Bytes.Slice(start, length);
                    _evType = HistoryEventTypes.Find(type);
                    SetEventType(events.Varchar(EventColumns.Type), row, type);
                    _evHasType = true;
                    break;
                case M.Id:
                    if (!s.TryReadDigits(out _evId) || _evId > MaxEventId)
                    {
                        return false;
                    }
                    _evHasId = true;
                    events.Int64(EventColumns.EventId).Set(row, _evId);
                    break;
                case M.PreviousEventId:
                    if (s.TryReadNull())
                    {
                        break;
                    }
                    if (!s.TryReadDigits(out _evPrev) || _evPrev > MaxEventId)
                    {
                        return false;
                    }
                    events.Int64(EventColumns.PreviousEventId).Set(row, _evPrev);
                    break;
                default:
                    if (!s.TryReadNull() && (s.Peek() != '{' || !TryScanDetails(ref s, row)))
                    {
                        return false;
                    }
                    break;
            }
            if (!s.TryConsume((byte)','))
            {
                return s.TryConsume((byte)'}') && _evHasId && _evHasType && _evTime != NoTime;
            }
        }
    }

    private static bool TryScanTimestamp(ref JsonScanner s, out long micros)
    {
        micros = NoTime;
        if (s.Peek() != '"')
        {
            return s.TryReadPlainSeconds(out micros)
                || (s.TryReadNumber(out var number) && Timestamps.TryParseEpochSeconds(number, out micros));
        }
        return s.TryReadString(out var start, out var length, out var escaped) && !escaped
            && Timestamps.TryParseText(s.Bytes.Slice(start, length), out micros);
    }

    /// <summary>A details object whose every member has a column (what ReadDetails does without details_json).</summary>
    [SkipLocalsInit]
    private bool TryScanDetails(ref JsonScanner s, int row)
    {
        s.Position++; // the opening brace
        if (s.TryConsume((byte)'}'))
        {
            return true;
        }
        var seen = 0;
        while (true)
        {
            if (!s.TryReadName(out var name))
            {
                return false;
            }
            var field = M.FindDetail(name);
            if (field < 0 || (seen & (1 << field)) != 0)
            {
                return false;
            }
            seen |= 1 << field;
            if (!s.TryReadNull() && !TryScanDetail(ref s, row, field))
            {
                return false;
            }
            if (!s.TryConsume((byte)','))
            {
                return s.TryConsume((byte)'}');
            }
        }
    }

    private bool TryScanDetail(ref JsonScanner s, int row, int field)
    {
        var events = _events;
        if (HistoryMembers.TextColumn(field) is var textColumn and >= 0)
        {
            return TryScanText(ref s, events.Varchar(textColumn), row);
        }
        switch (field)
        {
            case M.Input or M.Parameters:
                return TryScanJsonText(ref s, row, EventColumns.Input, EventColumns.InputBytes);
            case M.Output:
                return TryScanJsonText(ref s, row, EventColumns.Output, EventColumns.OutputBytes);
            case M.InputDetails or M.OutputDetails or M.AssignedVariablesDetails:
                return s.Peek() == '{' && TryScanTruncation(ref s, row);
            case M.AssignedVariables:
                // State data: skipped unless asked for (then the reader keeps it as compact JSON).
                return !_options.IncludeExecutionData && s.Peek() == '{' && s.TrySkipValue();
            case M.TaskCredentials:
                return s.Peek() == '{' && TryScanTaskCredentials(ref s, row);
            case M.TimeoutInSeconds when s.TryReadInt64(out var timeout):
                events.Int64(EventColumns.TimeoutSeconds).Set(row, timeout);
                return true;
            case M.HeartbeatInSeconds when s.TryReadInt64(out var heartbeat):
                events.Int64(EventColumns.HeartbeatSeconds).Set(row, heartbeat);
                return true;
            case M.RedriveCount or M.Length or M.Index when s.TryReadInt32(out var value):
                events.Int32(field switch { M.RedriveCount => EventColumns.RedriveCount, M.Length => EventColumns.MapLength, _ => EventColumns.MapIterationIndex }).Set(row, value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A string value copied, unescaped, straight from the page into the column.</summary>
    private static bool TryScanText(ref JsonScanner s, VarcharColumn column, int row)
    {
        if (!s.TryReadString(out var start, out var length, out var escaped))
        {
            return false;
        }
        if (!escaped)
        {
            column.Set(row, s.Bytes.Slice(start, length));
            return true;
        }
        return JsonStrings.TryCopyEscaped(s.Bytes.Slice(start - 1, length + 2), column, row);
    }

    /// <summary>JSON text (input, output, parameters): its unescaped size always, the text when asked for.</summary>
    private bool TryScanJsonText(ref JsonScanner s, int row, int textColumn, int bytesColumn)
    {
        if (!s.TryReadString(out var start, out var length, out var escaped))
        {
            return false;
        }
        var raw = s.Bytes.Slice(start, length);
        _events.Int64(bytesColumn).Set(row, escaped ? JsonStrings.UnescapedLength(raw) : length);
        if (!_options.IncludeExecutionData)
        {
            return true;
        }
        var column = _events.Varchar(textColumn);
        if (!escaped)
        {
            column.Set(row, raw);
            return true;
        }
        return JsonStrings.TryCopyEscaped(s.Bytes.Slice(start - 1, length + 2), column, row);
    }

    /// <summary><c>{"truncated": bool}</c> (any true makes the row's truncated true), as ReadTruncation reads it.</summary>
    private bool TryScanTruncation(ref JsonScanner s, int row)
    {
        s.Position++; // the opening brace
        var column = _events.Boolean(EventColumns.Truncated);
        var truncated = !column.IsNull(row) && column.Get(row);
        if (s.TrySkipLiteral("\"truncated\":false}"u8))
        {
            // What AWS writes for every payload that fits.
            column.Set(row, truncated);
            return true;
        }
        if (!s.TryConsume((byte)'}'))
        {
            do
            {
                if (!s.TryReadName(out var name) || !name.SequenceEqual("truncated"u8) || !s.TryReadBoolean(out var value))
                {
                    return false;
                }
                truncated |= value;
            }
            while (s.TryConsume((byte)','));
            if (!s.TryConsume((byte)'}'))
            {
                return false;
            }
        }
        column.Set(row, truncated);
        return true;
    }

    private bool TryScanTaskCredentials(ref JsonScanner s, int row)
    {
        s.Position++; // the opening brace
        if (s.TryConsume((byte)'}'))
        {
            return true;
        }
        do
        {
            if (!s.TryReadName(out var name) || !name.SequenceEqual("roleArn"u8) || !TryScanText(ref s, _events.Varchar(EventColumns.RoleArn), row))
            {
                return false;
            }
        }
        while (s.TryConsume((byte)','));
        return s.TryConsume((byte)'}');
    }

    /// <summary>Undoes a half-written event row before the reader writes it again. It keeps its execution ARN, so
    /// that a caller dropping a failed execution's rows by ARN drops this one too.</summary>
    private void ResetEventRow(int row)
    {
        var events = _events;
        for (var c = 0; c < events.ColumnCount; c++)
        {
            events[c].SetNull(row);
        }
        BeginEventRow(row);
    }
}
