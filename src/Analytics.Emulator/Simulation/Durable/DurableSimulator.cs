namespace Analytics.Emulator.Simulation.Durable;

/// <summary>Simulates durable executions by index: ExecutionStarted, the program's operations, the last InvocationCompleted, the terminal event.</summary>
internal static class DurableSimulator
{
    public static DurableTimeline Simulate(DurableFunctionModel model, long seed, long index)
    {
        var rng = SimRandom.For(seed, model.Key, 0xD0AB, (ulong)index);
        var decide = rng.Fork(0x5709);
        var startMs = model.Schedule.StartMs(index);
        var executionId = rng.NextUuid();
        var run = new DurableRun(rng, startMs);
        run.Events.Add(new DurableEvent { EventType = "ExecutionStarted", Id = executionId, TimeMs = startMs, Payload = model.Input, TimeoutSeconds = model.Spec.ExecutionTimeout });
        var error = run.RunProgram(model.Spec.Program, parentId: null);
        run.CompleteInvocation(error?.Type, error?.Message);
        var endMs = run.Now + 3;
        var timeoutAt = startMs + model.Spec.ExecutionTimeout * 1000L;
        if (endMs > timeoutAt)
        {
            return Cut(run, executionId, startMs, model.Input, timeoutAt, "ExecutionTimedOut", "TIMED_OUT", "States.Timeout", "The execution exceeded its ExecutionTimeout");
        }
        if (model.Spec.StopProbability > 0 && decide.Chance(model.Spec.StopProbability))
        {
            var stopAt = startMs + 1 + (long)((endMs - startMs) * decide.NextDouble());
            return Cut(run, executionId, startMs, model.Input, stopAt, "ExecutionStopped", "STOPPED", "Stopped", "The execution was stopped by StopDurableExecution");
        }
        if (error is { } e)
        {
            run.Events.Add(new DurableEvent { EventType = "ExecutionFailed", Id = executionId, TimeMs = endMs, ErrorType = e.Type, ErrorMessage = e.Message });
            return Finish(run.Events, executionId, startMs, "FAILED", endMs, model.Input, null, e.Type, e.Message);
        }
        const string result = "{\"status\":\"done\"}";
        run.Events.Add(new DurableEvent { EventType = "ExecutionSucceeded", Id = executionId, TimeMs = endMs, Payload = result });
        return Finish(run.Events, executionId, startMs, "SUCCEEDED", endMs, model.Input, result, null, null);
    }

    private static DurableTimeline Cut(DurableRun run, string executionId, long startMs, string input, long atMs, string eventType, string status, string errorType, string message)
    {
        var kept = run.Events.Where(e => e.TimeMs <= atMs).ToList();
        kept.Add(new DurableEvent { EventType = eventType, Id = executionId, TimeMs = atMs, ErrorType = errorType, ErrorMessage = message });
        return Finish(kept, executionId, startMs, status, atMs, input, null, errorType, message);
    }

    private static DurableTimeline Finish(List<DurableEvent> events, string executionId, long startMs, string status, long endMs, string input, string? result, string? errorType, string? errorMessage)
    {
        var array = events.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            array[i].EventId = i + 1;
        }
        return new DurableTimeline
        {
            Events = array,
            ExecutionId = executionId,
            StartMs = startMs,
            FinalStatus = status,
            EndMs = endMs,
            Input = input,
            Result = result,
            ErrorType = errorType,
            ErrorMessage = errorMessage,
        };
    }
}
