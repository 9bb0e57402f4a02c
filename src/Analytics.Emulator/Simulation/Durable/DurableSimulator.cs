namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// Simulates durable executions by index: ExecutionStarted, the program's operations, the last InvocationCompleted, the
/// terminal event; a pause (world knob) moves what follows it later and may push the run past its timeout.
/// </summary>
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
        var timeoutAt = startMs + model.Spec.ExecutionTimeout * 1000L;
        var events = run.Events;
        var pause = DurablePause.Draw(model.Spec.Pause, seed, model.Key, index, events, timeoutAt);
        if (pause is not null)
        {
            events = pause.Apply(events, executionId);
            timeoutAt = pause.TimeoutAt(startMs, timeoutAt);
        }
        var endMs = events[^1].TimeMs + 3;
        if (endMs > timeoutAt)
        {
            return Cut(events, pause, executionId, startMs, model.Input, timeoutAt, "ExecutionTimedOut", "TIMED_OUT", "States.Timeout", "The execution exceeded its ExecutionTimeout");
        }
        if (model.Spec.StopProbability > 0 && decide.Chance(model.Spec.StopProbability))
        {
            var stopAt = startMs + 1 + (long)((endMs - startMs) * decide.NextDouble());
            return Cut(events, pause, executionId, startMs, model.Input, stopAt, "ExecutionStopped", "STOPPED", "Stopped", "The execution was stopped by StopDurableExecution");
        }
        if (error is { } e)
        {
            events.Add(new DurableEvent { EventType = "ExecutionFailed", Id = executionId, TimeMs = endMs, ErrorType = e.Type, ErrorMessage = e.Message });
            return Finish(events, pause, executionId, startMs, "FAILED", endMs, model.Input, null, e.Type, e.Message);
        }
        const string result = "{\"status\":\"done\"}";
        events.Add(new DurableEvent { EventType = "ExecutionSucceeded", Id = executionId, TimeMs = endMs, Payload = result });
        return Finish(events, pause, executionId, startMs, "SUCCEEDED", endMs, model.Input, result, null, null);
    }

    private static DurableTimeline Cut(List<DurableEvent> events, DurablePause? pause, string executionId, long startMs, string input, long atMs, string eventType, string status, string errorType, string message)
    {
        var kept = events.Where(e => e.TimeMs <= atMs).ToList();
        kept.Add(new DurableEvent { EventType = eventType, Id = executionId, TimeMs = atMs, ErrorType = errorType, ErrorMessage = message });
        return Finish(kept, pause, executionId, startMs, status, atMs, input, null, errorType, message);
    }

    private static DurableTimeline Finish(List<DurableEvent> events, DurablePause? pause, string executionId, long startMs, string status, long endMs, string input, string? result, string? errorType, string? errorMessage)
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
            Pause = pause,
        };
    }
}
