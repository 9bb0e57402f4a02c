namespace Analytics.Query.Report;

/// <summary>A failure count over a sample (closed executions, or ended attempts).</summary>
public readonly record struct Rate(long Failures, long Sample)
{
    public double? Value => Sample == 0 ? null : (double)Failures / Sample;
}

public sealed record MachineFailureRate(string StateMachine, bool IsMapRun, long Executions, Rate Current, Rate Previous, bool Regressed);

public sealed record StateFailureRate(string StateMachine, string StateName, long Visits, long FailedVisits, Rate Current, Rate Previous, bool Regressed);

public sealed record AttemptBucket(int Attempts, long Visits, double Share);

public sealed record RetryDistribution(string Kind, string Scope, string Name, IReadOnlyList<AttemptBucket> Buckets)
{
    public long Visits => Buckets.Sum(b => b.Visits);

    public long Retried => Buckets.Where(b => b.Attempts > 1).Sum(b => b.Visits);
}

public sealed record Percentiles(long Samples, long P50, long P90, long P95, long P99, long Max);

public sealed record LatencyRow(string Level, string? StateMachine, string? StateName, string? Resource, Percentiles Current, Percentiles? Previous)
{
    public string Subject => Level switch
    {
        "state" => $"{StateMachine} / {StateName}",
        "resource" => Resource ?? string.Empty,
        _ => StateMachine ?? string.Empty,
    };
}

public sealed record ConfiguredRetries(string FunctionName, string? Qualifier, bool Durable, int? MaximumRetryAttempts, int? MaximumEventAgeSeconds,
    string? OnFailureDestination, long ObservedVisits, long RetriedVisits, int? MaxObservedAttempts);

public sealed record CompletenessItem(string Label, string Value);

/// <summary>Everything the weekly report shows, gathered by <see cref="WeeklyReportBuilder"/>.</summary>
public sealed record WeeklyReportData(
    IsoWeek Week,
    string DataDirectory,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<MachineFailureRate> FailureRates,
    IReadOnlyList<StateFailureRate> StateRates,
    IReadOnlyList<RetryDistribution> Retries,
    IReadOnlyList<LatencyRow> Latency,
    QueryTable MapRuns,
    QueryTable TopErrors,
    QueryTable Durable,
    IReadOnlyList<ConfiguredRetries> ConfiguredRetries,
    IReadOnlyList<CompletenessItem> Completeness)
{
    public IEnumerable<MachineFailureRate> FlaggedMachines => FailureRates.Where(m => m.Regressed);

    public IEnumerable<StateFailureRate> FlaggedStates => StateRates.Where(s => s.Regressed);
}
