using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>Simulates executions: top-level ones by index, Distributed Map children by (parent, run, item).</summary>
internal static class SfnSimulator
{
    /// <summary>The most events a STANDARD execution history can hold.</summary>
    public const int MaxHistoryEvents = 25_000;

    public static ExecutionTimeline Simulate(StateMachineModel model, SimulationContext context, long index)
    {
        var rng = SimRandom.For(context.Seed, model.Key, 0xE4EC, (ulong)index);
        var startMs = model.Schedule.StartMs(index);
        var run = new SfnRun(model, context, index, rng, startMs, model.Input);
        run.Add(new SfnEvent { Type = "ExecutionStarted", TimeMs = startMs, Parent = null, Input = model.Input, RoleArn = model.RoleArn });
        var result = run.RunBlock(model.Definition, startMs, parent: null);
        var decide = rng.Fork((ulong)index);
        var timeoutMs = model.Definition.TimeoutSeconds is { } seconds ? seconds * 1000L : long.MaxValue;

        if (result.EndMs - startMs > timeoutMs)
        {
            return TimedOut(run, startMs, startMs + timeoutMs, model.Input);
        }
        long? firstStop = null;
        long? redriveMs = null;
        string? firstError = null;
        string? firstCause = null;
        // A redrive restarts the state that failed; an execution that ended in a Fail state is not worth redriving.
        var redrivable = result.Failed && result.FailedState is { } failedState && model.Definition.States[failedState].Type != "Fail";
        if (redrivable && model.Spec.Redrive is { } redrive && decide.Chance(redrive.Probability))
        {
            var failed = run.Add(new SfnEvent { Type = "ExecutionFailed", TimeMs = result.EndMs + 5, Parent = result.Last, Error = result.Error, Cause = result.Cause });
            firstStop = failed.TimeMs;
            firstError = result.Error;
            firstCause = result.Cause;
            var delay = Math.Clamp(LatencySampler.SampleMs(redrive.Delay, ref decide, 3_600_000, 86_400_000), 60_000, 13L * 86_400_000);
            var redriven = run.Add(new SfnEvent { Type = "ExecutionRedriven", TimeMs = failed.TimeMs + delay, Parent = failed, RedriveCount = 1 });
            redriveMs = redriven.TimeMs;
            result = run.RunBlock(model.Definition, redriven.TimeMs, redriven, result.FailedState);
        }
        else if (model.Spec.AbortProbability > 0 && decide.Chance(model.Spec.AbortProbability))
        {
            var abortAt = startMs + 1 + (long)((result.EndMs - startMs) * decide.NextDouble());
            Cut(run, abortAt);
            run.Add(new SfnEvent { Type = "ExecutionAborted", TimeMs = abortAt, Parent = null });
            return Finish(run, startMs, "ABORTED", abortAt, null, null, null, model.Input);
        }

        if (!result.Failed)
        {
            var succeeded = run.Add(new SfnEvent { Type = "ExecutionSucceeded", TimeMs = result.EndMs + 5, Parent = result.Last, Output = run.Payload });
            return Finish(run, startMs, "SUCCEEDED", succeeded.TimeMs, null, null, run.Payload, model.Input, firstStop, firstError, firstCause, redriveMs);
        }
        var executionFailed = run.Add(new SfnEvent { Type = "ExecutionFailed", TimeMs = result.EndMs + 5, Parent = result.Last, Error = result.Error, Cause = result.Cause });
        return Finish(run, startMs, "FAILED", executionFailed.TimeMs, result.Error, result.Cause, null, model.Input, firstStop, firstError, firstCause, redriveMs);
    }

    /// <summary>
    /// A Distributed Map child execution (the Map's ItemProcessor run as its own execution). Its stream depends only on
    /// (seed, state machine, parent, run, item), so it regenerates alone; <paramref name="abortAtMs"/> applies the
    /// parent's abort when the map run failed while it was running.
    /// </summary>
    public static ExecutionTimeline SimulateChild(StateMachineModel model, SimulationContext context, AslState map, long parentIndex, int ordinal, int child, long startMs, long? abortAtMs)
    {
        var rng = SimRandom.For(context.Seed, model.Key, 0xC41D, (ulong)parentIndex, ((ulong)ordinal << 32) | (uint)child);
        var input = $"{{\"item\":{child}}}";
        var run = new SfnRun(model, context, parentIndex, rng, startMs, input);
        run.Add(new SfnEvent { Type = "ExecutionStarted", TimeMs = startMs, Parent = null, Input = input, RoleArn = model.RoleArn });
        var result = run.RunBlock(map.Processor!, startMs, parent: null);
        var endMs = result.EndMs + 5;
        if (abortAtMs is { } abortAt && abortAt < endMs)
        {
            Cut(run, abortAt);
            run.Add(new SfnEvent { Type = "ExecutionAborted", TimeMs = abortAt, Parent = null });
            return Finish(run, startMs, "ABORTED", abortAt, null, null, null, input);
        }
        if (!result.Failed)
        {
            run.Add(new SfnEvent { Type = "ExecutionSucceeded", TimeMs = endMs, Parent = result.Last, Output = run.Payload });
            return Finish(run, startMs, "SUCCEEDED", endMs, null, null, run.Payload, input);
        }
        run.Add(new SfnEvent { Type = "ExecutionFailed", TimeMs = endMs, Parent = result.Last, Error = result.Error, Cause = result.Cause });
        return Finish(run, startMs, "FAILED", endMs, result.Error, result.Cause, null, input);
    }

    private static ExecutionTimeline TimedOut(SfnRun run, long startMs, long timeoutAt, string input)
    {
        Cut(run, timeoutAt);
        var last = run.Events.Where(e => !e.Dropped).MaxBy(e => (e.TimeMs, e.Seq));
        const string cause = "The execution reached its TimeoutSeconds.";
        run.Add(new SfnEvent { Type = "ExecutionTimedOut", TimeMs = timeoutAt, Parent = last, Error = "States.Timeout", Cause = cause });
        return Finish(run, startMs, "TIMED_OUT", timeoutAt, "States.Timeout", cause, null, input);
    }

    /// <summary>Ends everything at <paramref name="cutMs"/>: later events go, Map Runs still running are aborted.</summary>
    private static void Cut(SfnRun run, long cutMs)
    {
        foreach (var e in run.Events)
        {
            if (e.TimeMs > cutMs)
            {
                e.Dropped = true;
            }
        }
        for (var i = run.MapRuns.Count - 1; i >= 0; i--)
        {
            var mapRun = run.MapRuns[i];
            if (mapRun.StartMs > cutMs)
            {
                run.MapRuns.RemoveAt(i);
            }
            else if (mapRun.StopMs > cutMs)
            {
                run.MapRuns[i] = mapRun.AbortedAt(cutMs);
            }
        }
    }

    private static ExecutionTimeline Finish(SfnRun run, long startMs, string status, long stopMs, string? error, string? cause, string? output, string input,
        long? firstStop = null, string? firstError = null, string? firstCause = null, long? redriveMs = null)
    {
        var events = run.Events.Where(e => !e.Dropped).ToArray();
        Array.Sort(events, static (a, b) => a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs) : a.Seq.CompareTo(b.Seq));
        if (events.Length > MaxHistoryEvents)
        {
            // AWS fails a runaway execution with event 25,000: ExecutionFailed / States.Runtime.
            var last = events[MaxHistoryEvents - 2];
            Cut(run, last.TimeMs);
            const string capCause = "The execution reached the maximum number of history events (25000).";
            var capped = new SfnEvent { Type = "ExecutionFailed", TimeMs = last.TimeMs, Parent = last, Error = "States.Runtime", Cause = capCause };
            events = [.. events.Take(MaxHistoryEvents - 1), capped];
            (status, stopMs, error, cause, output) = ("FAILED", last.TimeMs, "States.Runtime", capCause, null);
            if (firstStop > last.TimeMs)
            {
                (firstStop, firstError, firstCause, redriveMs) = (null, null, null, null);
            }
            else if (redriveMs > last.TimeMs)
            {
                redriveMs = null;
            }
        }
        for (var i = 0; i < events.Length; i++)
        {
            events[i].Id = i + 1;
        }
        return new ExecutionTimeline
        {
            Events = events,
            StartMs = startMs,
            FinalStatus = status,
            FinalStopMs = stopMs,
            Error = error,
            Cause = cause,
            Output = output,
            Input = input,
            FirstStopMs = firstStop,
            FirstError = firstError,
            FirstCause = firstCause,
            RedriveMs = redriveMs,
            MapRuns = run.MapRuns,
        };
    }
}
