namespace Analytics.Emulator.World;

/// <summary>
/// A state machine's CloudWatch Logs configuration and how its log delivery behaves. The events of its EXPRESS
/// executions (top-level ones of an EXPRESS machine, and EXPRESS Distributed Map children, which log to the parent's
/// group) are served by FilterLogEvents and Logs Insights from the group.
/// </summary>
public sealed class LoggingSpec
{
    /// <summary>ALL, ERROR, FATAL or OFF.</summary>
    public string Level { get; set; } = "ALL";

    public bool IncludeExecutionData { get; set; }

    /// <summary>The log group name; `/aws/vendedlogs/states/&lt;name&gt;-Logs` when absent.</summary>
    public string? LogGroup { get; set; }

    /// <summary>Time from an event to its ingestion, drawn once per execution (default median 2 s, p99 20 s).</summary>
    public LatencySpec? DeliveryDelay { get; set; }

    /// <summary>Probability that one event is delivered late, after later events of its execution.</summary>
    public double LateProbability { get; set; }

    /// <summary>The extra delay of a late event (default median 5 min, p99 1 h).</summary>
    public LatencySpec? LateDelay { get; set; }
}
