using System.Text.Json;

namespace Analytics.Emulator.World;

// The world file (JSON) as written by hand: see sample-data/README.md for the documented format.
// Every class here is a plain data holder; WorldValidator checks it and Simulation/ interprets it.

public sealed class WorldFile
{
    public string Region { get; set; } = "us-east-1";

    public string AccountId { get; set; } = "123456789012";

    /// <summary>The world's clock and the anchor of its traffic (traffic covers the `days` UTC days ending with this day).</summary>
    public DateTimeOffset Now { get; set; }

    public int Days { get; set; } = 14;

    /// <summary>Multiplies every executions/day figure (1,000,000-execution benchmark worlds reuse a small file).</summary>
    public double Scale { get; set; } = 1.0;

    public List<StateMachineSpec> StateMachines { get; set; } = [];

    public List<FunctionSpec> Functions { get; set; } = [];

    public List<DurableFunctionSpec> DurableFunctions { get; set; } = [];
}

public sealed class StateMachineSpec
{
    public string Name { get; set; } = "";

    public string Type { get; set; } = "STANDARD";

    public string? Description { get; set; }

    public DateTimeOffset? CreationDate { get; set; }

    public string? RoleArn { get; set; }

    /// <summary>The ASL definition, as a JSON object or as the JSON text in a string.</summary>
    public JsonElement Definition { get; set; }

    public TrafficSpec Traffic { get; set; } = new();

    /// <summary>The execution input (JSON); `{}` when absent.</summary>
    public JsonElement? Input { get; set; }

    /// <summary>Outcome models keyed by state name or by Task resource ARN (the state name wins).</summary>
    public Dictionary<string, OutcomeSpec> Outcomes { get; set; } = [];

    /// <summary>Per Choice state: weights of its Choices rules in order, then of Default.</summary>
    public Dictionary<string, double[]> Choices { get; set; } = [];

    /// <summary>Per Wait state that uses SecondsPath/Timestamp/TimestampPath: how long it waits.</summary>
    public Dictionary<string, LatencySpec> Waits { get; set; } = [];

    /// <summary>Per Map state: how many items it iterates over.</summary>
    public Dictionary<string, RangeSpec> MapItems { get; set; } = [];

    public double AbortProbability { get; set; }

    public RedriveSpec? Redrive { get; set; }

    /// <summary>Outcome overrides that apply to executions started at or after a date (regressions, fixes).</summary>
    public List<VariantSpec> Variants { get; set; } = [];

    /// <summary>Logging to CloudWatch Logs (DescribeStateMachine's loggingConfiguration); none when absent.</summary>
    public LoggingSpec? Logging { get; set; }
}

public sealed class TrafficSpec
{
    public double PerDay { get; set; }

    /// <summary>Multipliers per day, oldest first, cycled when shorter than the world's days.</summary>
    public double[]? DailyProfile { get; set; }

    /// <summary>24 weights: the share of a day's executions that start in each UTC hour.</summary>
    public double[]? HourlyProfile { get; set; }
}

public sealed class OutcomeSpec
{
    public LatencySpec? Latency { get; set; }

    /// <summary>Probability of each error name per attempt.</summary>
    public Dictionary<string, double> Failures { get; set; } = [];

    /// <summary>Error names of <see cref="Failures"/> that, once an attempt fails with them, every later attempt of the
    /// same visit fails with too (non-transient errors: retrying them never helps).</summary>
    public List<string> Persistent { get; set; } = [];

    /// <summary>Probability that an attempt runs past the state's TimeoutSeconds (States.Timeout).</summary>
    public double TimeoutProbability { get; set; }

    /// <summary>Probability that an attempt stops heartbeating (States.Timeout after HeartbeatSeconds).</summary>
    public double HeartbeatMissProbability { get; set; }

    /// <summary>Time from scheduled to started (activity workers polling, Lambda cold starts).</summary>
    public LatencySpec? Queue { get; set; }

    /// <summary>The JSON output of a successful attempt.</summary>
    public JsonElement? Output { get; set; }
}

public sealed class LatencySpec
{
    public double? MedianMs { get; set; }

    public double? P99Ms { get; set; }

    public double? FixedMs { get; set; }

    public double? MinMs { get; set; }

    public double? MaxMs { get; set; }
}

public sealed class RangeSpec
{
    public int Min { get; set; } = 1;

    public int Max { get; set; } = 1;
}

public sealed class RedriveSpec
{
    /// <summary>Probability that a FAILED execution is redriven.</summary>
    public double Probability { get; set; }

    public LatencySpec? Delay { get; set; }
}

public sealed class VariantSpec
{
    public DateTimeOffset From { get; set; }

    public Dictionary<string, OutcomeSpec> Outcomes { get; set; } = [];
}

public sealed class FunctionSpec
{
    public string Name { get; set; } = "";

    public string Runtime { get; set; } = "nodejs22.x";

    public string Handler { get; set; } = "index.handler";

    public string? Description { get; set; }

    public int MemorySize { get; set; } = 256;

    public int Timeout { get; set; } = 30;

    public long CodeSize { get; set; } = 524_288;

    public List<string> Versions { get; set; } = [];

    public Dictionary<string, string> Aliases { get; set; } = [];

    public List<EventInvokeConfigSpec> EventInvokeConfigs { get; set; } = [];
}

public sealed class EventInvokeConfigSpec
{
    /// <summary>$LATEST, a version number or an alias name.</summary>
    public string Qualifier { get; set; } = "$LATEST";

    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumEventAgeInSeconds { get; set; }

    public string? OnSuccess { get; set; }

    public string? OnFailure { get; set; }
}

public sealed class DurableFunctionSpec
{
    public string Name { get; set; } = "";

    public string Runtime { get; set; } = "nodejs22.x";

    public string? Description { get; set; }

    public int MemorySize { get; set; } = 512;

    public int Timeout { get; set; } = 900;

    public string Version { get; set; } = "1";

    public int RetentionPeriodInDays { get; set; } = 14;

    /// <summary>DurableConfig.ExecutionTimeout in seconds: a longer run ends TIMED_OUT.</summary>
    public int ExecutionTimeout { get; set; } = 86_400;

    public TrafficSpec Traffic { get; set; } = new();

    public JsonElement? Input { get; set; }

    /// <summary>Probability that an execution is stopped (StopDurableExecution) while running.</summary>
    public double StopProbability { get; set; }

    /// <summary>Pauses (PauseDurableExecution) and resumes of running executions; none when absent.</summary>
    public DurablePauseSpec? Pause { get; set; }

    public List<DurableOpSpec> Program { get; set; } = [];

    public List<EventInvokeConfigSpec> EventInvokeConfigs { get; set; } = [];
}

/// <summary>One operation of a durable step program; `type` says which fields apply.</summary>
public sealed class DurableOpSpec
{
    /// <summary>step | wait | callback | childContext | parallel | map | invoke</summary>
    public string Type { get; set; } = "";

    public string? Name { get; set; }

    public LatencySpec? Latency { get; set; }

    /// <summary>step: probability of each ErrorType per attempt.</summary>
    public Dictionary<string, double> Failures { get; set; } = [];

    public DurableRetrySpec? Retry { get; set; }

    /// <summary>The program handles this operation's failure and carries on.</summary>
    public bool Optional { get; set; }

    /// <summary>wait: seconds.</summary>
    public int Seconds { get; set; }

    /// <summary>callback: Timeout and HeartbeatTimeout in seconds.</summary>
    public int TimeoutSeconds { get; set; }

    public int HeartbeatTimeoutSeconds { get; set; }

    public double FailProbability { get; set; }

    public double TimeoutProbability { get; set; }

    /// <summary>callback: waitForCallback (a context holding the callback and its submitter step).</summary>
    public bool Submitter { get; set; }

    /// <summary>invoke: the durable function invoked.</summary>
    public string? Function { get; set; }

    public List<DurableOpSpec> Program { get; set; } = [];

    public List<List<DurableOpSpec>> Branches { get; set; } = [];

    public RangeSpec? Items { get; set; }
}

/// <summary>
/// At most one pause per execution, requested at a uniform time while it runs; drawn from a stream of its own, so
/// executions that do not pause are exactly those of a world without this knob.
/// </summary>
public sealed class DurablePauseSpec
{
    /// <summary>Probability that an execution is paused once while running.</summary>
    public double Probability { get; set; }

    /// <summary>Time from the pause to the resume request (default median 1 h, p99 12 h).</summary>
    public LatencySpec? Duration { get; set; }

    /// <summary>PauseDurableExecution's ExecutionTimeoutPaused: the timeout is extended by the time spent paused.</summary>
    public bool ExecutionTimeoutPaused { get; set; } = true;

    /// <summary>The Reason given to PauseDurableExecution (none when null).</summary>
    public string? Reason { get; set; }

    /// <summary>The Reason given to ResumeDurableExecution (none when null).</summary>
    public string? ResumeReason { get; set; }
}

public sealed class DurableRetrySpec
{
    public int MaxAttempts { get; set; } = 3;

    public double InitialDelaySeconds { get; set; } = 1;

    public double BackoffRate { get; set; } = 2;

    public double MaxDelaySeconds { get; set; } = 300;
}
