using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>
/// End to end: the default world served by the emulator over loopback HTTP, exported by the real export job, queried
/// by the named queries; the figures must equal the simulator's own ground truth (`analytics world truth`).
/// </summary>
public sealed partial class ExportedWorldTests
{
    private static readonly DateTimeOffset s_now = WorldExport.Now;

    [Fact]
    public async Task Named_queries_over_the_exported_default_world_equal_world_truth()
    {
        using var folder = new TempFolder();
        var truth = await WorldExport.ExportAsync("default.json", folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        // Every figure the named queries share with the truth, per state machine, state, resource and function; the
        // default world has something to compare in each (Map Run children on their own rows included).
        Assert.Empty(NamedQueriesTruth.AssertEqual(session, [truth], [(new(2026, 11, 9, 0, 0, 0, TimeSpan.Zero), 7), (new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), 7)]));
        Assert.Contains(truth.Executions, e => e.Value.Closed > 0 && e.Key.Contains('/', StringComparison.Ordinal));
        Assert.Contains(truth.Executions.Values.SelectMany(e => e.TaskAttempts.Values), h => h.Keys.Any(a => a > 1));
        Assert.Contains(truth.DurableFunctions.Values.SelectMany(f => f.StepAttempts.Values), h => h.Keys.Any(a => a > 1));
        // EXPRESS executions (fraud-score, read from its log group at level ALL) and a Distributed Map's EXPRESS children
        // (clickstream-batch/Enrich, from the parent's group) are among the figures compared: closed executions,
        // durations and Task attempt histograms.
        Assert.All(["fraud-score", "clickstream-batch/Enrich"], k => Assert.True(
            truth.Executions.TryGetValue(k, out var e) && e.Closed > 0 && e.DurationMs is not null && e.TaskAttempts.Count > 0, k));

        // The world's injected regression (order-fulfillment's ChargePayment failure probability doubles from
        // 2026-11-16) is flagged in 2026-W47 exactly at that state machine and state; the week before flags nothing.
        using var reports = new TempFolder();
        var (w47Markdown, _, w47) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W47"), reports.Path, now: s_now);
        Assert.Equal(["order-fulfillment"], w47.FlaggedMachines.Select(m => m.StateMachine));
        Assert.Equal([("order-fulfillment", "ChargePayment")], w47.FlaggedStates.Select(s => (s.StateMachine, s.StateName)));
        var (_, _, w46) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W46"), reports.Path, now: s_now);
        Assert.Empty(w46.FlaggedMachines);
        Assert.Empty(w46.FlaggedStates);
        // No latency regression in either week (W47's failure regression changes no duration distribution enough),
        // and two weeks are too few for trends.
        Assert.Empty(w47.Analysis.FlaggedLatency);
        Assert.Empty(w46.Analysis.FlaggedLatency);
        Assert.Equal(2, w47.Analysis.TrendWeeks);

        // The async-invoke and open-executions sections (issue 16): equal to the truth, no zero where data exists.
        AssertAsyncInvokeSectionEqualsTruth(w47, truth);
        AssertAsyncInvokeSectionEqualsTruth(w46, truth);
        AssertOpenExecutionsSectionEqualsTruth(w47, truth, File.ReadAllText(w47Markdown));
    }

    /// <summary>Equal, non-empty line lists.</summary>
    private static void AssertSameLines(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var lines = expected.ToList();
        Assert.NotEmpty(lines);
        NamedQueriesTruth.AssertSameLines(what, lines, actual);
    }
}
