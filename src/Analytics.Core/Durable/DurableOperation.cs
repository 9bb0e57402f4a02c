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
    /// <summary>Step attempts so far (see <c>DurableHistoryFlattener.CountAttempt</c>).</summary>
    public int Attempts;
    /// <summary>The last step event was a StepStarted: the next StepSucceeded/StepFailed ends that attempt.</summary>
    public bool AttemptOpen;
    public Slice ErrorType;
    public Slice ErrorMessage;

    // Operation members with no durable_operations column, for its details_json (see DurableHistoryFlattener.OperationDetails.cs).
    public Slice ErrorData;
    public Slice StackTrace;
    public Slice Payload;
    public Slice CallbackId;
    public long ScheduledEnd;
    public long NextAttempt;
}
