using System.Text.Json;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Truth;

/// <summary>
/// One function + qualifier: its async-invoke configuration (when it has one) and the invocations of exactly that
/// qualifier in exported (closed) histories, split by how they were invoked. Lambda applies a configuration to
/// asynchronous invocations of the qualifier they name only (an unqualified name or ARN means $LATEST; an alias is
/// its own qualifier), so only <see cref="AsyncInvocationsByDay"/> is governed by it.
/// </summary>
public sealed class AsyncInvokeTruth
{
    public required string FunctionName { get; init; }

    public required string Qualifier { get; init; }

    public bool Durable { get; set; }

    /// <summary>False for a qualifier invoked asynchronously that has no configuration (Lambda's defaults apply).</summary>
    public bool Configured { get; set; }

    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumEventAgeSeconds { get; set; }

    public string? OnFailureDestination { get; set; }

    /// <summary>UTC date of the execution's start → asynchronous invocations: Task attempts with InvocationType Event,
    /// and durable executions (each one is started by an invocation of the qualifier in its function ARN).</summary>
    public SortedDictionary<string, long> AsyncInvocationsByDay { get; } = new(StringComparer.Ordinal);

    /// <summary>UTC date of the execution's start → synchronous Task attempts (Lambda ARN resources, lambda:invoke
    /// RequestResponse); async settings do not apply to them.</summary>
    public SortedDictionary<string, long> SyncInvocationsByDay { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the async invocations come from: `&lt;state machine&gt; / &lt;state&gt;` or `durable executions`.</summary>
    public SortedSet<string> AsyncSources { get; } = new(StringComparer.Ordinal);
}

/// <summary>Executions open (not in a terminal status) at now that an export can know of.</summary>
public sealed class OpenExecutionsTruth
{
    /// <summary><c>stepfunctions</c> or <c>durable</c>.</summary>
    public required string Kind { get; init; }

    public long Count { get; set; }

    public SortedDictionary<string, long> ByStatus { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset? OldestStart { get; set; }

    internal void Add(string status, DateTimeOffset start)
    {
        Count++;
        WorldTruth.Increment(ByStatus, status);
        OldestStart = OldestStart is { } oldest && oldest <= start ? oldest : start;
    }
}

internal static class AsyncInvokeTruthBuilder
{
    public const string DurableSource = "durable executions";

    private static readonly HashSet<string> s_terminal = new(StringComparer.Ordinal) { "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "STOPPED" };

    public static bool IsOpen(string status) => !s_terminal.Contains(status);

    public static void Add(WorldTruthReport report, SimulatedWorld world)
    {
        var entries = report.AsyncInvokeConfigs;
        foreach (var function in world.Functions)
        {
            foreach (var config in function.EventInvokeConfigs)
            {
                var entry = Entry(entries, function.FunctionName, config.FunctionArn[(function.FunctionArn.Length + 1)..]);
                entry.Configured = true;
                entry.Durable = function.DurableConfig is not null;
                entry.MaximumRetryAttempts = config.MaximumRetryAttempts;
                entry.MaximumEventAgeSeconds = config.MaximumEventAgeInSeconds;
                entry.OnFailureDestination = config.OnFailureDestination;
            }
        }
        foreach (var model in world.Models.Where(m => !m.IsExpress))
        {
            var states = new Dictionary<string, AslState>(StringComparer.Ordinal);
            Collect(model.Definition, states);
            foreach (var (key, truth) in report.Executions.Where(e => e.Key == model.Name || e.Key.StartsWith(model.Name + "/", StringComparison.Ordinal)))
            {
                foreach (var (state, byDay) in truth.TaskInvocationsByDay)
                {
                    if (!states.TryGetValue(state, out var asl) || Target(asl) is not { } target)
                    {
                        continue;
                    }
                    var entry = Entry(entries, target.Function, target.Qualifier);
                    foreach (var (day, n) in byDay)
                    {
                        var counts = target.Async ? entry.AsyncInvocationsByDay : entry.SyncInvocationsByDay;
                        counts[day] = counts.GetValueOrDefault(day) + n;
                    }
                    if (target.Async)
                    {
                        entry.AsyncSources.Add($"{key} / {state}");
                    }
                }
            }
        }
        foreach (var model in world.DurableFunctions)
        {
            var entry = Entry(entries, model.Name, model.Spec.Version);
            entry.Durable = true;
            foreach (var (day, byStatus) in report.DurableFunctions[model.Name].ByDay)
            {
                var closed = byStatus.Where(s => !IsOpen(s.Key)).Sum(s => s.Value);
                if (closed > 0)
                {
                    entry.AsyncInvocationsByDay[day] = entry.AsyncInvocationsByDay.GetValueOrDefault(day) + closed;
                    entry.AsyncSources.Add(DurableSource);
                }
            }
        }
        // A qualifier without a configuration matters only where something invokes it asynchronously.
        foreach (var key in entries.Where(e => !e.Value.Configured && e.Value.AsyncInvocationsByDay.Count == 0).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }
    }

    private static AsyncInvokeTruth Entry(SortedDictionary<string, AsyncInvokeTruth> entries, string function, string qualifier) =>
        entries.TryGetValue($"{function}:{qualifier}", out var e) ? e : entries[$"{function}:{qualifier}"] = new AsyncInvokeTruth { FunctionName = function, Qualifier = qualifier };

    private static void Collect(AslBlock block, Dictionary<string, AslState> states)
    {
        foreach (var (name, state) in block.States)
        {
            states[name] = state;
            foreach (var branch in state.Branches)
            {
                Collect(branch, states);
            }
            if (state.Processor is { } processor)
            {
                Collect(processor, states);
            }
        }
    }

    /// <summary>The function, qualifier and invocation type a Task state invokes; null when it invokes no Lambda function
    /// (or a dynamic one, or a DryRun). A Lambda ARN as the resource is a synchronous invocation.</summary>
    internal static (string Function, string Qualifier, bool Async)? Target(AslState state)
    {
        if (state.Kind == TaskKind.LegacyLambda)
        {
            var (name, qualifier) = SplitFunction(state.Resource!);
            return (name, qualifier ?? "$LATEST", false);
        }
        if (state.Kind != TaskKind.Service || state.ServiceType != "lambda" || state.ServiceResource is not ("invoke" or "invoke.waitForTaskToken"))
        {
            return null;
        }
        using var parameters = JsonDocument.Parse(state.ParametersJson);
        var root = parameters.RootElement;
        if (!root.TryGetProperty("FunctionName", out var functionName) || functionName.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var type = root.TryGetProperty("InvocationType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "RequestResponse";
        if (type == "DryRun")
        {
            return null;
        }
        var (function, q) = SplitFunction(functionName.GetString()!);
        if (root.TryGetProperty("Qualifier", out var explicitQualifier) && explicitQualifier.ValueKind == JsonValueKind.String)
        {
            q = explicitQualifier.GetString();
        }
        return (function, q ?? "$LATEST", type == "Event");
    }

    /// <summary>Name and qualifier of `name`, `name:qualifier`, `account:function:name[:qualifier]` or a function ARN.</summary>
    internal static (string Name, string? Qualifier) SplitFunction(string text)
    {
        var parts = text.Split(':');
        var at = Array.IndexOf(parts, "function");
        var name = at >= 0 && at + 1 < parts.Length ? at + 1 : 0;
        return (parts[name], name + 1 < parts.Length ? parts[name + 1] : null);
    }
}
