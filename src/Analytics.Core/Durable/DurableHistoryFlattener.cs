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
public sealed partial class DurableHistoryFlattener : HistoryFlattener<DurableExecutionSummary>
{
    public const int ExecutionsTable = 0, EventsTable = 1, OperationsTable = 2;

    public static IReadOnlyList<TableSchema> Tables { get; } =
        [TableSchemas.DurableExecutions, TableSchemas.DurableEvents, TableSchemas.DurableOperations];

    private readonly Utf8KeyIndex _operationIds;
    private DurableOperation[] _operations = new DurableOperation[32];

    public DurableHistoryFlattener(TableBatches output, FlattenerOptions? options = null)
        : base(output, Tables, EventsTable, options)
    {
        _operationIds = new Utf8KeyIndex(_strings);
    }

    public static TableBatches CreateOutput(IBatchSink sink, int capacity = ColumnBatch.DefaultCapacity) => new(sink, Tables, capacity);

    private protected override ReadOnlySpan<byte> EventsMember => "Events"u8;

    private protected override ReadOnlySpan<byte> EventIdMember => "EventId"u8;

    private protected override string ApiName => "GetDurableExecutionHistory";

    private protected override string PageName => "a durable history page";

    private protected override string UnparseableTimestampProblem => "unparseable timestamp (use lenient mode to import it as null)";

    /// <inheritdoc cref="HistoryFlattener{TSummary}.BeginExecution(ReadOnlySpan{byte}, HistoryOrder, long?)"/>
    public void BeginExecution(string durableExecutionArn, HistoryOrder order = HistoryOrder.Ascending, long? startTimeMicros = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(durableExecutionArn);
        BeginExecutionText(durableExecutionArn, order, startTimeMicros);
    }

    private protected override DurableExecutionSummary FinishExecution()
    {
        WriteOperationRows();
        return WriteExecutionRow();
    }
}
