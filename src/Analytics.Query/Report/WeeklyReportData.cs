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

/// <summary>One row of async_invoke_configs: a qualifier's async-invoke settings and the invocations they govern.</summary>
public sealed record AsyncInvokeConfig(string FunctionName, string Qualifier, bool Configured, bool Durable, int? MaximumRetryAttempts,
    int? MaximumEventAgeSeconds, string? OnFailureDestination, long AsyncInvocations, long SyncInvocations, string? AsyncSources)
{
    /// <summary>What the report prints for the week: a count only where the settings govern something; otherwise why not.</summary>
    public string Observed => AsyncInvocations > 0 ? ReportText.Count(AsyncInvocations)
        : SyncInvocations > 0 ? "none: synchronous invocations only — async retry settings do not apply"
        : "none: no invocation of this qualifier this week";
}

/// <summary>Open executions of one state machine (or Map Run child state machine) or durable function.</summary>
public sealed record OpenExecutionGroup(string Kind, string Source, long Count, string ByStatus, DateTimeOffset? OldestStart);

/// <summary>The open_executions snapshot of the export run(s) the report reads (one per shard). <see cref="RunId"/> is
/// null when the dataset records no export run (e.g. only imported histories); <see cref="Recorded"/> is the number
/// of open executions the run(s) found, null when a run predates the snapshot (then nothing is known).</summary>
public sealed record OpenExecutionsSnapshot(string? RunId, DateTimeOffset? TakenAt, long? Recorded, IReadOnlyList<OpenExecutionGroup> Groups)
{
    public long Count => Groups.Sum(g => g.Count);

    public DateTimeOffset? OldestStart => Groups.Min(g => g.OldestStart);
}

public sealed record CompletenessItem(string Label, string Value);

/// <summary>The completeness counts of a week: executions (every kind) by what history they have, and the export
/// runs' quarantined histories and failed items (null when the dataset records no export run), and the EXPRESS state
/// machines whose log groups cannot hold full histories, each with why.</summary>
public sealed record CompletenessFigures(long Executions, long StandardWithoutHistory, long Express, long ExpressWithoutHistory,
    long? Quarantined, long? ExportRuns, long? FailedItems, string? WithoutFullHistories = null);

/// <summary>A week's headline figures over top-level executions (Map Run children left out). <see cref="Anything"/>
/// counts executions of every kind, durable ones included: zero means the dataset holds nothing for the week.</summary>
public sealed record WeekFigures(long Executions, Rate Failures, long? P95Ms, long Anything);

/// <summary>The block the report opens with: this week against last, and the completeness in one line.</summary>
public sealed record Headlines(WeekFigures Current, WeekFigures Previous, string Completeness);

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
    IReadOnlyList<AsyncInvokeConfig> AsyncInvokeConfigs,
    OpenExecutionsSnapshot OpenExecutions,
    IReadOnlyList<CompletenessItem> Completeness,
    ReportAnalysis Analysis)
{
    public IEnumerable<MachineFailureRate> FlaggedMachines => FailureRates.Where(m => m.Regressed);

    /// <summary>The dataset's (account, region) units; with several, the names in the report carry their unit.</summary>
    public ReportUnits Units { get; init; } = ReportUnits.One;

    /// <summary>The week per account and region (queries/accounts_regions.sql); null when a caller builds the data by hand.</summary>
    public QueryTable? UnitSummary { get; init; }

    /// <summary>Set by the builder; empty figures when a caller builds the data by hand.</summary>
    public Headlines Headlines { get; init; } = new(new WeekFigures(0, default, null, 0), new WeekFigures(0, default, null, 0), string.Empty);

    /// <summary>Regressions the headline counts: flagged state machines (each new kind of regression adds its count here).</summary>
    public int RegressionsFlagged => FlaggedMachines.Count() + Analysis.FlaggedLatency.Count();

    /// <summary>The dataset holds no execution of any kind started in the week: the report says so and is partial.</summary>
    public bool IsEmptyWeek => Headlines.Current.Anything == 0;

    public IEnumerable<StateFailureRate> FlaggedStates => StateRates.Where(s => s.Regressed);
}
