using Analytics.Core.Json;

namespace Analytics.Core.Durable;

/// <summary>Member names of durable Event objects, their details, and Operation objects.</summary>
internal static class DurableMembers
{
    public const int EventType = 0, SubType = 1, EventId = 2, Id = 3, Name = 4, EventTimestamp = 5, ParentId = 6;

    public static readonly Utf8NameTable Event = new(
        ("EventType", EventType), ("SubType", SubType), ("EventId", EventId), ("Id", Id), ("Name", Name),
        ("EventTimestamp", EventTimestamp), ("ParentId", ParentId));

    public const int Input = 0, Result = 1, Error = 2, RetryDetails = 3, ExecutionTimeout = 4, Timeout = 5,
        HeartbeatTimeout = 6, Duration = 7, ScheduledEndTimestamp = 8, FunctionName = 9, TenantId = 10,
        ExecutedVersion = 11, DurableExecutionArn = 12, CallbackId = 13, StartTimestamp = 14, EndTimestamp = 15,
        RequestId = 16, PauseRequestTimestamp = 17, ResumeRequestTimestamp = 18, ExecutionTimeoutPaused = 19, Reason = 20;

    public static readonly Utf8NameTable Detail = new(
        ("Input", Input), ("Result", Result), ("Error", Error), ("RetryDetails", RetryDetails),
        ("ExecutionTimeout", ExecutionTimeout), ("Timeout", Timeout), ("HeartbeatTimeout", HeartbeatTimeout),
        ("Duration", Duration), ("ScheduledEndTimestamp", ScheduledEndTimestamp), ("FunctionName", FunctionName),
        ("TenantId", TenantId), ("ExecutedVersion", ExecutedVersion), ("DurableExecutionArn", DurableExecutionArn),
        ("CallbackId", CallbackId), ("StartTimestamp", StartTimestamp), ("EndTimestamp", EndTimestamp),
        ("RequestId", RequestId), ("PauseRequestTimestamp", PauseRequestTimestamp),
        ("ResumeRequestTimestamp", ResumeRequestTimestamp), ("ExecutionTimeoutPaused", ExecutionTimeoutPaused),
        ("Reason", Reason));

    public const int ErrorType = 0, ErrorMessage = 1, ErrorData = 2, StackTrace = 3;

    public static readonly Utf8NameTable ErrorObject = new(
        ("ErrorType", ErrorType), ("ErrorMessage", ErrorMessage), ("ErrorData", ErrorData), ("StackTrace", StackTrace));
}
