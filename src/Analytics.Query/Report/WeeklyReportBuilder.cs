using System.Globalization;

namespace Analytics.Query.Report;

/// <summary>Runs the named queries for a week and the week before and assembles <see cref="WeeklyReportData"/>.</summary>
public static partial class WeeklyReportBuilder
{
    public const int TopErrorsShown = 10;

    public static WeeklyReportData Build(QuerySession session, IsoWeek week, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        var root = session.DataDirectory ?? throw new ArgumentException("The report needs a session over a dataset.", nameof(session));
        var current = QueryParameters.Window(week.Start, week.End);
        var previous = QueryParameters.Window(week.Previous.Start, week.Previous.End);
        var units = ReportUnits.Of(session);

        var states = StateRates(session.RunNamed("state_failure_rates", current), session.RunNamed("state_failure_rates", previous), units);
        var machines = MachineRates(session.RunNamed("failure_rates", current), session.RunNamed("failure_rates", previous), states, units);
        var topErrors = session.RunNamed("top_errors", QueryParameters.Window(week.Start, week.End)
            .Set("limit", TopErrorsShown.ToString(CultureInfo.InvariantCulture)));

        var open = OpenExecutions(session, current, units);
        var completeness = CompletenessOf(session, current);

        return new WeeklyReportData(
            week, root, generatedAt, machines, states,
            Retries(session.RunNamed("retry_attempts", current), units),
            Latency(session.RunNamed("latency_percentiles", current), session.RunNamed("latency_percentiles", previous), units),
            session.RunNamed("map_run_health", current),
            topErrors,
            session.RunNamed("durable_health", current),
            AsyncInvokeConfigs(session.RunNamed("async_invoke_configs", current), units),
            open,
            Completeness(completeness, open),
            ReportAnalysis.Build(session, week, units))
        {
            Units = units,
            UnitSummary = session.RunNamed("accounts_regions", current),
            Headlines = new Headlines(Figures(session, current), Figures(session, previous), CompletenessLine(completeness, open)),
        };
    }

    private static List<StateFailureRate> StateRates(QueryTable now, QueryTable before, ReportUnits units)
    {
        var previous = Enumerable.Range(0, before.Rows.Count).ToDictionary(
            r => (units.Name(before, r, "state_machine"), before.Text(r, "state_name")),
            r => new Rate(before.Long(r, "failed_attempts"), before.Long(r, "attempts")));
        return Enumerable.Range(0, now.Rows.Count).Select(r =>
        {
            var key = (units.Name(now, r, "state_machine"), now.Text(r, "state_name"));
            var rate = new Rate(now.Long(r, "failed_attempts"), now.Long(r, "attempts"));
            var last = previous.GetValueOrDefault(key);
            return new StateFailureRate(key.Item1 ?? string.Empty, key.Item2 ?? string.Empty, now.Long(r, "visits"), now.Long(r, "failed_visits"),
                rate, last, RegressionRule.IsRegression(last.Failures, last.Sample, rate.Failures, rate.Sample));
        }).ToList();
    }

    private static List<MachineFailureRate> MachineRates(QueryTable now, QueryTable before, List<StateFailureRate> states, ReportUnits units)
    {
        static Rate RateOf(QueryTable t, int r) =>
            new(t.Long(r, "failed") + t.Long(r, "timed_out") + t.Long(r, "aborted"), t.Long(r, "closed"));
        var previous = Enumerable.Range(0, before.Rows.Count).ToDictionary(r => units.Name(before, r, "state_machine") ?? string.Empty, r => RateOf(before, r));
        var flaggedByState = states.Where(s => s.Regressed).Select(s => s.StateMachine).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, now.Rows.Count).Select(r =>
        {
            var name = units.Name(now, r, "state_machine") ?? string.Empty;
            var rate = RateOf(now, r);
            var last = previous.GetValueOrDefault(name);
            var regressed = RegressionRule.IsRegression(last.Failures, last.Sample, rate.Failures, rate.Sample) || flaggedByState.Contains(name);
            return new MachineFailureRate(name, now.Value(r, "is_map_run") is true, now.Long(r, "executions"), rate, last, regressed);
        }).ToList();
    }

    private static List<RetryDistribution> Retries(QueryTable table, ReportUnits units) =>
        Enumerable.Range(0, table.Rows.Count)
            .GroupBy(r => (Kind: table.Text(r, "kind")!, Scope: units.Name(table, r, "scope") ?? string.Empty, Name: table.Text(r, "name") ?? string.Empty))
            .Select(g => new RetryDistribution(g.Key.Kind, g.Key.Scope, g.Key.Name,
                g.Select(r => new AttemptBucket((int)table.Long(r, "attempts"), table.Long(r, "visits"), table.Double(r, "share") ?? 0)).ToList()))
            .ToList();

    private static List<LatencyRow> Latency(QueryTable now, QueryTable before, ReportUnits units)
    {
        (string?, string?, string?, string?) Key(QueryTable t, int r) =>
            (t.Text(r, "level"), units.Name(t, r, "state_machine"), t.Text(r, "state_name"), units.Name(t, r, "resource"));
        static Percentiles Of(QueryTable t, int r) => new(t.Long(r, "samples"), t.Long(r, "p50_ms"), t.Long(r, "p90_ms"),
            t.Long(r, "p95_ms"), t.Long(r, "p99_ms"), t.Long(r, "max_ms"));
        var previous = Enumerable.Range(0, before.Rows.Count).ToDictionary(r => Key(before, r), r => Of(before, r));
        return Enumerable.Range(0, now.Rows.Count).Select(r =>
        {
            var key = Key(now, r);
            return new LatencyRow(key.Item1!, key.Item2, key.Item3, key.Item4, Of(now, r), previous.GetValueOrDefault(key));
        }).ToList();
    }
}
