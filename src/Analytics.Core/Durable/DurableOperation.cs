using Analytics.Core.Json;

namespace Analytics.Core.Durable;

/// <summary>One operation (events grouped by their <c>Id</c>) while the flattener tracks it.</summary>
internal struct DurableOperation
{
    public Slice ParentId;
    public Slice Name;
    public Slice SubType;
    public OperationKind Kind;
    public OperationStatus Status;
    public long StartTime;
    public long EndTime;
    public long FirstEventId;
    public long LastEventId;
    public int StartedCount;
    public int MaxAttempt;
    public Slice ErrorType;
    public Slice ErrorMessage;
}
