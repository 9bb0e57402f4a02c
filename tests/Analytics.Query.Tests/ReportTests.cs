using Analytics.Query.Report;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

/// <summary>A dataset whose Charge task fails twice as often from 2026-W47 on (0.10 → 0.20 per attempt).</summary>
public sealed class RegressionDatasetFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public RegressionDatasetFixture()
    {
        var regressionStarts = new DateOnly(2026, 11, 16);
        var world = new WorldGenerator(seed: 99) { ChargeFailure = day => day >= regressionStarts ? 0.20 : 0.10 }.Generate();
        DatasetWriter.Write(world, _folder.Path);
    }

    public string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();
}

public sealed class ReportTests(RegressionDatasetFixture dataset) : IClassFixture<RegressionDatasetFixture>
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_week_with_the_injected_regression_flags_exactly_that_state_machine_and_state()
    {
        using var output = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W47"), output.Path, now: s_now);

        Assert.Equal(["orders"], data.FlaggedMachines.Select(m => m.StateMachine));
        Assert.Equal([("orders", "Charge")], data.FlaggedStates.Select(s => (s.StateMachine, s.StateName)));
        var text = File.ReadAllText(markdown);
        Assert.Contains("- **orders**: failure rate", text, StringComparison.Ordinal);
        Assert.Contains("  - state **Charge**: attempt failure rate", text, StringComparison.Ordinal);
        Assert.Contains(RegressionRule.Description, text, StringComparison.Ordinal);
        Assert.Contains("<li class=\"flag\">orders: failure rate", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quiet_week_flags_nothing()
    {
        using var output = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W46"), output.Path, now: s_now);

        Assert.Empty(data.FlaggedMachines);
        Assert.Empty(data.FlaggedStates);
        Assert.NotEmpty(data.StateRates);
        Assert.Contains("No regressions flagged.", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSION", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_covers_every_section_with_figures_from_the_named_queries()
    {
        using var output = new TempFolder();
        var (markdown, _, data) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W47"), output.Path, now: s_now);
        var text = File.ReadAllText(markdown);

        foreach (var heading in new[]
        {
            "## Regressions", "## Failure rate per state machine", "## Task states: attempt failure rate", "## Retry distributions",
            "## Latency percentiles", "## Map Run health", "## Top errors", "## Durable functions",
            "## Configured async retries and observed attempts", "## Open executions at export time", "## Data completeness",
        })
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }
        using var session = QuerySession.Open(dataset.Root);
        var week = IsoWeek.Parse("2026-W47");
        var rates = session.RunNamed("failure_rates", QueryParameters.Window(week.Start, week.End));
        Assert.Equal(Enumerable.Range(0, rates.Rows.Count).Select(r => rates.Long(r, "closed")), data.FailureRates.Select(m => m.Current.Sample));
        // charge is invoked by Task states whose definitions this dataset lacks: settings shown, no async invocation
        // claimed; order-saga's durable executions are asynchronous invocations of their version, which has no settings.
        Assert.Contains(data.AsyncInvokeConfigs, c => c.FunctionName == "charge" && c.Qualifier == "$LATEST" && c.MaximumRetryAttempts == 0
            && c.AsyncInvocations == 0 && c.Observed == "none: no invocation of this qualifier this week");
        Assert.Contains(data.AsyncInvokeConfigs, c => c.FunctionName == "order-saga" && !c.Configured && c.Durable && c.AsyncInvocations > 0
            && c.AsyncSources == "durable executions");
        Assert.Null(data.OpenExecutions.RunId);
        Assert.Contains(data.Completeness, c => c.Label.StartsWith("Executions still open", StringComparison.Ordinal) && c.Value == "not recorded in this dataset (no export run)");
        Assert.Contains(data.Completeness, c => c.Label.StartsWith("Quarantined", StringComparison.Ordinal) && c.Value == "not recorded in this dataset");
        Assert.Contains(data.Completeness, c => c.Label.StartsWith("STANDARD executions without", StringComparison.Ordinal) && c.Value != "0");
    }

    [Fact]
    public void Layout_histograms_only_where_retries_happened_human_headers_and_readable_durations()
    {
        using var output = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W47"), output.Path, now: s_now);
        var page = File.ReadAllText(html);
        var text = File.ReadAllText(markdown);

        var retried = data.Retries.Where(r => r.Retried > 0).ToList();
        var never = data.Retries.Where(r => r.Retried == 0).ToList();
        Assert.NotEmpty(retried);
        Assert.NotEmpty(never);
        Assert.Equal(retried.Count, CountOf(page, "<div class=\"hist\">"));
        Assert.Contains($"Never retried this week ({never.Count}, one attempt each time): "
            + string.Join(", ", never.Select(r => $"{r.Scope} / {(r.Name.Length == 0 ? "(unnamed)" : r.Name)}")), page.Replace("&#39;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("<th>p95_ms</th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("| p95_ms |", text, StringComparison.Ordinal);
        Assert.Contains("<th>Failure rate</th>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{2},\d{3} ms", text);
        Assert.StartsWith("## Headlines", text[text.IndexOf("## ", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    [Fact]
    public void Iso_weeks_parse_and_bad_ones_are_refused()
    {
        var week = IsoWeek.Parse("2026-W01");

        Assert.Equal(new DateTimeOffset(2025, 12, 29, 0, 0, 0, TimeSpan.Zero), week.Start);
        Assert.Equal("2025-W52", week.Previous.ToString());
        Assert.Throws<FormatException>(() => IsoWeek.Parse("2026-W54"));
        Assert.Throws<FormatException>(() => IsoWeek.Parse("2026-47"));
    }

    [Fact]
    public void Regression_rule_needs_sample_absolute_and_relative_rise_and_significance()
    {
        Assert.True(RegressionRule.IsRegression(50, 500, 100, 500));
        Assert.False(RegressionRule.IsRegression(5, 50, 10, 50));
        Assert.False(RegressionRule.IsRegression(400, 1000, 430, 1000));
        Assert.False(RegressionRule.IsRegression(1, 1000, 8, 1000));
        Assert.False(RegressionRule.IsRegression(100, 1000, 80, 1000));
    }
}
