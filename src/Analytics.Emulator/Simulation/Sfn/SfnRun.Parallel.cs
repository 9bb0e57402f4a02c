using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

internal sealed partial class SfnRun
{
    /// <summary>
    /// A Parallel state: every branch starts from ParallelStateStarted; success closes on the branch that finished
    /// last; the first failing branch fails the state and aborts the running states of the others.
    /// </summary>
    private StepResult RunParallel(AslState state, long t, SfnEvent? previous)
    {
        var entered = Entered(state, t + Tick(), previous);
        var retries = new int[state.Retry.Count];
        var attemptParent = entered;
        t = entered.TimeMs;
        var input = _payload;
        while (true)
        {
            var parallelStarted = Add(new SfnEvent { Type = "ParallelStateStarted", TimeMs = t + Tick(), Parent = attemptParent });
            var runs = new List<ThreadRun>(state.Branches.Count);
            ThreadRun? failure = null;
            ThreadRun? lastDone = null;
            for (var b = 0; b < state.Branches.Count; b++)
            {
                _payload = input;
                var from = Events.Count;
                var r = RunBlock(state.Branches[b], parallelStarted.TimeMs, parallelStarted);
                var run = new ThreadRun(b, from, Events.Count, r);
                runs.Add(run);
                if (r.Failed && (failure is null || r.EndMs < failure.Result.EndMs))
                {
                    failure = run;
                }
                if (lastDone is null || r.EndMs >= lastDone.Result.EndMs)
                {
                    lastDone = run;
                }
            }
            if (failure is null)
            {
                _payload = $"[{string.Join(',', Enumerable.Repeat(DefaultOutput, state.Branches.Count))}]";
                var closeParent = lastDone!.Result.Last!;
                var end = closeParent.TimeMs + Tick();
                Add(new SfnEvent { Type = "ParallelStateSucceeded", TimeMs = end, Parent = closeParent });
                var exited = Exited(state, end, closeParent);
                return new StepResult(false, exited.TimeMs, exited, state.End ? null : state.Next, null, null);
            }
            var failEvent = FailThreads(failure, runs, isMap: false, state.Name);
            if (TryRetry(state, retries, failure.Result.Error!, failure.Result.EndMs, out var retryAt))
            {
                attemptParent = failEvent;
                t = retryAt;
                continue;
            }
            var parallelFailed = Add(new SfnEvent { Type = "ParallelStateFailed", TimeMs = failure.Result.EndMs, Parent = failEvent });
            return CatchOrFail(state, parallelFailed.TimeMs, parallelFailed, failure.Result.Error!, failure.Result.Cause);
        }
    }
}
