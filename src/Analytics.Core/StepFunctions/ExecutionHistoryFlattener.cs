using Analytics.Core.Flattening;
using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Output;
using Analytics.Core.Schemas;

namespace Analytics.Core.StepFunctions;

/// <summary>
/// Turns the GetExecutionHistory pages of Step Functions executions into rows of <c>events</c>, <c>state_visits</c>,
/// <c>task_attempts</c> and <c>executions</c>, straight from the UTF-8 bytes. One instance handles one execution at a
/// time (<see cref="BeginExecution(string, HistoryOrder, long?, string?, string?)"/>, <see cref="AddPage"/>…,
/// <see cref="EndExecution"/>) and is reused for the next: its buffers are kept, so steady-state flattening does not
/// allocate. Not thread-safe; use one per worker.
/// </summary>
public sealed partial class ExecutionHistoryFlattener : IDisposable
{
    /// <summary>Table positions in <see cref="Output"/>.</summary>
    public const int ExecutionsTable = 0, EventsTable = 1, StateVisitsTable = 2, TaskAttemptsTable = 3;

    /// <summary>The tables this flattener fills, in the order of the table positions above.</summary>
    public static IReadOnlyList<TableSchema> Tables { get; } =
        [TableSchemas.Executions, TableSchemas.Events, TableSchemas.StateVisits, TableSchemas.TaskAttempts];

    private const long NoTime = long.MinValue;
    private const int MaxEventId = 10_000_000;

    private readonly FlattenerOptions _options;
    private readonly ColumnBatch _events;
    private readonly ByteArena _strings = new();
    private readonly DetailsJson _detailsJson = new();
    private readonly ByteArena _scratch = new();
    private readonly KeptEvents _kept = new();

    private HistoryOrder _order;
    private bool _inExecution;
    private int _pageIndex;

    public ExecutionHistoryFlattener(TableBatches output, FlattenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
        _options = options ?? FlattenerOptions.Default;
        _events = output[EventsTable];
        for (var i = 0; i < Tables.Count; i++)
        {
            if (!ReferenceEquals(output[i].Schema, Tables[i]))
            {
                throw new ArgumentException($"Output table {i} must be '{Tables[i].Name}'.", nameof(output));
            }
        }
    }

    /// <summary>Creates the batches this flattener fills, feeding <paramref name="sink"/>.</summary>
    public static TableBatches CreateOutput(IBatchSink sink, int capacity = ColumnBatch.DefaultCapacity) =>
        new(sink, Tables, capacity);

    public TableBatches Output { get; }

    public FlattenerWarnings Warnings { get; } = new();

    /// <summary>Starts an execution (an execution begun and not ended is abandoned). Pass its start time (from
    /// ListExecutions) when known, in microseconds since the epoch: rows are partitioned by it before the
    /// ExecutionStarted event is seen. A Map Run child's <paramref name="mapRunArn"/> and
    /// <paramref name="parentExecutionArn"/> (known from the listing, not from its history) fill its executions row.</summary>
    public void BeginExecution(
        string executionArn, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null, string? mapRunArn = null, string? parentExecutionArn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        Span<byte> buffer = executionArn.Length <= 512 ? stackalloc byte[executionArn.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(executionArn.Length)];
        var length = Encoding.UTF8.GetBytes(executionArn, buffer);
        BeginExecution(buffer[..length], order, startTimeMicros);
        _linkedMapRun = AppendText(mapRunArn);
        _linkedParent = AppendText(parentExecutionArn);
    }

    /// <inheritdoc cref="BeginExecution(string, HistoryOrder, long?, string?, string?)"/>
    public void BeginExecution(ReadOnlySpan<byte> executionArnUtf8, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null)
    {
        if (executionArnUtf8.IsEmpty)
        {
            throw new ArgumentException("An execution ARN is required.", nameof(executionArnUtf8));
        }
        Output.Rollback();
        ResetExecution();
        _arn = _strings.Append(executionArnUtf8);
        ParseArn();
        _startTime = startTimeMicros ?? NoTime;
        _order = order;
        _inExecution = true;
        // Nothing of the execution reaches the sink before it ends well (a quarantined history contributes no row).
        Output.Hold();
    }

    /// <summary>
    /// Adds one page: a GetExecutionHistory response (<c>{"events": [...], "nextToken": ...}</c>, other members
    /// ignored) or a bare array of events. Throws <see cref="HistoryFormatException"/> for bytes it cannot read.
    /// </summary>
    public void AddPage(ReadOnlySpan<byte> page)
    {
        EnsureInExecution();
        // In-order pages take the scanner's single pass, which checks the UTF-8 as it goes. Newest-first pages are
        // kept and flattened oldest-first at the end; their events are located now, so bad input fails here either way.
        if (_order == HistoryOrder.Ascending && _options.ValidateUtf8)
        {
            ScanPage(page);
        }
        else
        {
            if (_options.ValidateUtf8)
            {
                Utf8Check.Validate(page, _pageIndex);
            }
            ParsePage(page, streaming: _order == HistoryOrder.Ascending);
        }
        _pageIndex++;
    }

    /// <summary>Finishes the execution: flattens kept pages, closes what is still open, writes its summary row.</summary>
    public ExecutionSummary EndExecution()
    {
        EnsureInExecution();
        if (_order != HistoryOrder.Ascending)
        {
            FlattenKeptEvents();
        }
        CloseOpenVisits(_status is null ? Outcome.Running : _statusOutcome, _stopTime, -1);
        var summary = WriteExecutionRow();
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
        _detailsJson.Dispose();
        _scratch.Dispose();
        _kept.Dispose();
    }

    private void EnsureInExecution()
    {
        if (!_inExecution)
        {
            throw new InvalidOperationException("Call BeginExecution first.");
        }
    }
}
