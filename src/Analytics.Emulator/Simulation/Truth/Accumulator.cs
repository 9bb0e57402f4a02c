using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Truth;

/// <summary>Adds executions of one state machine (or one Map Run child state machine) into an <see cref="ExecutionTruth"/>.</summary>
internal sealed class Accumulator(string kind, string type)
{
    private readonly ExecutionTruth _truth = new() { Kind = kind, Type = type };
    private readonly List<long> _durations = [];
    private readonly Dictionary<string, List<long>> _stateDurations = new(StringComparer.Ordinal);
    private long _failed;

    public void Add(ExecutionRecord record, SfnEvent[]? events, long nowMs, Dictionary<string, List<long>> runMs, EventCountTruth counts)
    {
        _truth.Total++;
        WorldTruth.Increment(_truth.ByStatus, record.Status);
        WorldTruth.Increment(WorldTruth.ByDay(_truth.ByDay, record.StartDate), record.Status);
        if (record.RedriveCount > 0)
        {
            _truth.Redriven++;
        }
        var closed = record.Status != "RUNNING";
        var visible = events is null ? 0 : SfnHistorySource.VisibleCount(events, nowMs);
        for (var i = 0; i < visible; i++)
        {
            WorldTruth.Increment(counts.StepFunctions, events![i].Type);
            if (closed)
            {
                WorldTruth.Increment(counts.StepFunctionsClosedOnly, events[i].Type);
            }
        }
        if (!closed)
        {
            return;
        }
        _truth.Closed++;
        _failed += record.Status is "FAILED" or "TIMED_OUT" or "ABORTED" ? 1 : 0;
        _durations.Add((record.StopDate!.Value - record.StartDate).Ticks / TimeSpan.TicksPerMillisecond);
        if (events is not null)
        {
            AddHistory(events, visible, runMs, WorldTruth.Day(record.StartDate));
        }
    }

    private void AddHistory(SfnEvent[] events, int visible, Dictionary<string, List<long>> runMs, string day)
    {
        var attempts = new Dictionary<SfnEvent, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < visible; i++)
        {
            var e = events[i];
            if (e.Type.EndsWith("StateExited", StringComparison.Ordinal) && FindAncestor(e, e.StateType + "StateEntered", e.Name) is { } entered)
            {
                (_stateDurations.TryGetValue(e.Name!, out var list) ? list : _stateDurations[e.Name!] = []).Add(e.TimeMs - entered.TimeMs);
            }
            else if (e.Type is "TaskScheduled" or "LambdaFunctionScheduled" or "ActivityScheduled" && FindAncestor(e, "TaskStateEntered", null) is { } task)
            {
                attempts[task] = attempts.GetValueOrDefault(task) + 1;
            }
            else if (IsAttemptEnd(e.Type) && FindAncestor(e, null, null, started: true) is { } started && started.Parent is { } scheduled)
            {
                var key = scheduled.ResourceType is null ? scheduled.Resource! : $"{scheduled.ResourceType}:{scheduled.Resource}";
                (runMs.TryGetValue(key, out var list) ? list : runMs[key] = []).Add(e.TimeMs - started.TimeMs);
            }
        }
        foreach (var (task, n) in attempts)
        {
            var histogram = _truth.TaskAttempts.TryGetValue(task.Name!, out var h) ? h : _truth.TaskAttempts[task.Name!] = [];
            histogram[n] = histogram.GetValueOrDefault(n) + 1;
            var byDay = _truth.TaskInvocationsByDay.TryGetValue(task.Name!, out var d) ? d : _truth.TaskInvocationsByDay[task.Name!] = new(StringComparer.Ordinal);
            byDay[day] = byDay.GetValueOrDefault(day) + n;
        }
    }

    private static bool IsAttemptEnd(string type) => type is "TaskSucceeded" or "TaskFailed" or "TaskTimedOut"
        or "LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "LambdaFunctionTimedOut"
        or "ActivitySucceeded" or "ActivityFailed" or "ActivityTimedOut";

    /// <summary>Walks previousEventId pointers to the nearest event of a type (and name), or to the nearest *Started of a task.</summary>
    private static SfnEvent? FindAncestor(SfnEvent e, string? type, string? name, bool started = false)
    {
        for (var p = e.Parent; p is not null; p = p.Parent)
        {
            if (started ? p.Type is "TaskStarted" or "LambdaFunctionStarted" or "ActivityStarted" : p.Type == type && (name is null || p.Name == name))
            {
                return p;
            }
        }
        return null;
    }

    public ExecutionTruth Finish()
    {
        _truth.FailureRate = _truth.Closed == 0 ? null : (double)_failed / _truth.Closed;
        _truth.DurationMs = Percentiles.Summarize(_durations);
        foreach (var (state, values) in _stateDurations)
        {
            _truth.StateDurationMs[state] = Percentiles.Summarize(values);
        }
        return _truth;
    }
}
