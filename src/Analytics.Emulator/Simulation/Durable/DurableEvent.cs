namespace Analytics.Emulator.Simulation.Durable;

/// <summary>One Lambda durable-execution history event as simulated (PascalCase wire shape in <see cref="DurableEventWriter"/>).</summary>
internal sealed class DurableEvent
{
    public required string EventType { get; init; }

    public string? SubType { get; init; }

    public int EventId { get; set; }

    /// <summary>The operation id (the execution id for Execution* events; none for InvocationCompleted).</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public long TimeMs { get; set; }

    public string? ParentId { get; init; }

    public string? Payload { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>StepSucceeded/StepFailed: the 1-based attempt ordinal (written as the SDK's RetryDetails.CurrentAttempt).</summary>
    public int? Attempt { get; init; }

    public int? NextAttemptDelaySeconds { get; init; }

    public int? DurationSeconds { get; init; }

    public long? ScheduledEndMs { get; set; }

    public string? CallbackId { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? HeartbeatTimeoutSeconds { get; init; }

    public string? FunctionName { get; init; }

    public long? InvocationStartMs { get; set; }

    public string? RequestId { get; init; }

    /// <summary>ExecutionPaused: PauseRequestTimestamp; ExecutionResumed: ResumeRequestTimestamp.</summary>
    public long? RequestMs { get; init; }

    /// <summary>ExecutionPaused/ExecutionResumed: the reason given to the request.</summary>
    public string? Reason { get; init; }

    public bool? ExecutionTimeoutPaused { get; init; }

    /// <summary>Moves the event later (a pause before it); an invocation that began before the pause keeps its start.</summary>
    public void ShiftBy(long ms, long pausedMs)
    {
        TimeMs += ms;
        ScheduledEndMs += ms;
        if (InvocationStartMs >= pausedMs)
        {
            InvocationStartMs += ms;
        }
    }
}
