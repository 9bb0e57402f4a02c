using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.Output;
using Analytics.Core.Schemas;

namespace Analytics.Core.Durable;

/// <summary>
/// Turns GetDurableExecutionHistory pages (<c>{"Events": [...], "NextMarker": ...}</c>, or a bare array of events as
/// the durable SDKs' test tooling saves them) into <c>durable_events</c> rows, one <c>durable_operations</c> row per
/// operation id (status from its last event, attempts from its retries, the ParentId tree) and the execution's
/// <c>durable_executions</c> row. Same lifecycle and allocation behaviour as the Step Functions flattener.
/// </summary>
public sealed partial class DurableHistoryFlattener : IDisposable
{
    public const int ExecutionsTable = 0, EventsTable = 1, OperationsTable = 2;

    public static IReadOnlyList<TableSchema> Tables { get; } =
        [TableSchemas.DurableExecutions, TableSchemas.DurableEvents, TableSchemas.DurableOperations];

    private const long NoTime = long.MinValue;

    private readonly FlattenerOptions _options;
    private readonly ColumnBatch _events;
    private readonly ByteArena _strings = new();
    private readonly ByteArena _scratch = new();
    private readonly DetailsJson _detailsJson = new();
    private readonly KeptEvents _kept = new();
    private readonly Utf8KeyIndex _operationIds;
    private DurableOperation[] _operations = new DurableOperation[32];
    private HistoryOrder _order;
    private bool _inExecution;
    private int _pageIndex;
    private long _eventBaseOffset;

    public DurableHistoryFlattener(TableBatches output, FlattenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
        _options = options ?? FlattenerOptions.Default;
        _events = output[EventsTable];
        _operationIds = new Utf8KeyIndex(_strings);
        for (var i = 0; i < Tables.Count; i++)
        {
            if (!ReferenceEquals(output[i].Schema, Tables[i]))
            {
                throw new ArgumentException($"Output table {i} must be '{Tables[i].Name}'.", nameof(output));
            }
        }
    }

    public static TableBatches CreateOutput(IBatchSink sink, int capacity = ColumnBatch.DefaultCapacity) => new(sink, Tables, capacity);

    public TableBatches Output { get; }

    public FlattenerWarnings Warnings { get; } = new();

    public void BeginExecution(string durableExecutionArn, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(durableExecutionArn);
        Output.Rollback();
        ResetExecution();
        _arn = _strings.Append(Encoding.UTF8.GetBytes(durableExecutionArn));
        ParseArn();
        _startTime = startTimeMicros ?? NoTime;
        _order = order;
        _inExecution = true;
        // Nothing of the execution reaches the sink before it ends well (a quarantined history contributes no row).
        Output.Hold();
    }

    /// <summary>Adds one page; throws <see cref="HistoryFormatException"/> for bytes it cannot read.</summary>
    public void AddPage(ReadOnlySpan<byte> page)
    {
        EnsureInExecution();
        if (_options.ValidateUtf8)
        {
            Utf8Check.Validate(page, _pageIndex);
        }
        ParsePage(page, streaming: _order == HistoryOrder.Ascending);
        _pageIndex++;
    }

    public DurableExecutionSummary EndExecution()
    {
        EnsureInExecution();
        if (_order != HistoryOrder.Ascending)
        {
            FlattenKeptEvents();
        }
        WriteOperationRows();
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

    public void Flush() => Output.Flush();

    public void Dispose()
    {
        _strings.Dispose();
        _scratch.Dispose();
        _detailsJson.Dispose();
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
