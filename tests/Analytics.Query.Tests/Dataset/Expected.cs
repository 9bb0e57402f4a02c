using System.Text.RegularExpressions;

namespace Analytics.Query.Tests.Dataset;

/// <summary>
/// The named queries' figures computed straight from the generated rows, in C#, by the definitions in each query's
/// header: what the SQL must reproduce exactly. Rows come in the queries' documented order.
/// </summary>
internal static partial class Expected
{
    private static readonly StringComparer s_ordinal = StringComparer.Ordinal;

    public static string Label(ExecutionRow e) =>
        e.MapRunArn is null || e.StateMachineName.Contains('/', StringComparison.Ordinal)
            ? e.StateMachineName
            : e.StateMachineArn.Split(":stateMachine:")[1].Split(':')[0];

    /// <summary>Nearest rank: the value at position ceil(p·n) (1-based) of the sorted values.</summary>
    public static long Percentile(IReadOnlyList<long> sorted, decimal p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    public static List<object?[]> FailureRates(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end) =>
        w.Executions.Where(e => e.StartTime >= start && e.StartTime < end)
            .GroupBy(Label).OrderBy(g => g.Key, s_ordinal)
            .Select(g =>
            {
                long Count(params string[] statuses) => g.LongCount(e => statuses.Contains(e.Status));
                var closed = Count("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");
                var failures = Count("FAILED", "TIMED_OUT", "ABORTED");
                return new object?[]
                {
                    g.Key, g.Any(e => e.MapRunArn is not null), g.LongCount(), Count("SUCCEEDED"), Count("FAILED"), Count("TIMED_OUT"),
                    Count("ABORTED"), Count("RUNNING", "PENDING_REDRIVE"), closed, closed == 0 ? null : (double)failures / closed,
                };
            }).ToList();

    public static List<object?[]> RetryAttempts(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end)
    {
        var durable = w.DurableExecutions.Where(e => e.StartTime >= start && e.StartTime < end).ToDictionary(e => e.DurableExecutionArn);
        var samples = w.StateVisits.Where(v => v.StateType == "Task" && v.ExecutionStartTime >= start && v.ExecutionStartTime < end)
            .Select(v => (Kind: "task_state", Scope: v.StateMachineName, Name: v.StateName, v.Attempts))
            .Concat(w.DurableOperations.Where(o => o.Type == "STEP" && durable.ContainsKey(o.DurableExecutionArn))
                .Select(o => (Kind: "durable_step", Scope: durable[o.DurableExecutionArn].FunctionName, o.Name, o.Attempts)));
        return samples.GroupBy(s => (s.Kind, s.Scope, s.Name))
            .SelectMany(g => g.GroupBy(s => s.Attempts).Select(a => new object?[]
            {
                g.Key.Kind, g.Key.Scope, g.Key.Name, a.Key, a.LongCount(), (double)a.LongCount() / g.LongCount(),
            }))
            .OrderBy(r => (string)r[0]!, s_ordinal).ThenBy(r => (string)r[1]!, s_ordinal).ThenBy(r => (string)r[2]!, s_ordinal)
            .ThenBy(r => (int)r[3]!).ToList();
    }

    public static List<object?[]> LatencyPercentiles(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end)
    {
        bool In(DateTimeOffset t) => t >= start && t < end;
        var samples = w.Executions.Where(e => e.DurationMs is not null && In(e.StartTime))
                .Select(e => (Level: "execution", Machine: (string?)Label(e), State: (string?)null, Resource: (string?)null, Ms: e.DurationMs!.Value))
            // A state's duration: visits that exited it (not those that failed or were aborted in it).
            .Concat(w.StateVisits.Where(v => v.DurationMs is not null && v.Outcome is "succeeded" or "caught" && In(v.ExecutionStartTime))
                .Select(v => (Level: "state", Machine: (string?)v.StateMachineName, State: (string?)v.StateName, Resource: (string?)null, Ms: v.DurationMs!.Value)))
            // A resource's run time: attempts that ended with their own result event, keyed like `world truth`.
            .Concat(w.TaskAttempts.Where(a => (a.Outcome is "succeeded" or "failed" || a.Outcome == "timed_out" && a.Error is not null) && In(a.ExecutionStartTime))
                .Select(a => (Level: "resource", Machine: (string?)null, State: (string?)null, Resource: (string?)ResourceKey(a), Ms: a.RunMs)));
        return samples.GroupBy(s => (s.Level, s.Machine, s.State, s.Resource))
            .OrderBy(g => g.Key.Level, s_ordinal).ThenBy(g => g.Key.Machine, NullsFirst).ThenBy(g => g.Key.State, NullsFirst)
            .ThenBy(g => g.Key.Resource, NullsFirst)
            .Select(g =>
            {
                var sorted = g.Select(s => s.Ms).Order().ToList();
                return new object?[]
                {
                    g.Key.Level, g.Key.Machine, g.Key.State, g.Key.Resource, (long)sorted.Count, Percentile(sorted, 0.5m),
                    Percentile(sorted, 0.9m), Percentile(sorted, 0.95m), Percentile(sorted, 0.99m), sorted[^1],
                };
            }).ToList();
    }

    private static string ResourceKey(TaskAttemptRow a) =>
        a.Resource.StartsWith("arn:", StringComparison.Ordinal) ? a.Resource : $"{a.ResourceType}:{a.Resource}";

    public static List<object?[]> MapRunHealth(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end) =>
        w.MapRuns.Where(m => m.StartTime >= start && m.StartTime < end)
            .GroupBy(m => MapRunLabel().Match(m.MapRunArn).Groups[1].Value).OrderBy(g => g.Key, s_ordinal)
            .Select(g =>
            {
                long Count(string status) => g.LongCount(m => m.Status == status);
                var durations = g.Where(m => m.StopTime is not null).Select(m => (long)(m.StopTime!.Value - m.StartTime).TotalMilliseconds).Order().ToList();
                var total = g.Sum(m => m.ItemsTotal);
                var failed = g.Sum(m => m.ItemsFailed + m.ItemsTimedOut + m.ItemsAborted);
                return new object?[]
                {
                    g.Key, g.LongCount(), Count("SUCCEEDED"), Count("FAILED"), Count("ABORTED"), Count("RUNNING"), g.LongCount(m => m.RedriveCount > 0),
                    total, g.Sum(m => m.ItemsSucceeded), g.Sum(m => m.ItemsFailed), g.Sum(m => m.ItemsTimedOut), g.Sum(m => m.ItemsAborted),
                    total == 0 ? null : (double)failed / total, durations.Count == 0 ? null : Percentile(durations, 0.5m),
                    durations.Count == 0 ? null : durations[^1],
                };
            }).ToList();

    public static List<object?[]> TopErrors(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end, int limit = 20)
    {
        bool In(DateTimeOffset t) => t >= start && t < end;
        var durable = w.DurableExecutions.Where(e => In(e.StartTime)).ToDictionary(e => e.DurableExecutionArn);
        var occurrences = w.Executions.Where(e => e.Status is "FAILED" or "TIMED_OUT" or "ABORTED" && In(e.StartTime))
                .Select(e => (Source: "execution", Scope: Label(e), Name: (string?)null, Error: e.Error ?? e.Status, Execution: e.ExecutionArn, At: e.StopTime))
            .Concat(w.TaskAttempts.Where(a => a.Outcome is "failed" or "timed_out" && In(a.ExecutionStartTime))
                .Select(a => (Source: "task_attempt", Scope: a.StateMachineName, Name: (string?)a.StateName, Error: a.Error ?? a.Outcome, Execution: a.ExecutionArn, At: (DateTimeOffset?)a.EndedAt)))
            .Concat(durable.Values.Where(e => e.Status is "FAILED" or "TIMED_OUT" or "STOPPED")
                .Select(e => (Source: "durable_execution", Scope: e.FunctionName, Name: (string?)null, Error: e.ErrorType ?? e.Status, Execution: e.DurableExecutionArn, At: e.EndTime)))
            .Concat(w.DurableEvents.Where(v => v.EventType == "StepFailed" && durable.ContainsKey(v.DurableExecutionArn))
                .Select(v => (Source: "durable_step", Scope: durable[v.DurableExecutionArn].FunctionName, Name: (string?)v.Name, Error: v.ErrorType ?? v.EventType, Execution: v.DurableExecutionArn, At: (DateTimeOffset?)v.Timestamp)));
        return occurrences.GroupBy(o => (o.Source, o.Scope, o.Name, o.Error))
            .Select(g => (g.Key, Count: g.LongCount(), Executions: g.Select(o => o.Execution).Distinct().LongCount(), Last: g.Max(o => o.At)))
            .GroupBy(r => r.Key.Source).OrderBy(g => g.Key, s_ordinal)
            .SelectMany(g => g.OrderByDescending(r => r.Count).ThenBy(r => r.Key.Scope, s_ordinal).ThenBy(r => r.Key.Name, NullsFirst)
                .ThenBy(r => r.Key.Error, s_ordinal).Take(limit))
            .Select(r => new object?[] { r.Key.Source, r.Key.Scope, r.Key.Name, r.Key.Error, r.Count, r.Executions, r.Last })
            .ToList();
    }

    public static List<object?[]> DurableHealth(GeneratedWorld w, DateTimeOffset start, DateTimeOffset end)
    {
        var runs = w.DurableExecutions.Where(e => e.StartTime >= start && e.StartTime < end).ToList();
        var arns = runs.ToDictionary(r => r.DurableExecutionArn);
        var steps = w.DurableOperations.Where(o => o.Type == "STEP" && arns.ContainsKey(o.DurableExecutionArn)).ToList();
        return runs.GroupBy(r => r.FunctionName).OrderBy(g => g.Key, s_ordinal).Select(g =>
        {
            long Count(string status) => g.LongCount(r => r.Status == status);
            var closed = Count("SUCCEEDED") + Count("FAILED") + Count("TIMED_OUT") + Count("STOPPED");
            var durations = g.Where(r => r.Status != "RUNNING" && r.DurationMs is not null).Select(r => r.DurationMs!.Value).Order().ToList();
            var own = steps.Where(s => arns[s.DurableExecutionArn].FunctionName == g.Key).ToList();
            return new object?[]
            {
                g.Key, g.LongCount(), Count("SUCCEEDED"), Count("FAILED"), Count("TIMED_OUT"), Count("STOPPED"), Count("RUNNING"),
                closed == 0 ? null : (double)(Count("FAILED") + Count("TIMED_OUT") + Count("STOPPED")) / closed,
                durations.Count == 0 ? null : Percentile(durations, 0.5m), durations.Count == 0 ? null : Percentile(durations, 0.95m),
                durations.Count == 0 ? null : Percentile(durations, 0.99m), durations.Count == 0 ? null : durations[^1],
                (long)own.Count, own.LongCount(s => s.Attempts > 1), own.Sum(s => (long)s.Attempts),
            };
        }).ToList();
    }

    private static readonly IComparer<string?> NullsFirst = Comparer<string?>.Create((a, b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : string.CompareOrdinal(a, b));

    [GeneratedRegex(":mapRun:(.+):[^:]+$")]
    private static partial Regex MapRunLabel();
}
