using Analytics.Emulator.Simulation.Truth;

namespace Analytics.Query.Tests;

// The per-state, per-resource, Map Run, durable step and error-total comparisons of the exported default world with
// `world truth`. The truth gives state/resource durations, Map Runs and step attempts over the whole range only (no
// per-day split), so those are compared unwindowed; status counts it has per day, so those are compared per week too.
public sealed partial class ExportedWorldTests
{
    private static void AssertStateLatenciesEqualTruth(QuerySession session, WorldTruthReport truth)
    {
        var table = RunLevel(session, "state");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r =>
            $"{table.Text(r, "state_machine")} / {table.Text(r, "state_name")}: {Percentiles(table, r)}");
        var expected = truth.Executions
            .SelectMany(e => e.Value.StateDurationMs.Where(s => s.Value is not null).Select(s => (Machine: e.Key, State: s.Key, Summary: s.Value!)))
            .OrderBy(x => x.Machine, StringComparer.Ordinal).ThenBy(x => x.State, StringComparer.Ordinal)
            .Select(x => $"{x.Machine} / {x.State}: {Percentiles(x.Summary)}");
        AssertSameLines("state latency percentiles", expected, actual);
    }

    private static void AssertResourceLatenciesEqualTruth(QuerySession session, WorldTruthReport truth)
    {
        var table = RunLevel(session, "resource");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r => $"{table.Text(r, "resource")}: {Percentiles(table, r)}");
        var expected = truth.TaskResourceRunMs.Where(t => t.Value is not null).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key}: {Percentiles(t.Value!)}");
        AssertSameLines("task resource run-time percentiles", expected, actual);
    }

    private static void AssertMapRunHealthEqualsTruth(QuerySession session, WorldTruthReport truth)
    {
        var table = session.RunNamed("map_run_health");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r =>
            $"{table.Text(r, "state_machine")}: runs {table.Long(r, "map_runs")} succeeded {table.Long(r, "succeeded")} failed {table.Long(r, "failed")} "
            + $"aborted {table.Long(r, "aborted")} running {table.Long(r, "running")} items {table.Long(r, "items_total")}");
        var expected = truth.MapRuns.Where(m => m.Value.Runs > 0).Select(m =>
            $"{m.Key}: runs {m.Value.Runs} succeeded {m.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} failed {m.Value.ByStatus.GetValueOrDefault("FAILED")} "
            + $"aborted {m.Value.ByStatus.GetValueOrDefault("ABORTED")} running {m.Value.ByStatus.GetValueOrDefault("RUNNING")} items {m.Value.Items}");
        AssertSameLines("map run health", expected, actual);
    }

    private static void AssertDurableStepAttemptsEqualTruth(QuerySession session, WorldTruthReport truth)
    {
        // The attempt histogram of every durable step name (unnamed steps, such as waitForCallback submitters, are
        // `(unnamed)` in the truth and NULL in the query).
        var retries = session.RunNamed("retry_attempts");
        var actual = Enumerable.Range(0, retries.Rows.Count).Where(r => retries.Text(r, "kind") == "durable_step")
            .Select(r => (Function: retries.Text(r, "scope")!, Step: retries.Text(r, "name") ?? "(unnamed)", Attempts: retries.Long(r, "attempts"), Steps: retries.Long(r, "visits"),
                Share: Canonical.Text(retries.Value(r, "share"))))
            .OrderBy(x => x.Function, StringComparer.Ordinal).ThenBy(x => x.Step, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{x.Function} / {x.Step}: {x.Attempts} -> {x.Steps} ({x.Share})").ToList();
        var expected = truth.DurableFunctions
            .SelectMany(f => f.Value.StepAttempts.SelectMany(s => s.Value.Select(a => (Function: f.Key, Step: s.Key, Attempts: (long)a.Key, Steps: a.Value,
                Share: Canonical.Text((double)a.Value / s.Value.Values.Sum())))))
            .OrderBy(x => x.Function, StringComparer.Ordinal).ThenBy(x => x.Step, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{x.Function} / {x.Step}: {x.Attempts} -> {x.Steps} ({x.Share})");
        Assert.Contains(actual, line => !line.Contains(": 1 ->", StringComparison.Ordinal));
        AssertSameLines("durable step attempt histograms", expected, actual);

        // durable_health's step totals per function: steps, steps retried, attempts over all steps.
        var health = session.RunNamed("durable_health");
        var healthActual = Enumerable.Range(0, health.Rows.Count).Select(r =>
            $"{health.Text(r, "function_name")}: steps {health.Long(r, "steps")} retried {health.Long(r, "retried_steps")} attempts {health.Long(r, "step_attempts")}");
        var healthExpected = truth.DurableFunctions.Where(f => f.Value.Total > 0).Select(f =>
        {
            var ops = f.Value.StepAttempts.Values.SelectMany(h => h).ToList();
            return $"{f.Key}: steps {ops.Sum(a => a.Value)} retried {ops.Where(a => a.Key > 1).Sum(a => a.Value)} attempts {ops.Sum(a => a.Key * a.Value)}";
        });
        AssertSameLines("durable_health step totals", healthExpected, healthActual);
    }

    private static void AssertErrorTotalsEqualTruth(QuerySession session, WorldTruthReport truth)
    {
        // top_errors with no row limit: every unsuccessful closed execution is one occurrence of exactly one error, so
        // the occurrences per scope add up to the truth's FAILED + TIMED_OUT + ABORTED (durable: + STOPPED).
        var errors = session.RunNamed("top_errors", QueryParameters.Empty.Set("limit", "1000000"));
        Assert.Contains(errors.Rows, row => (string?)row[errors.Ordinal("source")] == "execution");
        Assert.Contains(errors.Rows, row => (string?)row[errors.Ordinal("source")] == "durable_execution");
        string Totals(string source) => string.Join("\n", Enumerable.Range(0, errors.Rows.Count).Where(r => errors.Text(r, "source") == source)
            .GroupBy(r => errors.Text(r, "scope")!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Sum(r => errors.Long(r, "occurrences"))} in {g.Sum(r => errors.Long(r, "executions"))}"));
        var executions = truth.Executions.Select(e => (e.Key, Unsuccessful: e.Value.ByStatus.GetValueOrDefault("FAILED") + e.Value.ByStatus.GetValueOrDefault("TIMED_OUT") + e.Value.ByStatus.GetValueOrDefault("ABORTED")))
            .Where(e => e.Unsuccessful > 0).Select(e => $"{e.Key}: {e.Unsuccessful} in {e.Unsuccessful}");
        Assert.Equal(string.Join("\n", executions), Totals("execution"));
        var durable = truth.DurableFunctions.Select(f => (f.Key, Unsuccessful: f.Value.ByStatus.GetValueOrDefault("FAILED") + f.Value.ByStatus.GetValueOrDefault("TIMED_OUT") + f.Value.ByStatus.GetValueOrDefault("STOPPED")))
            .Where(f => f.Unsuccessful > 0).Select(f => $"{f.Key}: {f.Unsuccessful} in {f.Unsuccessful}");
        Assert.Equal(string.Join("\n", durable), Totals("durable_execution"));
    }

    /// <summary>One window of whole UTC days: durable executions by status and the top_errors totals per scope,
    /// against the truth's per-day status counts (both are counted by UTC date of start).</summary>
    private static void AssertWindowedDurableAndErrorTotalsEqualTruth(QuerySession session, WorldTruthReport truth, DateTimeOffset start, int days)
    {
        var window = QueryParameters.Window(start, start.AddDays(days));
        var dates = Enumerable.Range(0, days).Select(d => start.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        long InWindow(SortedDictionary<string, SortedDictionary<string, long>> byDay, params string[] statuses) =>
            byDay.Where(d => dates.Contains(d.Key)).Sum(d => statuses.Sum(s => d.Value.GetValueOrDefault(s)));

        var durable = session.RunNamed("durable_health", window);
        var durableActual = Enumerable.Range(0, durable.Rows.Count).Where(r => durable.Long(r, "executions") - durable.Long(r, "running") > 0).Select(r =>
            $"{durable.Text(r, "function_name")}: {durable.Long(r, "succeeded")} {durable.Long(r, "failed")} {durable.Long(r, "timed_out")} {durable.Long(r, "stopped")}");
        var durableExpected = truth.DurableFunctions
            .Select(f => (f.Key, Counts: new[] { "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED" }.Select(s => InWindow(f.Value.ByDay, s)).ToArray()))
            .Where(f => f.Counts.Sum() > 0).Select(f => $"{f.Key}: {string.Join(' ', f.Counts)}");
        AssertSameLines($"durable_health from {start:yyyy-MM-dd} for {days} days", durableExpected, durableActual);

        var errors = session.RunNamed("top_errors", window.Set("limit", "1000000"));
        Assert.Contains(errors.Rows, row => (string?)row[errors.Ordinal("source")] == "execution");
        Assert.Contains(errors.Rows, row => (string?)row[errors.Ordinal("source")] == "durable_execution");
        string Totals(string source) => string.Join("\n", Enumerable.Range(0, errors.Rows.Count).Where(r => errors.Text(r, "source") == source)
            .GroupBy(r => errors.Text(r, "scope")!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Sum(r => errors.Long(r, "occurrences"))}"));
        Assert.Equal(string.Join("\n", truth.Executions.Select(e => (e.Key, N: InWindow(e.Value.ByDay, "FAILED", "TIMED_OUT", "ABORTED")))
            .Where(e => e.N > 0).Select(e => $"{e.Key}: {e.N}")), Totals("execution"));
        Assert.Equal(string.Join("\n", truth.DurableFunctions.Select(f => (f.Key, N: InWindow(f.Value.ByDay, "FAILED", "TIMED_OUT", "STOPPED")))
            .Where(f => f.N > 0).Select(f => $"{f.Key}: {f.N}")), Totals("durable_execution"));
    }

    private static QueryTable RunLevel(QuerySession session, string level) =>
        session.Run("FROM (" + session.Queries.Get("latency_percentiles").Sql.TrimEnd().TrimEnd(';') + $") WHERE level = '{level}'");

    private static string Percentiles(QueryTable table, int r) =>
        $"{table.Long(r, "samples")} {table.Long(r, "p50_ms")} {table.Long(r, "p90_ms")} {table.Long(r, "p95_ms")} {table.Long(r, "p99_ms")} {table.Long(r, "max_ms")}";

    private static string Percentiles(PercentileSummary s) => $"{s.Count} {s.P50} {s.P90} {s.P95} {s.P99} {s.Max}";

    /// <summary>Equal line lists; on a difference, the message lists the lines only one side has.</summary>
    private static void AssertSameLines(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.NotEmpty(e);
        if (!e.SequenceEqual(a, StringComparer.Ordinal))
        {
            var missing = e.Except(a, StringComparer.Ordinal).Take(25);
            var extra = a.Except(e, StringComparer.Ordinal).Take(25);
            Assert.Fail($"{what}: {e.Count} truth lines, {a.Count} query lines.\ntruth only:\n  {string.Join("\n  ", missing)}\nquery only:\n  {string.Join("\n  ", extra)}");
        }
    }
}
