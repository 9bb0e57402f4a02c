using System.Buffers;
using System.Text.Json;

namespace Analytics.Aws.Logs;

/// <summary>
/// One FilterLogEvents page, unparsed: the response bytes (pooled, like a <see cref="HistoryPage"/>) and its
/// <c>nextToken</c>. Enumerate it to read each event in place: no object per event, the message unescaped into a
/// scratch buffer the page reuses, so an envelope reader parses the log line without re-serialising it. A page may
/// hold no event and still have a <c>nextToken</c>. Dispose it when done; spans are valid until the next event.
/// </summary>
public sealed class LogEventsPage : IDisposable
{
    private readonly HistoryPage _raw;
    private readonly List<byte[]> _scratch = [];

    internal LogEventsPage(HistoryPage raw)
    {
        _raw = raw;
    }

    /// <summary>The whole response body (<c>{"events":[…],"searchedLogStreams":[],"nextToken":…}</c>).</summary>
    public ReadOnlyMemory<byte> Json => _raw.Json;

    /// <summary>Null on the last page.</summary>
    public string? NextToken => _raw.NextToken;

    public LogEventEnumerator GetEnumerator() => new(Json.Span, this);

    public void Dispose()
    {
        _raw.Dispose();
        lock (_scratch)
        {
            foreach (var scratch in _scratch)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
            _scratch.Clear();
        }
    }

    /// <summary>The largest scratch buffer the page has rented (empty before the first): a later enumeration of the
    /// page starts from it, so reading a page again rents nothing.</summary>
    internal byte[] LastScratch()
    {
        lock (_scratch)
        {
            return _scratch.Count > 0 ? _scratch[^1] : [];
        }
    }

    /// <summary>
    /// A scratch buffer of at least <paramref name="minimum"/> bytes for unescaped strings, sized by the largest event
    /// rather than the page: a page-sized one (2 MB for a 1 MB page) per slice read side by side kept ~32 MB of pooled
    /// arrays live. A buffer outgrown stays until the page is disposed (spans of the event may still point into it).
    /// </summary>
    internal byte[] Scratch(int minimum)
    {
        lock (_scratch)
        {
            var last = _scratch.Count > 0 ? _scratch[^1].Length : 2048;
            var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(minimum, last * 2));
            _scratch.Add(scratch);
            return scratch;
        }
    }
}

/// <summary>One log event of a page, read in place.</summary>
public readonly ref struct LogEvent
{
    internal LogEvent(ReadOnlySpan<byte> eventId, ReadOnlySpan<byte> logStreamName, long timestamp, long ingestionTime, ReadOnlySpan<byte> message)
    {
        EventId = eventId;
        LogStreamName = logStreamName;
        Timestamp = timestamp;
        IngestionTime = ingestionTime;
        Message = message;
    }

    /// <summary>A decimal string of ~56 digits (UTF-8): the key to deduplicate on.</summary>
    public ReadOnlySpan<byte> EventId { get; }

    public ReadOnlySpan<byte> LogStreamName { get; }

    /// <summary>Event time, epoch milliseconds.</summary>
    public long Timestamp { get; }

    /// <summary>When CloudWatch Logs ingested it, epoch milliseconds.</summary>
    public long IngestionTime { get; }

    /// <summary>The log line, unescaped UTF-8 (for Step Functions, a JSON object).</summary>
    public ReadOnlySpan<byte> Message { get; }
}

/// <summary>Walks the <c>events</c> array of a FilterLogEvents response with a <see cref="Utf8JsonReader"/>.</summary>
public ref struct LogEventEnumerator
{
    private Utf8JsonReader _reader;
    private readonly LogEventsPage _page;
    private Span<byte> _scratch;
    private bool _inEvents;
    private int _used;
    private LogEvent _current;

    internal LogEventEnumerator(ReadOnlySpan<byte> json, LogEventsPage page)
    {
        _reader = new Utf8JsonReader(json);
        _page = page;
        _scratch = page.LastScratch();
        _inEvents = SeekEvents(ref _reader);
        _current = default;
    }

    public readonly LogEvent Current => _current;

    public bool MoveNext()
    {
        if (!_inEvents || !_reader.Read() || _reader.TokenType != JsonTokenType.StartObject)
        {
            _inEvents = false;
            return false;
        }
        ReadOnlySpan<byte> eventId = default, stream = default, message = default;
        long timestamp = 0, ingestion = 0;
        _used = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = _reader.ValueSpan;
            _reader.Read();
            if (name.SequenceEqual("message"u8))
            {
                message = Text();
            }
            else if (name.SequenceEqual("eventId"u8))
            {
                eventId = Text();
            }
            else if (name.SequenceEqual("logStreamName"u8))
            {
                stream = Text();
            }
            else if (name.SequenceEqual("timestamp"u8))
            {
                timestamp = _reader.GetInt64();
            }
            else if (name.SequenceEqual("ingestionTime"u8))
            {
                ingestion = _reader.GetInt64();
            }
            else
            {
                _reader.Skip();
            }
        }
        _current = new LogEvent(eventId, stream, timestamp, ingestion, message);
        return true;
    }

    /// <summary>A string value as UTF-8: in place when it has no escapes, else unescaped into the scratch buffer.</summary>
    private ReadOnlySpan<byte> Text()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string in a log event, got {_reader.TokenType}.");
        }
        if (!_reader.ValueIsEscaped)
        {
            return _reader.ValueSpan;
        }
        // Unescaped strings are never longer than escaped ones.
        if (_used + _reader.ValueSpan.Length > _scratch.Length)
        {
            // A new buffer: the event's strings read so far stay in the old one, which the page keeps.
            _scratch = _page.Scratch(_reader.ValueSpan.Length);
            _used = 0;
        }
        var written = _reader.CopyString(_scratch[_used..]);
        var text = _scratch.Slice(_used, written);
        _used += written;
        return text;
    }

    private static bool SeekEvents(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isEvents = reader.ValueTextEquals("events"u8);
            reader.Read();
            if (isEvents && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }
}
