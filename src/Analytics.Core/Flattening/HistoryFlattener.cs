using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Output;
using Analytics.Core.Schemas;

namespace Analytics.Core.Flattening;

/// <summary>
/// The skeleton every history flattener shares (Step Functions and Lambda durable executions): one execution at a
/// time (<see cref="BeginExecution(ReadOnlySpan{byte}, HistoryOrder, long?)"/>, <see cref="AddPage"/>…,
/// <see cref="EndExecution"/>) over buffers kept for the next, so steady-state flattening does not allocate; rows
/// held until the execution ends well (a quarantined history contributes none); the page envelope and its event
/// array; pages that arrive newest-first kept and flattened oldest-first; timestamps in either encoding; failures
/// located by page and offset. A kind supplies its envelope's names, how it reads one event and what it derives.
/// Not thread-safe; use one per worker.
/// </summary>
public abstract class HistoryFlattener<TSummary> : IDisposable
{
    private protected const long NoTime = long.MinValue;

    private protected readonly FlattenerOptions _options;
    private protected readonly ColumnBatch _events;
    private protected readonly ByteArena _strings = new();
    private protected readonly ByteArena _scratch = new();
    private protected readonly DetailsJson _detailsJson = new();
    private protected readonly KeptEvents _kept = new();

    private protected HistoryOrder _order;
    private protected int _pageIndex;
    private protected long _eventBaseOffset;
    private protected Slice _arn;
    private protected long _startTime;
    private bool _inExecution;

    private protected HistoryFlattener(TableBatches output, IReadOnlyList<TableSchema> tables, int eventsTable, FlattenerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
        _options = options ?? FlattenerOptions.Default;
        for (var i = 0; i < tables.Count; i++)
        {
            if (!ReferenceEquals(output[i].Schema, tables[i]))
            {
                throw new ArgumentException($"Output table {i} must be '{tables[i].Name}'.", nameof(output));
            }
        }
        _events = output[eventsTable];
    }

    public TableBatches Output { get; }

    public FlattenerWarnings Warnings { get; } = new();

    /// <summary>The page envelope's event array member (<c>events</c>, <c>Events</c>).</summary>
    private protected abstract ReadOnlySpan<byte> EventsMember { get; }

    /// <summary>An event's id member, by which kept events are found to be newest-first.</summary>
    private protected abstract ReadOnlySpan<byte> EventIdMember { get; }

    /// <summary>The API whose pages these are and what a page is called, for error messages.</summary>
    private protected abstract string ApiName { get; }

    private protected abstract string PageName { get; }

    /// <summary>The message for a timestamp that cannot be read outside lenient mode.</summary>
    private protected abstract string UnparseableTimestampProblem { get; }

    /// <summary>Starts an execution (an execution begun and not ended is abandoned). Pass its start time (from the
    /// listing) when known, in microseconds since the epoch: rows are partitioned by it before the start event.</summary>
    public void BeginExecution(ReadOnlySpan<byte> executionArnUtf8, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null)
    {
        if (executionArnUtf8.IsEmpty)
        {
            throw new ArgumentException("An execution ARN is required.", nameof(executionArnUtf8));
        }
        Output.Rollback();
        _strings.Clear();
        _kept.Clear();
        _pageIndex = 0;
        _eventBaseOffset = 0;
        ResetExecution();
        _arn = _strings.Append(executionArnUtf8);
        ParseArn();
        _startTime = startTimeMicros ?? NoTime;
        _order = order;
        _inExecution = true;
        // Nothing of the execution reaches the sink before it ends well (a quarantined history contributes no row).
        Output.Hold();
    }

    /// <summary>The same from UTF-16 text, encoded without allocating for ARNs of ordinary length.</summary>
    private protected void BeginExecutionText(string executionArn, HistoryOrder order, long? startTimeMicros)
    {
        Span<byte> buffer = executionArn.Length <= 512 ? stackalloc byte[executionArn.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(executionArn.Length)];
        var length = Encoding.UTF8.GetBytes(executionArn, buffer);
        BeginExecution(buffer[..length], order, startTimeMicros);
    }

    /// <summary>
    /// Adds one page: the API's response (the event array under <see cref="EventsMember"/>, other members ignored)
    /// or a bare array of events. Throws <see cref="HistoryFormatException"/> for bytes it cannot read.
    /// </summary>
    public void AddPage(ReadOnlySpan<byte> page)
    {
        EnsureInExecution();
        if (!TryScanPage(page))
        {
            if (_options.ValidateUtf8)
            {
                Utf8Check.Validate(page, _pageIndex);
            }
            ReadPage(page, streaming: _order == HistoryOrder.Ascending);
        }
        _pageIndex++;
    }

    /// <summary>Finishes the execution: flattens kept pages, then what the kind derives, and writes its row.</summary>
    public TSummary EndExecution()
    {
        EnsureInExecution();
        if (_order != HistoryOrder.Ascending)
        {
            FlattenKeptEvents();
        }
        var summary = FinishExecution();
        _inExecution = false;
        Output.Release();
        return summary;
    }

    /// <summary>Drops the execution in progress without finishing it, with every row it added.</summary>
    public void AbandonExecution()
    {
        _inExecution = false;
        Output.Rollback();
    }

    /// <summary>Hands every partly filled batch to the sink.</summary>
    public void Flush() => Output.Flush();

    public void Dispose()
    {
        _strings.Dispose();
        _scratch.Dispose();
        _detailsJson.Dispose();
        _kept.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Clears the kind's per-execution state (the shared buffers are cleared already).</summary>
    private protected abstract void ResetExecution();

    /// <summary>Reads what the kind needs from <see cref="_arn"/>.</summary>
    private protected abstract void ParseArn();

    /// <summary>A kind's faster path for a whole page; false leaves the page to the reader.</summary>
    private protected virtual bool TryScanPage(ReadOnlySpan<byte> page) => false;

    /// <summary>Reads one event object (the reader on its StartObject) into a row of the events table.</summary>
    private protected abstract void ReadEvent(ref Utf8JsonReader reader);

    /// <summary>Flattens one kept event (oldest-first); by default with the reader.</summary>
    private protected virtual void FlattenKeptEvent(ReadOnlySpan<byte> bytes) => ReadKeptEvent(bytes);

    /// <summary>Closes what is still open and writes the execution's row.</summary>
    private protected abstract TSummary FinishExecution();

    private protected void EnsureInExecution()
    {
        if (!_inExecution)
        {
            throw new InvalidOperationException("Call BeginExecution first.");
        }
    }

    /// <summary>Reads a page's event array: each event flattened now (in-order pages) or kept for the end.</summary>
    private protected void ReadPage(ReadOnlySpan<byte> page, bool streaming)
    {
        var pageOffset = streaming ? 0 : _kept.AddPage(page);
        _eventBaseOffset = 0;
        var events = new EventArray(this, streaming, pageOffset);
        if (HistoryPageEnvelope.ReadPage(page, EventsMember, ApiName, PageName, ref events, out var offset, out var inner) is { } problem)
        {
            Fail(problem, offset, inner);
        }
    }

    /// <summary>Hands the page's event array to <see cref="ReadEventArray"/> (a struct: the call is specialized).</summary>
    private readonly struct EventArray(HistoryFlattener<TSummary> owner, bool streaming, int pageOffset) : IEventArrayReader
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
        var descending = _order == HistoryOrder.Descending || (_order == HistoryOrder.Detect && _kept.LooksDescending(EventIdMember));
        for (var i = 0; i < count; i++)
        {
            var bytes = _kept.Event(descending ? count - 1 - i : i, out _pageIndex, out _eventBaseOffset);
            FlattenKeptEvent(bytes);
        }
    }

    /// <summary>Reads one kept event's bytes with the reader.</summary>
    private protected void ReadKeptEvent(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, HistoryPageEnvelope.ReaderOptions);
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

    /// <summary>A timestamp in either encoding; in lenient mode an unreadable one counts as a warning and is null.</summary>
    private protected bool TryReadTimestamp(ref Utf8JsonReader reader, out long micros)
    {
        micros = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when Timestamps.TryParseEpochSeconds(reader.ValueSpan, out micros):
                return true;
            case JsonTokenType.String when !reader.ValueIsEscaped && Timestamps.TryParseText(reader.ValueSpan, out micros):
                return true;
            case JsonTokenType.Null:
                return false;
        }
        if (!_options.Lenient)
        {
            Fail(UnparseableTimestampProblem, reader.TokenStartIndex);
        }
        Warnings.UnparseableTimestamps++;
        reader.Skip();
        return false;
    }

    /// <summary>A range of <see cref="_arn"/> as a slice of the execution's strings.</summary>
    private protected Slice Sub(Range range)
    {
        var (offset, length) = range.GetOffsetAndLength(_arn.Length);
        return new Slice(_arn.Start + offset, length);
    }

    /// <summary>Keeps an events-row text value for the execution (none when null).</summary>
    private protected Slice CopyText(int row, int column)
    {
        var text = _events.Varchar(column);
        return text.IsNull(row) ? Slice.None : _strings.Append(text.GetBytes(row));
    }

    private protected void SetText(ColumnBatch batch, int column, int row, Slice value)
    {
        if (value.HasValue)
        {
            batch.Varchar(column).Set(row, _strings.Get(value));
        }
    }

    private protected static void SetTime(ColumnBatch batch, int column, int row, long micros)
    {
        if (micros != NoTime)
        {
            batch.Int64(column).Set(row, micros);
        }
    }

    private protected static void SetDuration(ColumnBatch batch, int column, int row, long fromMicros, long toMicros)
    {
        if (fromMicros != NoTime && toMicros != NoTime)
        {
            batch.Int64(column).Set(row, (toMicros - fromMicros) / 1000);
        }
    }

    [DoesNotReturn]
    private protected void Fail(string problem, long readerOffset, Exception? inner = null) =>
        ThrowHelper.Format(problem, _eventBaseOffset + readerOffset, _pageIndex, inner);
}
