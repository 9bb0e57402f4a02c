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

        // Closed executions by status and the failure rate, per state machine and Map Run child row (RUNNING ones are
        // exported when they close, so they are compared on the closed figures only).
        var rates = session.RunNamed("failure_rates");
        var actual = Enumerable.Range(0, rates.Rows.Count).ToDictionary(r => rates.Text(r, "state_machine")!, r =>
            $"{rates.Long(r, "succeeded")} {rates.Long(r, "failed")} {rates.Long(r, "timed_out")} {rates.Long(r, "aborted")} {rates.Long(r, "closed")} {Canonical.Text(rates.Value(r, "failure_rate"))}");
        var expected = truth.Executions.Where(e => e.Value.Closed > 0).ToDictionary(e => e.Key, e =>
            $"{e.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} {e.Value.ByStatus.GetValueOrDefault("FAILED")} {e.Value.ByStatus.GetValueOrDefault("TIMED_OUT")} "
            + $"{e.Value.ByStatus.GetValueOrDefault("ABORTED")} {e.Value.Closed} {Canonical.Text(e.Value.FailureRate)}");
        Assert.NotEmpty(expected);
        Assert.Contains(expected.Keys, k => k.Contains('/', StringComparison.Ordinal));
        // EXPRESS executions (fraud-score, read from its log group at level ALL) and a Distributed Map's EXPRESS children
        // (clickstream-batch/Enrich, from the parent's group) are among the rows compared, here and below.
        string[] express = ["fraud-score", "clickstream-batch/Enrich"];
        Assert.All(express, k => Assert.Contains(k, expected.Keys));
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"),
            actual.Where(kv => expected.ContainsKey(kv.Key) || !kv.Value.EndsWith(" 0 NULL", StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));

        // Execution duration percentiles per state machine.
        var latency = session.Run("FROM (" + session.Queries.Get("latency_percentiles").Sql.TrimEnd().TrimEnd(';') + ") WHERE level = 'execution'");
        var latencyActual = Enumerable.Range(0, latency.Rows.Count).Select(r =>
            $"{latency.Text(r, "state_machine")}: {latency.Long(r, "samples")} {latency.Long(r, "p50_ms")} {latency.Long(r, "p90_ms")} {latency.Long(r, "p95_ms")} {latency.Long(r, "p99_ms")} {latency.Long(r, "max_ms")}");
        var latencyExpected = truth.Executions.Where(e => e.Value.DurationMs is not null).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e =>
            $"{e.Key}: {e.Value.DurationMs!.Count} {e.Value.DurationMs.P50} {e.Value.DurationMs.P90} {e.Value.DurationMs.P95} {e.Value.DurationMs.P99} {e.Value.DurationMs.Max}");
        Assert.NotEmpty(latencyActual);
        Assert.All(express, k => Assert.Contains(latencyExpected, line => line.StartsWith(k + ": ", StringComparison.Ordinal)));
        Assert.Equal(latencyExpected, latencyActual);

        // Two different weeks: closed executions by status per row, against the truth's per-day counts.
        foreach (var (start, end) in new[] { (new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero), 7), (new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), 7) })
        {
            var week = session.RunNamed("failure_rates", QueryParameters.Window(start, start.AddDays(end)));
            var days = Enumerable.Range(0, end).Select(d => start.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            string[] statuses = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
            var weekExpected = truth.Executions.Select(e => (e.Key, Counts: statuses.Select(s => e.Value.ByDay.Where(d => days.Contains(d.Key)).Sum(d => d.Value.GetValueOrDefault(s))).ToArray()))
                .Where(e => e.Counts.Sum() > 0).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {string.Join(' ', e.Counts)}");
            var weekActual = Enumerable.Range(0, week.Rows.Count).Where(r => week.Long(r, "closed") > 0).Select(r =>
                $"{week.Text(r, "state_machine")}: {week.Long(r, "succeeded")} {week.Long(r, "failed")} {week.Long(r, "timed_out")} {week.Long(r, "aborted")}");
            Assert.NotEmpty(weekActual);
            Assert.Equal(weekExpected, weekActual);
        }

        // Attempt histograms of Task states.
        var retries = session.RunNamed("retry_attempts");
        var retryActual = Enumerable.Range(0, retries.Rows.Count).Where(r => retries.Text(r, "kind") == "task_state" && retries.Long(r, "attempts") > 0)
            .Select(r => $"{retries.Text(r, "scope")} / {retries.Text(r, "name")}: {retries.Long(r, "attempts")} -> {retries.Long(r, "visits")}");
        var retryExpected = truth.Executions.SelectMany(e => e.Value.TaskAttempts.SelectMany(s => s.Value.Select(a => (Machine: e.Key, State: s.Key, Attempts: a.Key, Visits: a.Value))))
            .OrderBy(x => x.Machine, StringComparer.Ordinal).ThenBy(x => x.State, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{x.Machine} / {x.State}: {x.Attempts} -> {x.Visits}");
        Assert.Contains(retryActual, line => !line.Contains(": 1 ->", StringComparison.Ordinal));
        Assert.All(express, k => Assert.Contains(retryExpected, line => line.StartsWith(k + " / ", StringComparison.Ordinal)));
        Assert.Equal(retryExpected, retryActual);

        // Durable functions: closed executions by status and duration percentiles.
        var durable = session.RunNamed("durable_health");
        var durableActual = Enumerable.Range(0, durable.Rows.Count).Select(r =>
            $"{durable.Text(r, "function_name")}: {durable.Long(r, "succeeded")} {durable.Long(r, "failed")} {durable.Long(r, "timed_out")} {durable.Long(r, "stopped")} {durable.Long(r, "p50_ms")} {durable.Long(r, "p95_ms")} {durable.Long(r, "p99_ms")} {durable.Long(r, "max_ms")}");
        var durableExpected = truth.DurableFunctions.Where(f => f.Value.Total > 0).Select(f =>
            $"{f.Key}: {f.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} {f.Value.ByStatus.GetValueOrDefault("FAILED")} {f.Value.ByStatus.GetValueOrDefault("TIMED_OUT")} {f.Value.ByStatus.GetValueOrDefault("STOPPED")} "
            + $"{f.Value.DurationMs?.P50 ?? 0} {f.Value.DurationMs?.P95 ?? 0} {f.Value.DurationMs?.P99 ?? 0} {f.Value.DurationMs?.Max ?? 0}");
        Assert.NotEmpty(durableActual);
        Assert.Equal(durableExpected, durableActual);

        // Per state and per task resource latency, Map Runs, durable steps, error totals (whole range: the truth has
        // no per-day split of these).
        AssertStateLatenciesEqualTruth(session, truth);
        AssertResourceLatenciesEqualTruth(session, truth);
        AssertMapRunHealthEqualsTruth(session, truth);
        AssertDurableStepAttemptsEqualTruth(session, truth);
        AssertErrorTotalsEqualTruth(session, truth);
        AssertWindowedDurableAndErrorTotalsEqualTruth(session, truth, new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero), 7);
        AssertWindowedDurableAndErrorTotalsEqualTruth(session, truth, new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), 7);

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
}
