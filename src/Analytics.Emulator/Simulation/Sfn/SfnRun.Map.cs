using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

internal sealed partial class SfnRun
{
    private const int InlineMapConcurrencyCap = 40;

    /// <summary>One Map iteration or Parallel branch: where its events sit in <see cref="Events"/> and how it ended.</summary>
    private sealed record ThreadRun(int Index, int From, int To, StepResult Result);

    private int MapItemCount(AslState state)
    {
        var range = _model.Spec.MapItems.GetValueOrDefault(state.Name);
        var min = range?.Min ?? 1;
        var max = range?.Max ?? 4;
        return min + _rng.NextInt(max - min + 1);
    }

    /// <summary>
    /// An inline Map: MapStateStarted, then iterations under MaxConcurrency (an iteration starts when a slot frees,
    /// pointing at the last event of the iteration it replaces), MapIteration* around each; the first failing
    /// iteration fails the state and aborts the others that are still running.
    /// </summary>
    private StepResult RunInlineMap(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var items = MapItemCount(state);
        var retries = new int[state.Retry.Count];
        var attemptParent = entered;
        t = entered.TimeMs;
        var input = _payload;
        while (true)
        {
            _payload = input;
            var mapStarted = Add(new SfnEvent { Type = "MapStateStarted", TimeMs = t + Tick(), Parent = attemptParent, Length = items });
            var concurrency = Math.Min(items, state.MaxConcurrency <= 0 ? InlineMapConcurrencyCap : Math.Min(state.MaxConcurrency, InlineMapConcurrencyCap));
            var slots = new PriorityQueue<SfnEvent, (long, int)>();
            for (var s = 0; s < concurrency; s++)
            {
                slots.Enqueue(mapStarted, (mapStarted.TimeMs, s));
            }
            var runs = new List<ThreadRun>(items);
            ThreadRun? failure = null;
            SfnEvent? lastSucceeded = null;
            var lastIterationStart = 0L;
            for (var i = 0; i < items; i++)
            {
                slots.TryDequeue(out var slotParent, out var slotKey);
                if (failure is not null && slotKey.Item1 >= failure.Result.EndMs)
                {
                    break;
                }
                var from = Events.Count;
                // Iterations start in index order, as in AWS histories.
                lastIterationStart = Math.Max(slotKey.Item1 + Tick(), lastIterationStart);
                var iterationStarted = Add(new SfnEvent { Type = "MapIterationStarted", TimeMs = lastIterationStart, Parent = slotParent, Name = state.Name, Index = i });
                _payload = $"{{\"item\":{i}}}";
                var r = RunBlock(state.Processor!, iterationStarted.TimeMs, iterationStarted);
                if (!r.Failed)
                {
                    var succeeded = Add(new SfnEvent { Type = "MapIterationSucceeded", TimeMs = r.EndMs, Parent = r.Last, Name = state.Name, Index = i });
                    if (lastSucceeded is null || succeeded.TimeMs >= lastSucceeded.TimeMs)
                    {
                        lastSucceeded = succeeded;
                    }
                }
                var run = new ThreadRun(i, from, Events.Count, r);
                runs.Add(run);
                if (r.Failed && (failure is null || r.EndMs < failure.Result.EndMs))
                {
                    failure = run;
                }
                slots.Enqueue(r.Last!, (r.EndMs, i + concurrency));
            }
            if (failure is null)
            {
                _payload = $"[{string.Join(',', Enumerable.Repeat(DefaultOutput, Math.Min(items, 3)))}]";
                var closeParent = lastSucceeded ?? mapStarted;
                var end = closeParent.TimeMs + Tick();
                Add(new SfnEvent { Type = "MapStateSucceeded", TimeMs = end, Parent = closeParent });
                var exited = Exited(state, end, closeParent);
                return new StepResult(false, exited.TimeMs, exited, state.End ? null : state.Next, null, null);
            }
            var fail = FailThreads(failure, runs, isMap: true, state.Name);
            if (TryRetry(state, retries, failure.Result.Error!, fail.TimeMs, out var retryAt))
            {
                attemptParent = failure.Result.Last!;
                t = retryAt;
                continue;
            }
            var mapFailed = Add(new SfnEvent { Type = "MapStateFailed", TimeMs = fail.TimeMs, Parent = failure.Result.Last });
            return CatchOrFail(state, mapFailed.TimeMs, mapFailed, failure.Result.Error!, failure.Result.Cause);
        }
    }

    /// <summary>
    /// Cuts every other iteration/branch at the failure time, then emits MapIterationFailed (Map only), the aborted
    /// states of the failing thread, and for each thread still running MapIterationAborted (Map only) and its aborted
    /// states: all pointing at the failing event, as AWS does.
    /// </summary>
    private SfnEvent FailThreads(ThreadRun failure, List<ThreadRun> runs, bool isMap, string stateName)
    {
        var failEvent = failure.Result.Last!;
        var cutMs = failure.Result.EndMs;
        var stillRunning = new List<(ThreadRun Run, List<SfnEvent> Open)>();
        foreach (var run in runs)
        {
            if (ReferenceEquals(run, failure))
            {
                continue;
            }
            var endedBefore = run.Result.EndMs < cutMs || (run.Result.EndMs == cutMs && run.Result.Last!.Seq < failEvent.Seq);
            if (endedBefore)
            {
                continue;
            }
            var open = CutThread(run.From, run.To, cutMs);
            if (!Events[run.From].Dropped || !isMap)
            {
                stillRunning.Add((run, open));
            }
        }
        var failingOpen = CutThread(failure.From, failure.To, cutMs);
        if (isMap)
        {
            Add(new SfnEvent { Type = "MapIterationFailed", TimeMs = cutMs, Parent = failEvent, Name = stateName, Index = failure.Index });
        }
        AbortOpenStates(failingOpen, cutMs, failEvent, tasksOnly: true);
        foreach (var (run, open) in stillRunning)
        {
            if (isMap)
            {
                Add(new SfnEvent { Type = "MapIterationAborted", TimeMs = cutMs, Parent = failEvent, Name = stateName, Index = run.Index });
            }
            AbortOpenStates(open, cutMs, failEvent, tasksOnly: false);
        }
        return failEvent;
    }
}
