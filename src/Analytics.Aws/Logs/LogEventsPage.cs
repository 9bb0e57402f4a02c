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
    private byte[]? _scratch;

    internal LogEventsPage(HistoryPage raw)
    {
        _raw = raw;
    }

    /// <summary>The whole response body (<c>{"events":[…],"searchedLogStreams":[],"nextToken":…}</c>).</summary>
    public ReadOnlyMemory<byte> Json => _raw.Json;

    /// <summary>Null on the last page.</summary>
    public string? NextToken => _raw.NextToken;

    public LogEventEnumerator GetEnumerator() => new(Json.Span, Scratch());

    public void Dispose()
    {
        _raw.Dispose();
        var scratch = Interlocked.Exchange(ref _scratch, null);
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Unescaped strings are never longer than escaped ones: one page-sized buffer holds an event's strings.</summary>
    private byte[] Scratch() => _scratch ??= ArrayPool<byte>.Shared.Rent(Math.Max(256, Json.Length));
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
    private readonly Span<byte> _scratch;
    private bool _inEvents;
    private int _used;
    private LogEvent _current;

    internal LogEventEnumerator(ReadOnlySpan<byte> json, Span<byte> scratch)
    {
        _reader = new Utf8JsonReader(json);
        _scratch = scratch;
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
