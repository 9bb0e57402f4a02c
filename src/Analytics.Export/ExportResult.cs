namespace Analytics.Export;

/// <summary>What one export run did (also its <c>export_runs</c> row).</summary>
public sealed record ExportResult
{
    public required string RunId { get; init; }

    public long Executions { get; init; }

    /// <summary>Execution rows written: top-level, Map Run children (STANDARD and EXPRESS) and durable.</summary>
    public long ExecutionRows { get; init; }

    public long Events { get; init; }

    /// <summary>Histories the flattener rejected, written to <c>DIR/_quarantine/&lt;run-id&gt;/</c>.</summary>
    public long Quarantined { get; init; }

    /// <summary>Executions that could not be fetched (retried by the next run).</summary>
    public long Failures { get; init; }

    /// <summary>Executions tracked as RUNNING after the run (exported once they close).</summary>
    public long Running { get; init; }

    public long ApiCalls { get; init; }

    public long Throttled { get; init; }

    public long Retries { get; init; }

    public int Commits { get; init; }

    /// <summary>Listings and histories started over because a pagination token had expired.</summary>
    public long PaginationRestarts { get; init; }

    public IReadOnlyDictionary<string, long> CallsByApi { get; init; } = new Dictionary<string, long>();

    /// <summary>Rows this run added to each table (tables it wrote nothing to are absent).</summary>
    public IReadOnlyDictionary<string, long> RowsByTable { get; init; } = new Dictionary<string, long>();

    /// <summary>The (account, region) units of a run of several in which something failed for good, each with what failed.</summary>
    public IReadOnlyList<UnitFailures> FailedUnits { get; init; } = [];

    /// <summary>Some items failed or were quarantined (exit code 1).</summary>
    public bool IsPartial => Quarantined > 0 || Failures > 0;
}

/// <param name="Label">`111111111111 (prod-us) eu-west-1`.</param>
/// <param name="Failures">`what: reason` lines (AssumeRole, a denied API, a refused listing).</param>
public sealed record UnitFailures(string Label, IReadOnlyList<string> Failures);
