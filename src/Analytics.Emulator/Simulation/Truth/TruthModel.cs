namespace Analytics.Emulator.Simulation.Truth;

// The ground truth `world truth` prints. Keys are sorted so two runs print identical bytes.

public sealed class WorldTruthReport
{
    public required string Region { get; init; }

    public required string AccountId { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required long Seed { get; init; }

    /// <summary>How every figure is defined; left out of the units of a multi-account report (said once at its top).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public required string? Definitions { get; init; }

    /// <summary>Per state machine (top level) or `&lt;state machine&gt;/&lt;map label&gt;` (Distributed Map children).</summary>
    public SortedDictionary<string, ExecutionTruth> Executions { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, MapRunTruth> MapRuns { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, DurableFunctionTruth> DurableFunctions { get; } = new(StringComparer.Ordinal);

    /// <summary>Attempt durations (Started → Succeeded/Failed/TimedOut) per task resource.</summary>
    public SortedDictionary<string, PercentileSummary?> TaskResourceRunMs { get; } = new(StringComparer.Ordinal);

    public EventCountTruth EventCounts { get; } = new();

    /// <summary>Per `&lt;function&gt;:&lt;qualifier&gt;`: async-invoke configuration and the invocations it governs.</summary>
    public SortedDictionary<string, AsyncInvokeTruth> AsyncInvokeConfigs { get; } = new(StringComparer.Ordinal);

    /// <summary>Open executions at now an export knows of, per state machine, `&lt;state machine&gt;/&lt;map label&gt;`
    /// (children of closed parents) or durable function.</summary>
    public SortedDictionary<string, OpenExecutionsTruth> OpenExecutions { get; } = new(StringComparer.Ordinal);

    /// <summary>Per ISO week of start (`2026-W47`): the weekly report's headline figures over top-level executions.</summary>
    public SortedDictionary<string, WeekTruth> Weeks { get; } = new(StringComparer.Ordinal);
}

public sealed class ExecutionTruth
{
    public required string Kind { get; init; }

    public required string Type { get; init; }

    public long Total { get; set; }

    public SortedDictionary<string, long> ByStatus { get; } = new(StringComparer.Ordinal);

    public long Closed { get; set; }

    public double? FailureRate { get; set; }

    public long Redriven { get; set; }

    /// <summary>By UTC date of start: status → count.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> ByDay { get; } = new(StringComparer.Ordinal);

    public PercentileSummary? DurationMs { get; set; }

    /// <summary>Per state: visit durations (entered → exited) in closed executions with a history.</summary>
    public SortedDictionary<string, PercentileSummary?> StateDurationMs { get; } = new(StringComparer.Ordinal);

    /// <summary>Per Task state: attempts → visits.</summary>
    public SortedDictionary<string, SortedDictionary<int, long>> TaskAttempts { get; } = new(StringComparer.Ordinal);

    /// <summary>Per Task state: UTC date of the execution's start → attempts (*Scheduled events), in the same visits as <see cref="TaskAttempts"/>.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> TaskInvocationsByDay { get; } = new(StringComparer.Ordinal);
}

public sealed class MapRunTruth
{
    public long Runs { get; set; }

    public SortedDictionary<string, long> ByStatus { get; } = new(StringComparer.Ordinal);

    public long Items { get; set; }

    public long ChildExecutions { get; set; }

    public SortedDictionary<string, long> ChildExecutionsByStatus { get; } = new(StringComparer.Ordinal);
}

public sealed class DurableFunctionTruth
{
    public long Total { get; set; }

    public SortedDictionary<string, long> ByStatus { get; } = new(StringComparer.Ordinal);

    public long Closed { get; set; }

    public double? FailureRate { get; set; }

    public SortedDictionary<string, SortedDictionary<string, long>> ByDay { get; } = new(StringComparer.Ordinal);

    public PercentileSummary? DurationMs { get; set; }

    /// <summary>Per step name: attempts (StepStarted events under one Id) → operations.</summary>
    public SortedDictionary<string, SortedDictionary<int, long>> StepAttempts { get; } = new(StringComparer.Ordinal);
}

public sealed class EventCountTruth
{
    /// <summary>Step Functions events of every visible STANDARD history (RUNNING ones cut at now).</summary>
    public SortedDictionary<string, long> StepFunctions { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> StepFunctionsClosedOnly { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Durable { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> DurableClosedOnly { get; } = new(StringComparer.Ordinal);
}
