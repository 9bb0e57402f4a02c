using Analytics.Emulator.Simulation.Truth;
using Analytics.Export.Tests.Support;
using Analytics.Query;
using Analytics.Query.Report;
using Analytics.Query.Tests;

namespace Analytics.Export.Tests.Crawl;

// The named queries and the weekly report over the export of every account and region: each unit's figures are its own
// `world truth`, and no row, name or figure of one unit is merged with another's.
public sealed partial class OrganisationExportTests
{
    private static readonly DateTimeOffset s_week = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_named_query_figure_of_each_account_and_region_equals_that_units_world_truth()
    {
        // The truth compared is what `analytics world truth` prints for the world, byte for byte.
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("org.json"), OrgWorlds.FixedJson());
        var (exit, printed, err) = await CliRun.RunAsync("world", "truth", "--world", temp.Sub("org.json"), "--seed", TestWorlds.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, err);
        using (var expected = new MemoryStream())
        {
            OrganisationTruth.WriteJson(orgExport.Truth, expected);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.ToArray()), printed);
        }
        var truths = orgExport.Truth.Units.Select(u => u.Truth).ToList();
        // Every unit runs a state machine called order-fulfillment (prod-us eu-west-1 its own, failing more often),
        // with Task retries, and the durable function refund with step retries: same names, other figures.
        Assert.All(truths, t => Assert.True(t.Executions["order-fulfillment"].Closed > 0 && t.DurableFunctions["refund"].Closed > 0, $"{t.AccountId} {t.Region}"));
        Assert.Contains(truths.SelectMany(t => t.Executions.Values).SelectMany(e => e.TaskAttempts.Values), h => h.Keys.Any(a => a > 1));
        Assert.Contains(truths.SelectMany(t => t.DurableFunctions.Values).SelectMany(f => f.StepAttempts.Values), h => h.Keys.Any(a => a > 1));
        using var session = QuerySession.Open(orgExport.Root, new QuerySessionOptions { Threads = 2 });

        // Failure rates, attempt histograms, execution/state/resource percentiles, durable health and step attempts,
        // error totals: per (account, region), over the whole week and its first 3 and last 4 days. The world has no
        // Distributed Map, and refund's three attempts leave no durable execution failed.
        Assert.Equal(
            ["top_errors of durable executions from 2026-11-16 for 3 days", "top_errors of durable executions from 2026-11-19 for 4 days", "map run health", "top_errors of durable executions"],
            NamedQueriesTruth.AssertEqual(session, truths, [(s_week, 3), (s_week.AddDays(3), 4)]));
    }

    [Fact]
    public void Every_named_query_gives_each_account_and_region_exactly_the_rows_it_gives_over_that_unit_alone()
    {
        var units = orgExport.Org.Units.Select(u => (u.AccountId, u.Region)).ToList();
        using var whole = QuerySession.Open(orgExport.Root, new QuerySessionOptions { Threads = 2 });
        var alone = units.Select(u => UnitAlone(orgExport.Root, u.AccountId, u.Region)).ToList();
        var empty = new List<string>();
        try
        {
            // A window holding the whole world, so that no query's default window depends on what the session holds.
            var window = QueryParameters.Window(s_week.AddDays(-1), s_week.AddDays(7));
            foreach (var query in whole.Queries.All())
            {
                var known = whole.ParametersOf(query);
                var parameters = QueryParameters.Empty;
                foreach (var (name, value) in window.Values.Where(p => known.Contains(p.Key)))
                {
                    parameters = parameters.Set(name, value);
                }
                var all = whole.RunNamed(query.Name, parameters);
                Assert.Equal(["account_id", "region"], all.Columns.Take(2).Select(c => c.Name));
                var rowUnits = all.Rows.Select(r => (r[0] as string ?? "?", r[1] as string ?? "?")).ToList();
                Assert.All(rowUnits, u => Assert.True(units.Contains(u), $"{query.Name}: a row of no unit: {u}"));
                if (rowUnits.Count == 0)
                {
                    empty.Add(query.Name);
                }
                Assert.True(rowUnits.Count == 0 || rowUnits.Distinct().Count() == units.Count, $"{query.Name}: rows of {rowUnits.Distinct().Count()} of {units.Count} units");
                for (var i = 0; i < units.Count; i++)
                {
                    var mine = Canonical.Rows(all.Rows.Where((_, r) => rowUnits[r] == units[i])).Order(StringComparer.Ordinal).ToList();
                    var itsOwn = Canonical.Rows(alone[i].RunNamed(query.Name, parameters)).Order(StringComparer.Ordinal).ToList();
                    Assert.True(itsOwn.SequenceEqual(mine, StringComparer.Ordinal),
                        $"{query.Name}, {units[i]}: alone\n  {string.Join("\n  ", itsOwn.Except(mine))}\nin the organisation\n  {string.Join("\n  ", mine.Except(itsOwn))}");
                }
            }
            // Every other query has rows of every unit to compare: the world has no Distributed Map, and nothing is
            // open at its clock.
            Assert.All(orgExport.Truth.Units, u => Assert.Empty(u.Truth.OpenExecutions));
            Assert.Equal(["map_run_health", "open_executions"], empty);
        }
        finally
        {
            alone.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void The_weekly_report_names_each_units_state_machines_functions_and_resources_with_their_unit_and_gives_each_its_own_figures()
    {
        using var temp = new TempFolder();
        var (markdown, _, data) = WeeklyReport.Write(orgExport.Root, IsoWeek.Parse("2026-W47"), temp.Sub("reports"), now: TestWorlds.DefaultNow);
        var truths = orgExport.Truth.Units.Select(u => u.Truth).OrderBy(t => t.AccountId, StringComparer.Ordinal).ThenBy(t => t.Region, StringComparer.Ordinal).ToList();
        // The whole world started in 2026-W47: its whole-range truth is the week's.
        Assert.All(truths.SelectMany(t => t.Executions.Values.SelectMany(e => e.ByDay.Keys).Concat(t.DurableFunctions.Values.SelectMany(f => f.ByDay.Keys))),
            day => Assert.True(string.CompareOrdinal(day, "2026-11-16") >= 0 && string.CompareOrdinal(day, "2026-11-23") < 0, day));
        static string Named(WorldTruthReport t, string name) => $"{name} ({t.AccountId} {t.Region})";

        Assert.Equal(truths.Select(t => $"{t.AccountId} {t.Region}"), data.Units.Labels);
        NamedQueriesTruth.AssertSameLines("the report's failure rates",
            truths.SelectMany(t => t.Executions.Where(e => e.Value.Closed > 0).Select(e =>
                $"{Named(t, e.Key)}: {e.Value.ByStatus.GetValueOrDefault("FAILED") + e.Value.ByStatus.GetValueOrDefault("TIMED_OUT") + e.Value.ByStatus.GetValueOrDefault("ABORTED")} of {e.Value.Closed}")).Order(StringComparer.Ordinal),
            data.FailureRates.Select(m => $"{m.StateMachine}: {m.Current.Failures} of {m.Current.Sample}").Order(StringComparer.Ordinal));
        NamedQueriesTruth.AssertSameLines("the report's attempt histograms",
            truths.SelectMany(t => t.Executions.SelectMany(e => e.Value.TaskAttempts.Select(s => ("task_state", Named(t, e.Key), s.Key, s.Value)))
                    .Concat(t.DurableFunctions.SelectMany(f => f.Value.StepAttempts.Select(s => ("durable_step", Named(t, f.Key), s.Key, s.Value)))))
                .Select(x => $"{x.Item1} {x.Item2} / {x.Item3}: {string.Join(", ", x.Item4.Select(a => $"{a.Key}x {a.Value}"))}").Order(StringComparer.Ordinal),
            data.Retries.Select(d => $"{d.Kind} {d.Scope} / {d.Name}: {string.Join(", ", d.Buckets.Where(b => b.Attempts > 0).Select(b => $"{b.Attempts}x {b.Visits}"))}").Order(StringComparer.Ordinal));
        static string Summary(PercentileSummary p) => $"{p.Count} {p.P50} {p.P90} {p.P95} {p.P99} {p.Max}";
        NamedQueriesTruth.AssertSameLines("the report's percentiles",
            truths.SelectMany(t => t.Executions.Where(e => e.Value.DurationMs is not null).Select(e => $"execution {Named(t, e.Key)}: {Summary(e.Value.DurationMs!)}")
                    .Concat(t.Executions.SelectMany(e => e.Value.StateDurationMs.Where(s => s.Value is not null).Select(s => $"state {Named(t, e.Key)} / {s.Key}: {Summary(s.Value!)}")))
                    .Concat(t.TaskResourceRunMs.Where(r => r.Value is not null).Select(r => $"resource {Named(t, r.Key)}: {Summary(r.Value!)}")))
                .Order(StringComparer.Ordinal),
            data.Latency.Select(l => $"{l.Level} {(l.Level == "resource" ? l.Resource : l.StateMachine)}{(l.Level == "state" ? $" / {l.StateName}" : "")}: "
                + $"{l.Current.Samples} {l.Current.P50} {l.Current.P90} {l.Current.P95} {l.Current.P99} {l.Current.Max}").Order(StringComparer.Ordinal));

        // The week per account and region (its headline figures are each unit's `weeks` truth), and in the text every
        // name of the world carries its unit, but on the rows of tables whose own cells name the account and region.
        var summary = data.UnitSummary!;
        NamedQueriesTruth.AssertSameLines("the report's accounts and regions",
            truths.Select(t => (t, Week: t.Weeks["2026-W47"], Durable: t.DurableFunctions.Values.Where(f => f.Total > 0).ToList())).Select(x =>
                $"{x.t.AccountId} {x.t.Region}: {x.t.Executions.Count(e => e.Value.Total > 0)} {x.Week.Executions} {x.Week.Failed} {Canonical.Text(x.Week.FailureRate)} {x.Week.DurationMs?.P95} "
                + $"{x.Durable.Count} {x.Durable.Sum(f => f.Total)} {x.Durable.Sum(f => f.ByStatus.GetValueOrDefault("FAILED") + f.ByStatus.GetValueOrDefault("TIMED_OUT") + f.ByStatus.GetValueOrDefault("STOPPED"))}"),
            Enumerable.Range(0, summary.Rows.Count).Select(r =>
                $"{summary.Text(r, "account_id")} {summary.Text(r, "region")}: {summary.Long(r, "state_machines")} {summary.Long(r, "executions")} {summary.Long(r, "failed")} "
                + $"{Canonical.Text(summary.Value(r, "failure_rate"))} {summary.Long(r, "p95_ms")} {summary.Long(r, "durable_functions")} {summary.Long(r, "durable_executions")} {summary.Long(r, "durable_failed")}"));
        var labels = truths.Select(t => $"({t.AccountId} {t.Region})").ToHashSet(StringComparer.Ordinal);
        var names = new System.Text.RegularExpressions.Regex(@"(?<![\w.:-])(order-fulfillment|nightly-report|refund|notify|lambda:invoke|athena:startQueryExecution\.sync)(?![\w-])( \(\d{12} [a-z0-9-]+\))?");
        var unitRow = new System.Text.RegularExpressions.Regex(@"^\| \d{12} \| [a-z0-9-]+ \|");
        var lines = File.ReadAllLines(markdown);
        var named = lines.SelectMany(l => names.Matches(l).Select(m => (Line: l, Match: m))).ToList();
        Assert.True(named.Count > 100, $"{named.Count} names");
        Assert.All(named, n => Assert.True(labels.Contains(n.Match.Groups[2].Value.Trim()) || unitRow.IsMatch(n.Line), $"without its unit: {n.Match.Value} in {n.Line}"));
    }

    /// <summary>A session over the dataset whose every view holds only one unit's rows (and the rows of no unit, such
    /// as the export_runs row of a run of several): what the named queries would read in a dataset of that unit alone.</summary>
    private static QuerySession UnitAlone(string root, string account, string region)
    {
        var session = QuerySession.Open(root, new QuerySessionOptions { Threads = 2, AllowWrites = true });
        var views = session.Run("SELECT unnest(map_keys(getvariable('analytics_views'))) ORDER BY 1");
        Assert.Contains(views.Rows, r => (string?)r[0] == "executions");
        foreach (var view in views.Rows.Select(r => (string)r[0]!))
        {
            session.Run($"CREATE OR REPLACE TEMP VIEW {view} AS FROM query(analytics_view('{view}')) "
                + $"WHERE (account_id IS NULL AND region IS NULL) OR (account_id = '{account}' AND region = '{region}'); SELECT 1");
        }
        return session;
    }
}
