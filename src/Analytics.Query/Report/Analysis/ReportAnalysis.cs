namespace Analytics.Query.Report;

/// <summary>
/// The report's analyses beyond the failure-rate tables: latency regressions, trends over the last weeks and retry
/// advice. Each comes from its own named query (queries/latency_regressions.sql, weekly_trends.sql,
/// retry_advice.sql); this is the one place that runs them, and <see cref="AnalysisMarkdown"/> /
/// <see cref="AnalysisHtml"/> the one place that renders them.
/// </summary>
public sealed record ReportAnalysis(
    IReadOnlyList<LatencyRegression> Latency,
    IReadOnlyList<TrendSeries> Trends,
    int TrendWeeks,
    IReadOnlyList<RetryFinding> RetryAdvice)
{
    /// <summary>Weeks of data a trend needs before the report draws it (two points are just this week's delta).</summary>
    public const int MinimumTrendWeeks = 3;

    public const int TrendWindowWeeks = 8;

    public IEnumerable<LatencyRegression> FlaggedLatency => Latency.Where(l => l.Regressed);

    public static ReportAnalysis Build(QuerySession session, IsoWeek week, ReportUnits units)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(units);
        var current = QueryParameters.Window(week.Start, week.End);
        var latency = LatencyRegression.Read(session.RunNamed("latency_regressions", current), units);
        var trends = TrendSeries.Read(session.RunNamed("weekly_trends", current), week, units);
        var weeks = trends.Count == 0 ? 0 : trends.Max(t => t.Points.Count(p => p is not null));
        return new ReportAnalysis(latency, trends, weeks, RetryFinding.Read(session.RunNamed("retry_advice", current), units));
    }
}

/// <summary>One row of latency_regressions: p50/p95 this week and last, the Mann-Whitney z, and the rule's verdict.</summary>
public sealed record LatencyRegression(string Level, string? StateMachine, string? StateName, string? Resource,
    long SamplesPrevious, long SamplesCurrent, long? P50Previous, long? P50Current, long? P95Previous, long? P95Current,
    double? Z, bool P50Regressed, bool P95Regressed)
{
    public bool Regressed => P50Regressed || P95Regressed;

    public string Subject => Level switch
    {
        "state" => $"{StateMachine} / {StateName}",
        "resource" => Resource ?? string.Empty,
        _ => StateMachine ?? string.Empty,
    };

    internal static List<LatencyRegression> Read(QueryTable t, ReportUnits units) => Enumerable.Range(0, t.Rows.Count).Select(r => new LatencyRegression(
        t.Text(r, "level") ?? string.Empty, units.Name(t, r, "state_machine"), t.Text(r, "state_name"), units.Name(t, r, "resource"),
        t.Long(r, "samples_previous"), t.Long(r, "samples_current"), NullableLong(t, r, "p50_previous_ms"), NullableLong(t, r, "p50_current_ms"),
        NullableLong(t, r, "p95_previous_ms"), NullableLong(t, r, "p95_current_ms"), t.Double(r, "mann_whitney_z"),
        t.Value(r, "p50_regressed") is true, t.Value(r, "p95_regressed") is true)).ToList();

    internal static long? NullableLong(QueryTable t, int r, string column) => t.Value(r, column) is null ? null : t.Long(r, column);
}

/// <summary>One week of a state machine's trend.</summary>
public sealed record TrendPoint(DateOnly WeekStart, long Closed, long Failed, double? FailureRate, long? P95Ms);

/// <summary>A state machine's last <see cref="ReportAnalysis.TrendWindowWeeks"/> weeks, oldest first; null where a week had no executions.</summary>
public sealed record TrendSeries(string StateMachine, IReadOnlyList<TrendPoint?> Points)
{
    internal static List<TrendSeries> Read(QueryTable t, IsoWeek week, ReportUnits units)
    {
        var first = DateOnly.FromDateTime(week.Start.UtcDateTime).AddDays(-7 * (ReportAnalysis.TrendWindowWeeks - 1));
        return Enumerable.Range(0, t.Rows.Count)
            .GroupBy(r => units.Name(t, r, "state_machine") ?? string.Empty, StringComparer.Ordinal)
            .Select(g =>
            {
                var points = new TrendPoint?[ReportAnalysis.TrendWindowWeeks];
                foreach (var r in g)
                {
                    var start = t.Value(r, "week_start") switch { DateOnly d => d, DateTime d => DateOnly.FromDateTime(d), var v => DateOnly.Parse(v!.ToString()!, System.Globalization.CultureInfo.InvariantCulture) };
                    var slot = (start.DayNumber - first.DayNumber) / 7;
                    if (slot is >= 0 and < ReportAnalysis.TrendWindowWeeks)
                    {
                        points[slot] = new TrendPoint(start, t.Long(r, "closed"), t.Long(r, "failed"), t.Double(r, "failure_rate"),
                            LatencyRegression.NullableLong(t, r, "p95_ms"));
                    }
                }
                return new TrendSeries(g.Key, points);
            }).ToList();
    }
}

/// <summary>One row of retry_advice: a Task state's (or durable step's) retry configuration that the attempts argue against.</summary>
public sealed record RetryFinding(string Kind, string StateMachine, string StateName, string Finding, int? Retrier, string? Errors,
    long Occurrences, long Sample, double? Share, string Evidence, string Change)
{
    internal static List<RetryFinding> Read(QueryTable t, ReportUnits units) => Enumerable.Range(0, t.Rows.Count).Select(r => new RetryFinding(
        t.Text(r, "kind") ?? string.Empty, units.Name(t, r, "state_machine") ?? string.Empty, t.Text(r, "state_name") ?? string.Empty, t.Text(r, "finding") ?? string.Empty,
        t.Value(r, "retrier") is null ? null : (int)t.Long(r, "retrier"), t.Text(r, "errors"), t.Long(r, "occurrences"), t.Long(r, "sample"),
        t.Double(r, "share"), t.Text(r, "evidence") ?? string.Empty, t.Text(r, "change") ?? string.Empty)).ToList();
}
