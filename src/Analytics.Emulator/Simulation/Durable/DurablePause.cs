using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// One pause of a durable execution (PauseDurableExecution, then ResumeDurableExecution). PAUSING from the request
/// until the in-flight invocation reaches its next checkpoint (<see cref="PausedMs"/>, the ExecutionPaused event),
/// PAUSED until <see cref="ResumedMs"/> (the ExecutionResumed event); everything after the pause point happens later by
/// <see cref="ShiftMs"/>.
/// </summary>
internal sealed record DurablePause(long RequestMs, long PausedMs, long ResumeRequestMs, long ResumedMs, bool ExecutionTimeoutPaused,
    string? Reason, string? ResumeReason)
{
    /// <summary>An execution whose timeout is paused still times out 366 days after it started.</summary>
    public const long MaxTimeoutMs = 366L * 86_400_000;

    public long ShiftMs => ResumedMs - PausedMs + 1;

    /// <summary>
    /// Draws the pause of execution <paramref name="index"/> from its own stream (world seed, function, index), or
    /// null; the pause is requested while the execution runs, in [start, <paramref name="runsUntilMs"/>), and takes
    /// effect by then at the latest (the last invocation's end is a checkpoint), so some event always follows it.
    /// </summary>
    public static DurablePause? Draw(DurablePauseSpec? spec, long seed, ulong functionKey, long index, long startMs, long runsUntilMs)
    {
        var rng = SimRandom.For(seed, functionKey, 0x9A05E, (ulong)index);
        if (spec is null || !rng.Chance(spec.Probability) || runsUntilMs - startMs < 2)
        {
            return null;
        }
        var request = startMs + 1 + (long)((runsUntilMs - startMs - 1) * rng.NextDouble());
        var paused = Math.Min(request + 50 + rng.NextInt(1_950), runsUntilMs);
        var resumeRequest = paused + LatencySampler.SampleMs(spec.Duration, ref rng, 3_600_000, 43_200_000);
        var resumed = resumeRequest + 10 + rng.NextInt(490);
        return new DurablePause(request, paused, resumeRequest, resumed, spec.ExecutionTimeoutPaused, spec.Reason, spec.ResumeReason);
    }

    /// <summary>Moves every event at or after the pause point later and inserts ExecutionPaused and ExecutionResumed.</summary>
    public List<DurableEvent> Apply(List<DurableEvent> events, string executionId)
    {
        var result = new List<DurableEvent>(events.Count + 2);
        var inserted = false;
        foreach (var e in events)
        {
            if (!inserted && e.TimeMs >= PausedMs)
            {
                AddPauseEvents(result, executionId);
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

    private void AddPauseEvents(List<DurableEvent> result, string executionId)
    {
        result.Add(new DurableEvent { EventType = "ExecutionPaused", Id = executionId, TimeMs = PausedMs, RequestMs = RequestMs, Reason = Reason, ExecutionTimeoutPaused = ExecutionTimeoutPaused });
        result.Add(new DurableEvent { EventType = "ExecutionResumed", Id = executionId, TimeMs = ResumedMs, RequestMs = ResumeRequestMs, Reason = ResumeReason });
    }

    /// <summary>The execution's timeout moment: extended by the time spent paused when the pause pauses it.</summary>
    public long TimeoutAt(long startMs, long timeoutAtMs) =>
        ExecutionTimeoutPaused ? Math.Min(startMs + MaxTimeoutMs, Math.Max(timeoutAtMs, timeoutAtMs + ResumedMs - PausedMs)) : timeoutAtMs;
}
