namespace Analytics.Emulator.Simulation.Durable;

/// <summary>The whole simulated life of one durable execution, independent of the world's clock.</summary>
internal sealed class DurableTimeline
{
    public required DurableEvent[] Events { get; init; }

    public required string ExecutionId { get; init; }

    public required long StartMs { get; init; }

    /// <summary>SUCCEEDED, FAILED, TIMED_OUT or STOPPED.</summary>
    public required string FinalStatus { get; init; }

    public required long EndMs { get; init; }

    public required string Input { get; init; }

    public string? Result { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The execution's pause, if it was paused (it may have closed before the pause took effect).</summary>
    public DurablePause? Pause { get; init; }
}
