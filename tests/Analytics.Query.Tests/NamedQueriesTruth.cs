using Analytics.Emulator.Simulation.Truth;

namespace Analytics.Query.Tests;

/// <summary>
/// The named queries over an exported world against `world truth`, per (account, region): failure rates, execution,
/// state and task-resource duration percentiles (both nearest rank), Task and durable-step attempt histograms, Map
/// Runs, durable health and error totals. Every line is keyed by its unit (`account region name`), so a row that
/// merged two units, or a figure of one unit under another, is a difference. The truth gives state/resource durations,
/// Map Runs and step attempts over the whole range only (no per-day split), so those are compared unwindowed; status
/// counts it has per day, so those are compared per week too. Shared by the default world's test (one unit) and the
/// organisation's (tests/Analytics.Export.Tests links this file); each asserts its world has what the lines compare.
/// </summary>
internal sealed class NamedQueriesTruth(QuerySession session, IReadOnlyList<WorldTruthReport> units)
{
    private static readonly string[] s_statuses = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
    private static readonly string[] s_failedExecution = ["FAILED", "TIMED_OUT", "ABORTED"];
    private static readonly string[] s_failedDurable = ["FAILED", "TIMED_OUT", "STOPPED"];

    private readonly List<string> _empty = [];

    /// <param name="truths">The `world truth` of every (account, region) of the dataset.</param>
    /// <param name="windows">Whole UTC days (first day, count) the per-day figures are compared over too.</param>
    /// <returns>What had no line of truth to compare (and no query row either): the caller says which its world lacks.</returns>
    public static IReadOnlyList<string> AssertEqual(QuerySession over, IReadOnlyList<WorldTruthReport> truths, IEnumerable<(DateTimeOffset Start, int Days)> windows)
    {
        var truth = new NamedQueriesTruth(over, [.. truths.OrderBy(u => u.AccountId, StringComparer.Ordinal).ThenBy(u => u.Region, StringComparer.Ordinal)]);
        truth.AssertFailureRates();
        truth.AssertExecutionLatencies();
        foreach (var (start, days) in windows)
        {
            truth.AssertWindowedStatusCounts(start, days);
            truth.AssertWindowedDurableAndErrorTotals(start, days);
        }
        truth.AssertTaskAttempts();
        truth.AssertDurableHealth();
        truth.AssertStateLatencies();
        truth.AssertResourceLatencies();
        truth.AssertMapRunHealth();
        truth.AssertDurableStepAttempts();
        truth.AssertErrorTotals();
        return truth._empty;
    }

    /// <summary>`account region` of a unit's truth, and of a named query's row (each starts with account_id, region).</summary>
    private static string Unit(WorldTruthReport truth) => $"{truth.AccountId} {truth.Region}";

    private static string Unit(QueryTable table, int r) => $"{table.Text(r, "account_id")} {table.Text(r, "region")}";

    /// <summary>Closed executions by status and the failure rate, per state machine and Map Run child row (RUNNING ones
    /// are exported when they close, so they are compared on the closed figures only).</summary>
    private void AssertFailureRates()
    {
        var rates = session.RunNamed("failure_rates");
        var actual = Enumerable.Range(0, rates.Rows.Count).ToDictionary(r => $"{Unit(rates, r)} {rates.Text(r, "state_machine")}", r =>
            $"{rates.Long(r, "succeeded")} {rates.Long(r, "failed")} {rates.Long(r, "timed_out")} {rates.Long(r, "aborted")} {rates.Long(r, "closed")} {Canonical.Text(rates.Value(r, "failure_rate"))}");
        var expected = units.SelectMany(u => u.Executions.Where(e => e.Value.Closed > 0).Select(e => (Key: $"{Unit(u)} {e.Key}", Value:
            $"{e.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} {e.Value.ByStatus.GetValueOrDefault("FAILED")} {e.Value.ByStatus.GetValueOrDefault("TIMED_OUT")} "
            + $"{e.Value.ByStatus.GetValueOrDefault("ABORTED")} {e.Value.Closed} {Canonical.Text(e.Value.FailureRate)}"))).ToDictionary(e => e.Key, e => e.Value);
        Compare("failure_rates", expected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"),
            actual.Where(kv => expected.ContainsKey(kv.Key) || !kv.Value.EndsWith(" 0 NULL", StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"));
    }

    private void AssertExecutionLatencies()
    {
        var table = RunLevel("execution");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r => $"{Unit(table, r)} {table.Text(r, "state_machine")}: {Percentiles(table, r)}");
        var expected = units.SelectMany(u => u.Executions.Where(e => e.Value.DurationMs is not null).Select(e => $"{Unit(u)} {e.Key}: {Percentiles(e.Value.DurationMs!)}"));
        Compare("execution latency percentiles", expected, actual);
    }

    /// <summary>One window of whole UTC days: closed executions by status per row, against the truth's per-day counts.</summary>
    private void AssertWindowedStatusCounts(DateTimeOffset start, int length)
    {
        var week = session.RunNamed("failure_rates", QueryParameters.Window(start, start.AddDays(length)));
        var days = Days(start, length);
        var expected = units.SelectMany(u => u.Executions
                .Select(e => (e.Key, Counts: s_statuses.Select(s => e.Value.ByDay.Where(d => days.Contains(d.Key)).Sum(d => d.Value.GetValueOrDefault(s))).ToArray()))
                .Where(e => e.Counts.Sum() > 0).Select(e => $"{Unit(u)} {e.Key}: {string.Join(' ', e.Counts)}"));
        var actual = Enumerable.Range(0, week.Rows.Count).Where(r => week.Long(r, "closed") > 0).Select(r =>
            $"{Unit(week, r)} {week.Text(r, "state_machine")}: {week.Long(r, "succeeded")} {week.Long(r, "failed")} {week.Long(r, "timed_out")} {week.Long(r, "aborted")}");
        Compare($"failure_rates from {start:yyyy-MM-dd} for {length} days", expected, actual);
    }

    /// <summary>Attempt histograms of Task states.</summary>
    private void AssertTaskAttempts()
    {
        var retries = session.RunNamed("retry_attempts");
        var actual = Enumerable.Range(0, retries.Rows.Count).Where(r => retries.Text(r, "kind") == "task_state" && retries.Long(r, "attempts") > 0)
            .Select(r => $"{Unit(retries, r)} {retries.Text(r, "scope")} / {retries.Text(r, "name")}: {retries.Long(r, "attempts")} -> {retries.Long(r, "visits")}");
        var expected = units.SelectMany(u => u.Executions
            .SelectMany(e => e.Value.TaskAttempts.SelectMany(s => s.Value.Select(a => (Machine: e.Key, State: s.Key, Attempts: a.Key, Visits: a.Value))))
            .OrderBy(x => x.Machine, StringComparer.Ordinal).ThenBy(x => x.State, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{Unit(u)} {x.Machine} / {x.State}: {x.Attempts} -> {x.Visits}"));
        Compare("task attempt histograms", expected, actual);
    }

    /// <summary>Durable functions: closed executions by status and duration percentiles.</summary>
    private void AssertDurableHealth()
    {
        var durable = session.RunNamed("durable_health");
        var actual = Enumerable.Range(0, durable.Rows.Count).Select(r =>
            $"{Unit(durable, r)} {durable.Text(r, "function_name")}: {durable.Long(r, "succeeded")} {durable.Long(r, "failed")} {durable.Long(r, "timed_out")} {durable.Long(r, "stopped")} "
            + $"{durable.Long(r, "p50_ms")} {durable.Long(r, "p95_ms")} {durable.Long(r, "p99_ms")} {durable.Long(r, "max_ms")}");
        var expected = units.SelectMany(u => u.DurableFunctions.Where(f => f.Value.Total > 0).Select(f =>
            $"{Unit(u)} {f.Key}: {f.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} {f.Value.ByStatus.GetValueOrDefault("FAILED")} {f.Value.ByStatus.GetValueOrDefault("TIMED_OUT")} {f.Value.ByStatus.GetValueOrDefault("STOPPED")} "
            + $"{f.Value.DurationMs?.P50 ?? 0} {f.Value.DurationMs?.P95 ?? 0} {f.Value.DurationMs?.P99 ?? 0} {f.Value.DurationMs?.Max ?? 0}"));
        Compare("durable_health", expected, actual);
    }

    private void AssertStateLatencies()
    {
        var table = RunLevel("state");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r =>
            $"{Unit(table, r)} {table.Text(r, "state_machine")} / {table.Text(r, "state_name")}: {Percentiles(table, r)}");
        var expected = units.SelectMany(u => u.Executions
            .SelectMany(e => e.Value.StateDurationMs.Where(s => s.Value is not null).Select(s => (Machine: e.Key, State: s.Key, Summary: s.Value!)))
            .OrderBy(x => x.Machine, StringComparer.Ordinal).ThenBy(x => x.State, StringComparer.Ordinal)
            .Select(x => $"{Unit(u)} {x.Machine} / {x.State}: {Percentiles(x.Summary)}"));
        Compare("state latency percentiles", expected, actual);
    }

    private void AssertResourceLatencies()
    {
        var table = RunLevel("resource");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r => $"{Unit(table, r)} {table.Text(r, "resource")}: {Percentiles(table, r)}");
        var expected = units.SelectMany(u => u.TaskResourceRunMs.Where(t => t.Value is not null).Select(t => $"{Unit(u)} {t.Key}: {Percentiles(t.Value!)}"));
        Compare("task resource run-time percentiles", expected, actual);
    }

    private void AssertMapRunHealth()
    {
        var table = session.RunNamed("map_run_health");
        var actual = Enumerable.Range(0, table.Rows.Count).Select(r =>
            $"{Unit(table, r)} {table.Text(r, "state_machine")}: runs {table.Long(r, "map_runs")} succeeded {table.Long(r, "succeeded")} failed {table.Long(r, "failed")} "
            + $"aborted {table.Long(r, "aborted")} running {table.Long(r, "running")} items {table.Long(r, "items_total")}");
        var expected = units.SelectMany(u => u.MapRuns.Where(m => m.Value.Runs > 0).Select(m =>
            $"{Unit(u)} {m.Key}: runs {m.Value.Runs} succeeded {m.Value.ByStatus.GetValueOrDefault("SUCCEEDED")} failed {m.Value.ByStatus.GetValueOrDefault("FAILED")} "
            + $"aborted {m.Value.ByStatus.GetValueOrDefault("ABORTED")} running {m.Value.ByStatus.GetValueOrDefault("RUNNING")} items {m.Value.Items}"));
        Compare("map run health", expected, actual);
    }

    private void AssertDurableStepAttempts()
    {
        // The attempt histogram of every durable step name (unnamed steps, such as waitForCallback submitters, are
        // `(unnamed)` in the truth and NULL in the query).
        var retries = session.RunNamed("retry_attempts");
        var actual = Enumerable.Range(0, retries.Rows.Count).Where(r => retries.Text(r, "kind") == "durable_step")
            .Select(r => (Function: $"{Unit(retries, r)} {retries.Text(r, "scope")}", Step: retries.Text(r, "name") ?? "(unnamed)", Attempts: retries.Long(r, "attempts"),
                Steps: retries.Long(r, "visits"), Share: Canonical.Text(retries.Value(r, "share"))))
            .OrderBy(x => x.Function, StringComparer.Ordinal).ThenBy(x => x.Step, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{x.Function} / {x.Step}: {x.Attempts} -> {x.Steps} ({x.Share})");
        var expected = units.SelectMany(u => u.DurableFunctions
                .SelectMany(f => f.Value.StepAttempts.SelectMany(s => s.Value.Select(a => (Function: $"{Unit(u)} {f.Key}", Step: s.Key, Attempts: (long)a.Key, Steps: a.Value,
                    Share: Canonical.Text((double)a.Value / s.Value.Values.Sum()))))))
            .OrderBy(x => x.Function, StringComparer.Ordinal).ThenBy(x => x.Step, StringComparer.Ordinal).ThenBy(x => x.Attempts)
            .Select(x => $"{x.Function} / {x.Step}: {x.Attempts} -> {x.Steps} ({x.Share})");
        Compare("durable step attempt histograms", expected, actual);

        // durable_health's step totals per function: steps, steps retried, attempts over all steps.
        var health = session.RunNamed("durable_health");
        var healthActual = Enumerable.Range(0, health.Rows.Count).Select(r =>
            $"{Unit(health, r)} {health.Text(r, "function_name")}: steps {health.Long(r, "steps")} retried {health.Long(r, "retried_steps")} attempts {health.Long(r, "step_attempts")}");
        var healthExpected = units.SelectMany(u => u.DurableFunctions.Where(f => f.Value.Total > 0).Select(f =>
        {
            var ops = f.Value.StepAttempts.Values.SelectMany(h => h).ToList();
            return $"{Unit(u)} {f.Key}: steps {ops.Sum(a => a.Value)} retried {ops.Where(a => a.Key > 1).Sum(a => a.Value)} attempts {ops.Sum(a => a.Key * a.Value)}";
        }));
        Compare("durable_health step totals", healthExpected, healthActual);
    }

    /// <summary>top_errors with no row limit: every unsuccessful closed execution is one occurrence of exactly one error,
    /// so the occurrences per scope add up to the truth's FAILED + TIMED_OUT + ABORTED (durable: + STOPPED).</summary>
    private void AssertErrorTotals()
    {
        var errors = session.RunNamed("top_errors", QueryParameters.Empty.Set("limit", "1000000"));
        Compare("top_errors of executions", Unsuccessful(ByDayOfExecutions, s_failedExecution, null, withExecutions: true), ErrorTotals(errors, "execution", withExecutions: true));
        Compare("top_errors of durable executions", Unsuccessful(ByDayOfDurable, s_failedDurable, null, withExecutions: true), ErrorTotals(errors, "durable_execution", withExecutions: true));
    }

    /// <summary>One window of whole UTC days: durable executions by status and the top_errors totals per scope,
    /// against the truth's per-day status counts (both are counted by UTC date of start).</summary>
    private void AssertWindowedDurableAndErrorTotals(DateTimeOffset start, int days)
    {
        var window = QueryParameters.Window(start, start.AddDays(days));
        var dates = Days(start, days);
        var durable = session.RunNamed("durable_health", window);
        var durableActual = Enumerable.Range(0, durable.Rows.Count).Where(r => durable.Long(r, "executions") - durable.Long(r, "running") > 0).Select(r =>
            $"{Unit(durable, r)} {durable.Text(r, "function_name")}: {durable.Long(r, "succeeded")} {durable.Long(r, "failed")} {durable.Long(r, "timed_out")} {durable.Long(r, "stopped")}");
        var durableExpected = units.SelectMany(u => u.DurableFunctions
            .Select(f => (f.Key, Counts: new[] { "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED" }.Select(s => InWindow(f.Value.ByDay, dates, s)).ToArray()))
            .Where(f => f.Counts.Sum() > 0).Select(f => $"{Unit(u)} {f.Key}: {string.Join(' ', f.Counts)}"));
        Compare($"durable_health from {start:yyyy-MM-dd} for {days} days", durableExpected, durableActual);

        var errors = session.RunNamed("top_errors", window.Set("limit", "1000000"));
        Compare($"top_errors of executions from {start:yyyy-MM-dd} for {days} days", Unsuccessful(ByDayOfExecutions, s_failedExecution, dates, withExecutions: false),
            ErrorTotals(errors, "execution", withExecutions: false));
        Compare($"top_errors of durable executions from {start:yyyy-MM-dd} for {days} days", Unsuccessful(ByDayOfDurable, s_failedDurable, dates, withExecutions: false),
            ErrorTotals(errors, "durable_execution", withExecutions: false));
    }

    private static IEnumerable<(string Key, SortedDictionary<string, long> ByStatus, SortedDictionary<string, SortedDictionary<string, long>> ByDay)> ByDayOfExecutions(WorldTruthReport u) =>
        u.Executions.Select(e => (e.Key, e.Value.ByStatus, e.Value.ByDay));

    private static IEnumerable<(string Key, SortedDictionary<string, long> ByStatus, SortedDictionary<string, SortedDictionary<string, long>> ByDay)> ByDayOfDurable(WorldTruthReport u) =>
        u.DurableFunctions.Select(f => (f.Key, f.Value.ByStatus, f.Value.ByDay));

    /// <summary>`unit scope: N[ in N]`: the unsuccessful executions per scope, of every day or of <paramref name="dates"/>.</summary>
    private IEnumerable<string> Unsuccessful(
        Func<WorldTruthReport, IEnumerable<(string Key, SortedDictionary<string, long> ByStatus, SortedDictionary<string, SortedDictionary<string, long>> ByDay)>> scopes,
        string[] statuses, HashSet<string>? dates, bool withExecutions) =>
        units.SelectMany(u => scopes(u).Select(s => (Key: $"{Unit(u)} {s.Key}", N: dates is null ? statuses.Sum(x => s.ByStatus.GetValueOrDefault(x)) : InWindow(s.ByDay, dates, statuses))))
            .Where(s => s.N > 0).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => withExecutions ? $"{s.Key}: {s.N} in {s.N}" : $"{s.Key}: {s.N}");

    private static IEnumerable<string> ErrorTotals(QueryTable errors, string source, bool withExecutions) =>
        Enumerable.Range(0, errors.Rows.Count).Where(r => errors.Text(r, "source") == source)
            .GroupBy(r => $"{Unit(errors, r)} {errors.Text(r, "scope")}", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => withExecutions ? $"{g.Key}: {g.Sum(r => errors.Long(r, "occurrences"))} in {g.Sum(r => errors.Long(r, "executions"))}" : $"{g.Key}: {g.Sum(r => errors.Long(r, "occurrences"))}");

    private static HashSet<string> Days(DateTimeOffset start, int days) =>
        Enumerable.Range(0, days).Select(d => start.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);

    private static long InWindow(SortedDictionary<string, SortedDictionary<string, long>> byDay, HashSet<string> dates, params string[] statuses) =>
        byDay.Where(d => dates.Contains(d.Key)).Sum(d => statuses.Sum(s => d.Value.GetValueOrDefault(s)));

    private QueryTable RunLevel(string level) =>
        session.Run("FROM (" + session.Queries.Get("latency_percentiles").Sql.TrimEnd().TrimEnd(';') + $") WHERE level = '{level}'");

    private static string Percentiles(QueryTable table, int r) =>
        $"{table.Long(r, "samples")} {table.Long(r, "p50_ms")} {table.Long(r, "p90_ms")} {table.Long(r, "p95_ms")} {table.Long(r, "p99_ms")} {table.Long(r, "max_ms")}";

    private static string Percentiles(PercentileSummary s) => $"{s.Count} {s.P50} {s.P90} {s.P95} {s.P99} {s.Max}";

    private void Compare(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var lines = expected.ToList();
        AssertSameLines(what, lines, actual);
        if (lines.Count == 0)
        {
            _empty.Add(what);
        }
    }

    /// <summary>Equal line lists (both may be empty: each caller asserts its world has what it compares); on a
    /// difference, the message lists the lines only one side has.</summary>
    public static void AssertSameLines(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a, StringComparer.Ordinal))
        {
            var missing = e.Except(a, StringComparer.Ordinal).Take(25);
            var extra = a.Except(e, StringComparer.Ordinal).Take(25);
            Assert.Fail($"{what}: {e.Count} truth lines, {a.Count} query lines.\ntruth only:\n  {string.Join("\n  ", missing)}\nquery only:\n  {string.Join("\n  ", extra)}");
        }
    }
}
