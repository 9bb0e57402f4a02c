using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// One pause of a durable execution (PauseDurableExecution, then ResumeDurableExecution), as AWS documents it: a
/// request during an invocation leaves the execution PAUSING until that invocation reaches its next checkpoint
/// (<see cref="PausedMs"/>, the ExecutionPaused event); between invocations it pauses at once. While PAUSED no
/// invocation runs, but pending waits and callbacks keep completing; from <see cref="ResumedMs"/> (ExecutionResumed)
/// the remaining events happen <see cref="ShiftMs"/> later (zero when what the execution awaited is still pending).
/// </summary>
internal sealed record DurablePause(long RequestMs, long PausedMs, long ResumeRequestMs, long ResumedMs, long ShiftMs,
    bool ExecutionTimeoutPaused, string? Reason, string? ResumeReason)
{
    /// <summary>An execution whose timeout is paused still times out 366 days after it started.</summary>
    public const long MaxTimeoutMs = 366L * 86_400_000;

    /// <summary>
    /// Draws the pause of execution <paramref name="index"/> from its own stream (world seed, function, index), or
    /// null. The request falls before the last checkpoint (and before the timeout), so events always follow the pause.
    /// </summary>
    public static DurablePause? Draw(DurablePauseSpec? spec, long seed, ulong functionKey, long index, List<DurableEvent> events, long timeoutAtMs)
    {
        var rng = SimRandom.For(seed, functionKey, 0x9A05E, (ulong)index);
        var startMs = events[0].TimeMs;
        var lastCheckpointMs = Math.Min(events[^2].TimeMs, timeoutAtMs);
        if (spec is null || !rng.Chance(spec.Probability) || lastCheckpointMs - startMs < 2)
        {
            return null;
        }
        var request = startMs + 1 + (long)((lastCheckpointMs - startMs - 1) * rng.NextDouble());
        var paused = InInvocation(events, request) ? events.First(e => e.TimeMs >= request).TimeMs : request;
        var resumeRequest = paused + LatencySampler.SampleMs(spec.Duration, ref rng, 3_600_000, 43_200_000);
        var resumed = resumeRequest + 10 + rng.NextInt(490);
        var next = events.First(e => e.TimeMs > paused).TimeMs;
        return new DurablePause(request, paused, resumeRequest, resumed, Math.Max(0, resumed + 1 - next), spec.ExecutionTimeoutPaused,
            spec.Reason, spec.ResumeReason);
    }

    /// <summary>Whether an invocation (InvocationStartMs to its InvocationCompleted) is running at <paramref name="ms"/>.</summary>
    private static bool InInvocation(List<DurableEvent> events, long ms) =>
        events.Any(e => e.EventType == "InvocationCompleted" && e.InvocationStartMs <= ms && ms <= e.TimeMs);

    /// <summary>Inserts ExecutionPaused and ExecutionResumed after the pause point and moves what follows later.</summary>
    public List<DurableEvent> Apply(List<DurableEvent> events, string executionId)
    {
        var result = new List<DurableEvent>(events.Count + 2);
        var inserted = false;
        foreach (var e in events)
        {
            if (!inserted && e.TimeMs > PausedMs)
            {
                result.Add(new DurableEvent { EventType = "ExecutionPaused", Id = executionId, TimeMs = PausedMs, RequestMs = RequestMs, Reason = Reason, ExecutionTimeoutPaused = ExecutionTimeoutPaused });
                result.Add(new DurableEvent { EventType = "ExecutionResumed", Id = executionId, TimeMs = ResumedMs, RequestMs = ResumeRequestMs, Reason = ResumeReason });
                inserted = true;
            }
            if (inserted)
            {
                e.ShiftBy(ShiftMs, PausedMs);
            }
            result.Add(e);
        }
        return result;
    }

    /// <summary>The execution's timeout moment: extended by the time spent paused when the pause pauses it.</summary>
    public long TimeoutAt(long startMs, long timeoutAtMs) =>
        ExecutionTimeoutPaused ? Math.Min(startMs + MaxTimeoutMs, timeoutAtMs + ResumedMs - PausedMs) : timeoutAtMs;
}
