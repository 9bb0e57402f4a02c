using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

internal sealed partial class SfnRun
{
    private const int DistributedMapConcurrencyCap = 1_000;

    /// <summary>
    /// A Distributed Map: MapStateStarted, MapRunStarted (the Map Run ARN), child executions of the child state
    /// machine `&lt;name&gt;/&lt;label&gt;` under MaxConcurrency, then MapRunSucceeded, or MapRunFailed as soon as the
    /// failed children exceed the tolerated threshold (children still running are aborted, the rest never start).
    /// </summary>
    private StepResult RunDistributedMap(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var items = MapItemCount(state);
        var retries = new int[state.Retry.Count];
        var attemptParent = entered;
        t = entered.TimeMs;
        while (true)
        {
            var mapStarted = Add(new SfnEvent { Type = "MapStateStarted", TimeMs = t + Tick(), Parent = attemptParent, Length = items });
            var ordinal = MapRuns.Count;
            var label = StateMachineModel.LabelOf(state);
            var mapRunArn = ArnCodec.MapRunArn(_model, _context, label, _index, ordinal);
            var runStarted = Add(new SfnEvent { Type = "MapRunStarted", TimeMs = mapStarted.TimeMs + 20 + _rng.NextInt(200), Parent = mapStarted, MapRunArn = mapRunArn });
            var concurrency = Math.Max(1, Math.Min(items, state.MaxConcurrency <= 0 ? DistributedMapConcurrencyCap : state.MaxConcurrency));
            var children = RunChildren(state, ordinal, items, concurrency, runStarted.TimeMs);
            var thresholdAt = ThresholdExceededAt(state, children, items);
            if (thresholdAt is { } failedAt)
            {
                children = [.. children.Where(c => c.StartMs < failedAt).Select(c => c.StopMs > failedAt ? c with { Status = "ABORTED", StopMs = failedAt, AbortedAtMs = failedAt } : c)];
            }
            var stopMs = thresholdAt ?? (children.Length == 0 ? runStarted.TimeMs : children.Max(c => c.StopMs));
            stopMs += 50 + _rng.NextInt(500);
            MapRuns.Add(new MapRunTimeline
            {
                Ordinal = ordinal,
                StateName = state.Name,
                Label = label,
                ChildExecutionType = state.ChildExecutionType,
                StartMs = runStarted.TimeMs,
                StopMs = stopMs,
                Failed = thresholdAt is not null,
                MaxConcurrency = Math.Max(0, state.MaxConcurrency),
                ToleratedFailurePercentage = state.ToleratedFailurePercentage ?? 0,
                ToleratedFailureCount = state.ToleratedFailureCount ?? 0,
                ItemCount = items,
                Children = children,
            });
            if (thresholdAt is null)
            {
                var runSucceeded = Add(new SfnEvent { Type = "MapRunSucceeded", TimeMs = stopMs, Parent = runStarted });
                var closedAt = stopMs + Tick();
                Add(new SfnEvent { Type = "MapStateSucceeded", TimeMs = closedAt, Parent = runSucceeded });
                _payload = "{\"ResultWriterDetails\":{\"Bucket\":\"results\"}}";
                var exited = Exited(state, closedAt, runSucceeded);
                return new StepResult(false, exited.TimeMs, exited, state.End ? null : state.Next, null, null);
            }
            const string error = "States.ExceedToleratedFailureThreshold";
            const string cause = "The specified tolerated failure threshold was exceeded";
            var runFailed = Add(new SfnEvent { Type = "MapRunFailed", TimeMs = stopMs, Parent = runStarted, Error = error, Cause = cause });
            if (TryRetry(state, retries, error, stopMs, out var retryAt))
            {
                attemptParent = runFailed;
                t = retryAt;
                continue;
            }
            var mapFailed = Add(new SfnEvent { Type = "MapStateFailed", TimeMs = stopMs + Tick(), Parent = runFailed });
            return CatchOrFail(state, mapFailed.TimeMs, mapFailed, error, cause);
        }
    }

    private ChildRun[] RunChildren(AslState state, int ordinal, int items, int concurrency, long startMs)
    {
        var slots = new PriorityQueue<int, long>();
        for (var s = 0; s < concurrency; s++)
        {
            slots.Enqueue(s, startMs);
        }
        var children = new ChildRun[items];
        for (var i = 0; i < items; i++)
        {
            slots.TryDequeue(out var slot, out var free);
            var childStart = free + 30 + _rng.NextInt(400);
            var child = SfnSimulator.SimulateChild(_model, _context, state, _index, ordinal, i, childStart, abortAtMs: null);
            children[i] = new ChildRun(i, childStart, child.FinalStopMs, child.FinalStatus, null);
            slots.Enqueue(slot, child.FinalStopMs);
        }
        return children;
    }

    /// <summary>When the failed children first exceed ToleratedFailureCount/Percentage (null when they never do).</summary>
    private static long? ThresholdExceededAt(AslState state, ChildRun[] children, int items)
    {
        var failedStops = children.Where(c => c.Status != "SUCCEEDED").Select(c => c.StopMs).Order().ToArray();
        for (var k = 1; k <= failedStops.Length; k++)
        {
            var overCount = state.ToleratedFailureCount is { } count && k > count;
            var overPercentage = state.ToleratedFailurePercentage is { } percentage && k * 100.0 / items > percentage;
            var noTolerance = state.ToleratedFailureCount is null && state.ToleratedFailurePercentage is null;
            if (overCount || overPercentage || noTolerance)
            {
                return failedStops[k - 1];
            }
        }
        return null;
    }
}
