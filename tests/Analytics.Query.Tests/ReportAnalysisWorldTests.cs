using System.Globalization;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>
/// The report's analyses (retry advice, latency regressions, trends) over world variants in sample-data/worlds that
/// declare what must be found: each world served by the emulator over loopback HTTP, exported by the real export job,
/// read by the named queries with real DuckDB.
/// </summary>
public sealed class ReportAnalysisWorldTests
{
    private static readonly DateTimeOffset s_now = WorldExport.Now;

    [Fact]
    public async Task Retry_advice_finds_exactly_the_misconfigurations_the_retry_advice_world_declares()
    {
        using var folder = new TempFolder();
        var truth = await WorldExport.ExportAsync("retry-advice.json", folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        // The set the world file declares (its header comment), over the whole range and over each week alone.
        string[] declared =
        [
            "orders-v2 / Archive: error_not_retried",
            "orders-v2 / Charge: retries_exhausted [1]",
            "orders-v2 / Charge: retries_rarely_succeed [1]",
            "orders-v2 / Notify: lambda_service_retrier_missing",
            "orders-v2 / Ship: throttling_without_jitter [2]",
            "reports / BuildIndex: retries_exhausted [1]",
            "reports / RenderRegion: error_not_retried",
            "fx-rates-sync / fetch-legacy-rates: retries_exhausted",
            "fx-rates-sync / fetch-legacy-rates: retries_rarely_succeed",
        ];
        foreach (var window in new[] { QueryParameters.Empty, Week("2026-W46"), Week("2026-W47") })
        {
            Assert.Equal(declared, Findings(session.RunNamed("retry_advice", window)));
        }

        // Evidence against the simulator's truth: Charge retries only the persistent CardDeclined, so every retry it
        // made (attempts − 1 per visit) failed; Notify's attempts are its visits (it never retries).
        var advice = session.RunNamed("retry_advice");
        var charge = truth.Executions["orders-v2"].TaskAttempts["Charge"];
        var row = Row(advice, "Charge", "retries_rarely_succeed");
        Assert.Equal(charge.Sum(a => (a.Key - 1) * a.Value), advice.Long(row, "sample"));
        Assert.Equal(0, advice.Long(row, "occurrences"));
        Assert.Equal("CardDeclined", advice.Text(row, "errors"));
        var exhausted = Row(advice, "Charge", "retries_exhausted");
        Assert.Equal(charge.Where(a => a.Key == 4).Sum(a => a.Value), advice.Long(exhausted, "occurrences"));
        Assert.Equal(truth.Executions["orders-v2"].TaskAttempts["Notify"].Sum(a => a.Value), advice.Long(Row(advice, "Notify", "lambda_service_retrier_missing"), "occurrences"));
        // The durable step that always fails: every retry it made failed, and every step used all its attempts.
        var legacy = truth.DurableFunctions["fx-rates-sync"].StepAttempts["fetch-legacy-rates"];
        Assert.Equal(legacy.Sum(a => (a.Key - 1) * a.Value), advice.Long(Row(advice, "fetch-legacy-rates", "retries_rarely_succeed"), "sample"));
        Assert.Equal(legacy.Sum(a => a.Value), advice.Long(Row(advice, "fetch-legacy-rates", "retries_exhausted"), "occurrences"));
        Assert.Equal(["durable_step", "durable_step"], Enumerable.Range(0, advice.Rows.Count).Where(r => advice.Text(r, "state_machine") == "fx-rates-sync").Select(r => advice.Text(r, "kind")));

        // The report shows each finding with its evidence and change.
        using var reports = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W47"), reports.Path, now: s_now);
        Assert.Equal(9, data.Analysis.RetryAdvice.Count);
        var text = File.ReadAllText(markdown);
        Assert.Contains("## Retry advice", text, StringComparison.Ordinal);
        Assert.Contains("throttling retried without jitter", text, StringComparison.Ordinal);
        Assert.Contains("add \"JitterStrategy\": \"FULL\" to retrier 2", text, StringComparison.Ordinal);
        Assert.Contains("add &quot;JitterStrategy&quot;: &quot;FULL&quot; to retrier 2", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latency_regressions_flag_exactly_the_state_whose_latency_doubled()
    {
        using var folder = new TempFolder();
        await WorldExport.ExportAsync("latency-regression.json", folder.Path);
        using var reports = new TempFolder();
        var (markdown, _, w47) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W47"), reports.Path, now: s_now);

        // checkout / Reserve doubled from 2026-11-16: that state, the resource only it calls, and its state machine
        // (whose duration it dominates). Nothing else; and 2026-W46 has no week before it to regress from.
        Assert.Equal(["execution checkout", "resource lambda:invoke", "state checkout / Reserve"],
            w47.Analysis.FlaggedLatency.Select(l => $"{l.Level} {l.Subject}").Order(StringComparer.Ordinal));
        Assert.All(w47.Analysis.FlaggedLatency, l => Assert.True(l.P50Regressed && l.P95Regressed && l.Z >= 10, l.Subject));
        Assert.Empty(w47.FlaggedMachines);
        var (_, _, w46) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W46"), reports.Path, now: s_now);
        Assert.Empty(w46.Analysis.FlaggedLatency);
        Assert.Contains("- **latency**: state checkout / Reserve: p95 ", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.DoesNotContain("No regressions flagged", File.ReadAllText(markdown), StringComparison.Ordinal);

        // The percentiles the rule compares are latency_percentiles' over each week (a recomputation of the same
        // samples by the other query), for every row.
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });
        var now = Percentiles(session.RunNamed("latency_percentiles", Week("2026-W47")));
        var before = Percentiles(session.RunNamed("latency_percentiles", Week("2026-W46")));
        Assert.Equal(now.Count, w47.Analysis.Latency.Count);
        foreach (var l in w47.Analysis.Latency)
        {
            var key = $"{l.Level} {l.Subject}";
            Assert.Equal(now[key], (l.SamplesCurrent, l.P50Current, l.P95Current));
            Assert.Equal(before[key], (l.SamplesPrevious, l.P50Previous, l.P95Previous));
        }
    }

    [Fact]
    public async Task Trends_over_eight_exported_weeks_equal_world_truth_and_a_sql_recount()
    {
        using var folder = new TempFolder();
        var truth = await WorldExport.ExportAsync("trends.json", folder.Path);
        using var reports = new TempFolder();
        var (markdown, html, data) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W47"), reports.Path, now: s_now);
        Assert.Equal(8, data.Analysis.TrendWeeks);
        Assert.Equal(["invoice-export", "ledger-close"], data.Analysis.Trends.Select(t => t.StateMachine));

        // Closed and failed executions per ISO week = the truth's per-day statuses summed over the week.
        var monday = new DateOnly(2026, 9, 28);
        foreach (var series in data.Analysis.Trends)
        {
            var byDay = truth.Executions[series.StateMachine].ByDay;
            var expected = Enumerable.Range(0, 8).Select(w =>
            {
                var days = Enumerable.Range(0, 7).Select(d => monday.AddDays((7 * w) + d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
                long Sum(params string[] statuses) => days.Sum(d => byDay.TryGetValue(d, out var s) ? statuses.Sum(x => s.GetValueOrDefault(x)) : 0);
                return $"{monday.AddDays(7 * w):yyyy-MM-dd} {Sum("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")} {Sum("FAILED", "TIMED_OUT", "ABORTED")}";
            });
            Assert.Equal(expected, series.Points.Select(p => $"{p!.WeekStart:yyyy-MM-dd} {p.Closed} {p.Failed}"));
        }

        // p95 per week recounted by hand: the ceil(0.95 n)-th smallest duration of the week's closed executions.
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });
        var recount = session.Run("""
            SELECT state_machine_name AS m, strftime(CAST(date_trunc('week', start_time) AS DATE), '%Y-%m-%d') AS w, duration_ms
            FROM (SELECT *, row_number() OVER (PARTITION BY state_machine_name, date_trunc('week', start_time) ORDER BY duration_ms) AS k,
                         count(*) OVER (PARTITION BY state_machine_name, date_trunc('week', start_time)) AS n
                  FROM executions WHERE duration_ms IS NOT NULL)
            WHERE k = greatest(1, ceil(0.95 * n)) ORDER BY m, w
            """);
        Assert.Equal(Enumerable.Range(0, recount.Rows.Count).Select(r => $"{recount.Text(r, "m")} {recount.Text(r, "w")} {recount.Long(r, "duration_ms")}"),
            data.Analysis.Trends.SelectMany(t => t.Points.Select(p => $"{t.StateMachine} {p!.WeekStart:yyyy-MM-dd} {p.P95Ms}")));

        // The HTML draws them as inline SVG whose title lists every week's value; the Markdown as text sparklines.
        var invoice = data.Analysis.Trends[0];
        var page = File.ReadAllText(html);
        Assert.Contains("invoice-export p95 execution duration by week: "
            + string.Join(", ", invoice.Points.Select(p => $"{p!.WeekStart:yyyy-MM-dd} {ReportText.Duration(p.P95Ms!.Value)}")), page, StringComparison.Ordinal);
        Assert.Contains("invoice-export failure rate by week: "
            + string.Join(", ", invoice.Points.Select(p => $"{p!.WeekStart:yyyy-MM-dd} {ReportText.Percent(p.FailureRate)}")), page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        var line = File.ReadAllLines(markdown).Single(l => l.StartsWith("| invoice-export | ", StringComparison.Ordinal) && l.Contains('→', StringComparison.Ordinal));
        Assert.Contains($"{ReportText.Percent(invoice.Points[0]!.FailureRate)} → {ReportText.Percent(invoice.Points[^1]!.FailureRate)}", line, StringComparison.Ordinal);
    }

    private static QueryParameters Week(string week) => QueryParameters.Window(IsoWeek.Parse(week).Start, IsoWeek.Parse(week).End);

    private static IEnumerable<string> Findings(QueryTable t) => Enumerable.Range(0, t.Rows.Count).Select(r =>
        $"{t.Text(r, "state_machine")} / {t.Text(r, "state_name")}: {t.Text(r, "finding")}{(t.Value(r, "retrier") is null ? "" : $" [{t.Long(r, "retrier")}]")}");

    private static int Row(QueryTable t, string state, string finding) =>
        Enumerable.Range(0, t.Rows.Count).Single(r => t.Text(r, "state_name") == state && t.Text(r, "finding") == finding);

    private static Dictionary<string, (long, long?, long?)> Percentiles(QueryTable t) =>
        Enumerable.Range(0, t.Rows.Count).ToDictionary(
            r => $"{t.Text(r, "level")} {t.Text(r, "level") switch { "state" => $"{t.Text(r, "state_machine")} / {t.Text(r, "state_name")}", "resource" => t.Text(r, "resource"), _ => t.Text(r, "state_machine") }}",
            r => (t.Long(r, "samples"), (long?)t.Long(r, "p50_ms"), (long?)t.Long(r, "p95_ms")));
}
