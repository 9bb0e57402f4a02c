namespace Analytics.Export.Targets;

/// <summary>
/// What a run exported of one unit (its <c>export_units</c> row): counted as the run's totals are (the units' sums are
/// the run's), by the run's one writer thread, so plain fields.
/// </summary>
public sealed class UnitExports
{
    /// <summary>Top-level Step Functions executions (EXPRESS ones from their logs too) and durable executions.</summary>
    public long Executions { get; internal set; }

    /// <summary>History events of those executions and of their Map Run children, and late parts' events.</summary>
    public long Events { get; internal set; }

    public long MapRuns { get; internal set; }

    /// <summary>Of <see cref="Executions"/>, the durable ones.</summary>
    public long DurableExecutions { get; internal set; }
}
