namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>
/// The whole simulated life of one execution, independent of the world's clock: its numbered events and how it
/// ended. <see cref="ExecutionView"/> applies a clock to it.
/// </summary>
internal sealed class ExecutionTimeline
{
    public required SfnEvent[] Events { get; init; }

    public required long StartMs { get; init; }

    /// <summary>SUCCEEDED, FAILED, TIMED_OUT or ABORTED: the status once everything has happened.</summary>
    public required string FinalStatus { get; init; }

    public required long FinalStopMs { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public string? Output { get; init; }

    public required string Input { get; init; }

    /// <summary>When the first run failed, for an execution that was then redriven (else null).</summary>
    public long? FirstStopMs { get; init; }

    public string? FirstError { get; init; }

    public string? FirstCause { get; init; }

    public long? RedriveMs { get; init; }

    public List<MapRunTimeline> MapRuns { get; init; } = [];
}

/// <summary>A Distributed Map run inside an execution, with its child executions.</summary>
internal sealed class MapRunTimeline
{
    public required int Ordinal { get; init; }

    public required string StateName { get; init; }

    public required string Label { get; init; }

    public required string ChildExecutionType { get; init; }

    public required long StartMs { get; init; }

    public required long StopMs { get; init; }

    public required bool Failed { get; init; }

    /// <summary>Stopped with its parent execution (abort or execution timeout).</summary>
    public bool Aborted { get; init; }

    public string Status => Aborted ? "ABORTED" : Failed ? "FAILED" : "SUCCEEDED";

    /// <summary>As in the definition (0 = no limit; the simulation then runs at most 1,000 children at once).</summary>
    public required int MaxConcurrency { get; init; }

    public required double ToleratedFailurePercentage { get; init; }

    public required long ToleratedFailureCount { get; init; }

    public required int ItemCount { get; init; }

    /// <summary>Children that were started, by item index (items never started are not here).</summary>
    public required ChildRun[] Children { get; init; }
}

/// <summary>One Map Run child: when it ran and how it ended (ABORTED when the run failed while it was running).</summary>
internal readonly record struct ChildRun(int Index, long StartMs, long StopMs, string Status, long? AbortedAtMs);

internal static class MapRunTimelineExtensions
{
    /// <summary>The map run as it stands when its parent is stopped at <paramref name="cutMs"/>.</summary>
    public static MapRunTimeline AbortedAt(this MapRunTimeline run, long cutMs) => new()
    {
        Ordinal = run.Ordinal,
        StateName = run.StateName,
        Label = run.Label,
        ChildExecutionType = run.ChildExecutionType,
        StartMs = run.StartMs,
        StopMs = cutMs,
        Failed = false,
        Aborted = true,
        MaxConcurrency = run.MaxConcurrency,
        ToleratedFailurePercentage = run.ToleratedFailurePercentage,
        ToleratedFailureCount = run.ToleratedFailureCount,
        ItemCount = run.ItemCount,
        Children = [.. run.Children.Where(c => c.StartMs <= cutMs).Select(c => c.StopMs > cutMs ? c with { Status = "ABORTED", StopMs = cutMs, AbortedAtMs = cutMs } : c)],
    };
}
