using Analytics.Core.Json;

namespace Analytics.Core.Durable;

/// <summary>What the flattener knows about one of the 26 durable <c>EventType</c> values: the operation family and
/// status it gives, and for the execution's lifecycle events the execution status that follows them.</summary>
internal readonly record struct DurableTraits(OperationKind Kind, OperationStatus Status, DurableExecutionStatus Lifecycle = DurableExecutionStatus.Unknown);

/// <summary>The operation types of GetDurableExecutionState (the family an event type belongs to).</summary>
internal enum OperationKind : byte
{
    None,
    Execution,
    Context,
    Step,
    Wait,
    Callback,
    ChainedInvoke,
    Invocation,
}

/// <summary>The OperationStatus values; <see cref="Pending"/> is a failed step waiting for its retry.</summary>
internal enum OperationStatus : byte
{
    None,
    Started,
    Pending,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    Stopped,
}

/// <summary>The 26 Lambda durable execution event types (EventType enum of the newest model).</summary>
internal static class DurableEventTypes
{
    private static readonly (string Name, DurableTraits Traits)[] s_catalog =
    [
        ("ExecutionStarted", new(OperationKind.Execution, OperationStatus.Started, DurableExecutionStatus.Running)),
        ("ExecutionSucceeded", new(OperationKind.Execution, OperationStatus.Succeeded, DurableExecutionStatus.Succeeded)),
        ("ExecutionFailed", new(OperationKind.Execution, OperationStatus.Failed, DurableExecutionStatus.Failed)),
        ("ExecutionTimedOut", new(OperationKind.Execution, OperationStatus.TimedOut, DurableExecutionStatus.TimedOut)),
        ("ExecutionStopped", new(OperationKind.Execution, OperationStatus.Stopped, DurableExecutionStatus.Stopped)),
        // The EXECUTION operation stays STARTED while paused (OperationStatus has no PAUSED); the execution does not.
        ("ExecutionPaused", new(OperationKind.Execution, OperationStatus.Started, DurableExecutionStatus.Paused)),
        ("ExecutionResumed", new(OperationKind.Execution, OperationStatus.Started, DurableExecutionStatus.Running)),
        ("ContextStarted", new(OperationKind.Context, OperationStatus.Started)),
        ("ContextSucceeded", new(OperationKind.Context, OperationStatus.Succeeded)),
        ("ContextFailed", new(OperationKind.Context, OperationStatus.Failed)),
        ("WaitStarted", new(OperationKind.Wait, OperationStatus.Started)),
        ("WaitSucceeded", new(OperationKind.Wait, OperationStatus.Succeeded)),
        ("WaitCancelled", new(OperationKind.Wait, OperationStatus.Cancelled)),
        ("StepStarted", new(OperationKind.Step, OperationStatus.Started)),
        ("StepSucceeded", new(OperationKind.Step, OperationStatus.Succeeded)),
        ("StepFailed", new(OperationKind.Step, OperationStatus.Failed)),
        ("ChainedInvokeStarted", new(OperationKind.ChainedInvoke, OperationStatus.Started)),
        ("ChainedInvokeSucceeded", new(OperationKind.ChainedInvoke, OperationStatus.Succeeded)),
        ("ChainedInvokeFailed", new(OperationKind.ChainedInvoke, OperationStatus.Failed)),
        ("ChainedInvokeTimedOut", new(OperationKind.ChainedInvoke, OperationStatus.TimedOut)),
        ("ChainedInvokeStopped", new(OperationKind.ChainedInvoke, OperationStatus.Stopped)),
        ("CallbackStarted", new(OperationKind.Callback, OperationStatus.Started)),
        ("CallbackSucceeded", new(OperationKind.Callback, OperationStatus.Succeeded)),
        ("CallbackFailed", new(OperationKind.Callback, OperationStatus.Failed)),
        ("CallbackTimedOut", new(OperationKind.Callback, OperationStatus.TimedOut)),
        ("InvocationCompleted", new(OperationKind.Invocation, OperationStatus.None)),
    ];

    private static readonly Utf8NameTable s_names = Build();

    public static int Count => s_catalog.Length;

    /// <summary>The code of <c>ExecutionResumed</c> (a lifecycle event that, unlike ExecutionStarted, starts nothing).</summary>
    public static int ExecutionResumed { get; } = s_names.Find("ExecutionResumed"u8);

    public static int Find(ReadOnlySpan<byte> name) => s_names.Find(name);

    public static DurableTraits Traits(int code) => code < 0 ? default : s_catalog[code].Traits;

    public static string Name(int code) => s_catalog[code].Name;

    public static ReadOnlySpan<byte> KindText(OperationKind kind) => kind switch
    {
        OperationKind.Execution => "EXECUTION"u8,
        OperationKind.Context => "CONTEXT"u8,
        OperationKind.Step => "STEP"u8,
        OperationKind.Wait => "WAIT"u8,
        OperationKind.Callback => "CALLBACK"u8,
        OperationKind.ChainedInvoke => "CHAINED_INVOKE"u8,
        _ => default,
    };

    /// <summary>The Operation member holding a type's details (<c>StepDetails</c>, …).</summary>
    public static ReadOnlySpan<byte> DetailsName(OperationKind kind) => kind switch
    {
        OperationKind.Execution => "ExecutionDetails"u8,
        OperationKind.Context => "ContextDetails"u8,
        OperationKind.Step => "StepDetails"u8,
        OperationKind.Wait => "WaitDetails"u8,
        OperationKind.Callback => "CallbackDetails"u8,
        OperationKind.ChainedInvoke => "ChainedInvokeDetails"u8,
        _ => "Details"u8,
    };

    public static ReadOnlySpan<byte> StatusText(OperationStatus status) => status switch
    {
        OperationStatus.Started => "STARTED"u8,
        OperationStatus.Pending => "PENDING"u8,
        OperationStatus.Succeeded => "SUCCEEDED"u8,
        OperationStatus.Failed => "FAILED"u8,
        OperationStatus.Cancelled => "CANCELLED"u8,
        OperationStatus.TimedOut => "TIMED_OUT"u8,
        OperationStatus.Stopped => "STOPPED"u8,
        _ => default,
    };

    public static bool IsEnded(OperationStatus status) => status is not (OperationStatus.None or OperationStatus.Started or OperationStatus.Pending);

    private static Utf8NameTable Build()
    {
        var entries = new (string, int)[s_catalog.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = (s_catalog[i].Name, i);
        }
        return new Utf8NameTable(entries);
    }
}
