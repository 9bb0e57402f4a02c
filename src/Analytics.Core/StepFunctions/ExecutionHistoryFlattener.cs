using Analytics.Core.Flattening;
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
public sealed partial class ExecutionHistoryFlattener : HistoryFlattener<ExecutionSummary>
{
    /// <summary>Table positions in <see cref="HistoryFlattener{TSummary}.Output"/>.</summary>
    public const int ExecutionsTable = 0, EventsTable = 1, StateVisitsTable = 2, TaskAttemptsTable = 3;

    /// <summary>The tables this flattener fills, in the order of the table positions above.</summary>
    public static IReadOnlyList<TableSchema> Tables { get; } =
        [TableSchemas.Executions, TableSchemas.Events, TableSchemas.StateVisits, TableSchemas.TaskAttempts];

    private const int MaxEventId = 10_000_000;

    public ExecutionHistoryFlattener(TableBatches output, FlattenerOptions? options = null)
        : base(output, Tables, EventsTable, options)
    {
    }

    /// <summary>Creates the batches this flattener fills, feeding <paramref name="sink"/>.</summary>
    public static TableBatches CreateOutput(IBatchSink sink, int capacity = ColumnBatch.DefaultCapacity) =>
        new(sink, Tables, capacity);

    private protected override ReadOnlySpan<byte> EventsMember => "events"u8;

    private protected override ReadOnlySpan<byte> EventIdMember => "id"u8;

    private protected override string ApiName => "GetExecutionHistory";

    private protected override string PageName => "a history page";

    private protected override string UnparseableTimestampProblem =>
        "unparseable timestamp (recorded test snapshots such as LocalStack's replace it with a placeholder: use lenient mode to import them)";

    /// <summary>Starts an execution (an execution begun and not ended is abandoned). Pass its start time (from
    /// ListExecutions) when known, in microseconds since the epoch: rows are partitioned by it before the
    /// ExecutionStarted event is seen. A Map Run child's <paramref name="mapRunArn"/> and
    /// <paramref name="parentExecutionArn"/> (known from the listing, not from its history) fill its executions row.</summary>
    public void BeginExecution(
        string executionArn, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null, string? mapRunArn = null, string? parentExecutionArn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        BeginExecutionText(executionArn, order, startTimeMicros);
        _linkedMapRun = AppendText(mapRunArn);
        _linkedParent = AppendText(parentExecutionArn);
    }

    /// <summary>In-order pages take the scanner's single pass, which checks the UTF-8 as it goes. Newest-first pages
    /// are kept and flattened oldest-first at the end; their events are located now, so bad input fails here either way.</summary>
    private protected override bool TryScanPage(ReadOnlySpan<byte> page)
    {
        _resumeAt = 0;
        _pendingRow = -1;
        if (_order == HistoryOrder.Ascending && _options.ValidateUtf8)
        {
            ScanPage(page);
            return true;
        }
        return false;
    }

    private protected override ExecutionSummary FinishExecution()
    {
        CloseOpenVisits(_status is null ? Outcome.Running : _statusOutcome, _stopTime, -1);
        return WriteExecutionRow();
    }
}
