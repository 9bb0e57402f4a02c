namespace Analytics.Query.Tests;

/// <summary>
/// latency_regressions computes its percentiles and Mann-Whitney z from counts per distinct duration (it must stay fast
/// on tens of millions of samples): they must equal DuckDB's quantile_disc over the samples and the textbook test
/// (mid-ranks of tied durations, tie-corrected variance), for sample sizes around every rounding of n * 0.95; and they
/// must not depend on how the threads split the work (the same rows to the last digit on every run).
/// </summary>
public sealed class LatencyRegressionsStatisticsTests
{
    private const int MaxSamples = 45;

    [Fact]
    public void Percentiles_and_z_equal_quantile_disc_and_the_mid_rank_test_for_every_sample_size()
    {
        using var folder = new TempFolder();
        WriteExecutions(folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        var table = session.RunNamed("latency_regressions", QueryParameters.Parse(["start=2026-11-16", "end=2026-11-23"]));
        var expected = session.Run(
            "SELECT state_machine_name, quantile_disc(duration_ms, 0.5) FILTER (WHERE NOT cur) AS p50_previous_ms, "
            + "quantile_disc(duration_ms, 0.5) FILTER (WHERE cur) AS p50_current_ms, "
            + "quantile_disc(duration_ms, 0.95) FILTER (WHERE NOT cur) AS p95_previous_ms, "
            + "quantile_disc(duration_ms, 0.95) FILTER (WHERE cur) AS p95_current_ms "
            + "FROM (SELECT *, start_time >= TIMESTAMPTZ '2026-11-16 00:00:00+00' AS cur FROM executions) GROUP BY 1");

        var samples = session.Run("SELECT state_machine_name, start_time >= TIMESTAMPTZ '2026-11-16 00:00:00+00' AS cur, duration_ms FROM executions");
        List<long> Samples(string? name, bool current) => Enumerable.Range(0, samples.Rows.Count)
            .Where(r => samples.Text(r, "state_machine_name") == name && (bool)samples.Value(r, "cur")! == current)
            .Select(r => samples.Long(r, "duration_ms")).ToList();

        Assert.Equal(MaxSamples, table.Rows.Count);
        for (var row = 0; row < expected.Rows.Count; row++)
        {
            var name = expected.Text(row, "state_machine_name");
            var actual = Enumerable.Range(0, table.Rows.Count).Single(r => table.Text(r, "state_machine") == name);
            foreach (var column in new[] { "p50_previous_ms", "p50_current_ms", "p95_previous_ms", "p95_current_ms" })
            {
                Assert.True(expected.Long(row, column) == table.Long(actual, column), $"{name} {column}");
            }
            var z = MannWhitneyZ(Samples(name, current: false), Samples(name, current: true));
            var actualZ = table.Double(actual, "mann_whitney_z");
            if (z is null)
            {
                Assert.Null(actualZ);
            }
            else
            {
                Assert.Equal(z.Value, actualZ!.Value, 9);
            }
        }
    }

    [Fact]
    public void A_resource_called_from_many_states_gets_the_same_z_on_every_run()
    {
        using var folder = new TempFolder();
        WriteAttempts(folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });
        var parameters = QueryParameters.Parse(["start=2026-11-16", "end=2026-11-23"]);

        // z is van Elteren's: one rank sum and variance per calling state, summed. A sum whose order followed the
        // threads changed z's last digits from run to run.
        var table = session.RunNamed("latency_regressions", parameters);
        var resource = Enumerable.Range(0, table.Rows.Count).Single(r => table.Text(r, "level") == "resource");
        var samples = session.Run("SELECT state_name, execution_start_time >= TIMESTAMPTZ '2026-11-16 00:00:00+00' AS cur, run_ms FROM task_attempts");
        var strata = Enumerable.Range(0, samples.Rows.Count).GroupBy(r => samples.Text(r, "state_name"))
            .Select(g => RankSumExcess(
                g.Where(r => !(bool)samples.Value(r, "cur")!).Select(r => samples.Long(r, "run_ms")).ToList(),
                g.Where(r => (bool)samples.Value(r, "cur")!).Select(r => samples.Long(r, "run_ms")).ToList()))
            .ToList();
        Assert.Equal(strata.Sum(s => s.Excess) / Math.Sqrt(strata.Sum(s => s.Variance)), table.Double(resource, "mann_whitney_z")!.Value, 9);

        // Joined, so that a failure shows the rows' differing digits.
        var first = string.Join("\n", Canonical.Rows(table));
        for (var run = 0; run < 15; run++)
        {
            Assert.Equal(first, string.Join("\n", Canonical.Rows(session.RunNamed("latency_regressions", parameters))));
        }
    }

    /// <summary>Task attempts of one resource from 400 states of 4 state machines, 20-36 per state and week, one file per
    /// day: many strata with variances that are not round numbers.</summary>
    private static void WriteAttempts(string root) => WriteTable(root, "task_attempts",
        "SELECT 'arn:aws:states:us-east-1:123456789012:execution:sm-' || (s % 4) || ':e' || s || '-' || w || '-' || i AS execution_arn, "
        + "'State' || s AS state_name, 1 AS attempt, 'lambda' AS resource_type, 'invoke' AS resource, "
        + "'succeeded' AS outcome, 'sm-' || (s % 4) AS state_machine_name, '123456789012' AS account_id, 'us-east-1' AS region, "
        + "TIMESTAMPTZ '2026-11-09 00:00:00+00' + INTERVAL (7 * w + i % 7) DAY + INTERVAL (s) MINUTE AS execution_start_time, "
        + "((i * 37 + s * 11 + w * 5) % 23) * 10 + w * (s % 3) * 15 AS run_ms, CAST(execution_start_time AS DATE) AS date "
        + "FROM range(0, 400) AS a(s), range(0, 2) AS b(w), range(0, 36) AS c(i) WHERE i < 20 + (s * 7 + w) % 17");

    [Fact]
    public void One_stratum_alone_is_ranked_whole()
    {
        // The running sums go in two halves of the strata (one per thread): one stratum is all of the first half.
        using var folder = new TempFolder();
        WriteExecutions(folder.Path, only: MaxSamples);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        var table = session.RunNamed("latency_regressions", QueryParameters.Parse(["start=2026-11-16", "end=2026-11-23"]));
        var samples = session.Run("SELECT start_time >= TIMESTAMPTZ '2026-11-16 00:00:00+00' AS cur, duration_ms FROM executions");
        List<long> Samples(bool current) => Enumerable.Range(0, samples.Rows.Count)
            .Where(r => (bool)samples.Value(r, "cur")! == current).Select(r => samples.Long(r, "duration_ms")).ToList();

        Assert.Single(table.Rows);
        Assert.Equal(MaxSamples, table.Long(0, "samples_current"));
        Assert.Equal(MannWhitneyZ(Samples(current: false), Samples(current: true))!.Value, table.Double(0, "mann_whitney_z")!.Value, 9);
    }

    /// <summary>Executions of state machines sm-1 .. sm-45 (or sm-<paramref name="only"/> alone): sm-n has n samples in
    /// each week, with many tied durations.</summary>
    private static void WriteExecutions(string root, int? only = null) => WriteTable(root, "executions",
        "SELECT 'arn:aws:states:us-east-1:123456789012:execution:sm-' || n || ':e' || w || '-' || i AS execution_arn, "
        + "'sm-' || n AS state_machine_name, 'arn:aws:states:us-east-1:123456789012:stateMachine:sm-' || n AS state_machine_arn, "
        + "'SUCCEEDED' AS status, TIMESTAMPTZ '2026-11-10 00:00:00+00' + INTERVAL (7 * w) DAY + INTERVAL (i) MINUTE AS start_time, "
        + "((i * 7 + n + w * 3) % 11) * 100 + w * 40 AS duration_ms, '123456789012' AS account_id, 'us-east-1' AS region, "
        + "CAST(TIMESTAMPTZ '2026-11-10 00:00:00+00' + INTERVAL (7 * w) DAY AS DATE) AS date "
        + $"FROM range(1, {MaxSamples + 1}) AS a(n), range(0, 2) AS b(w), range(0, {MaxSamples}) AS c(i) WHERE i < n"
        + (only is { } n ? $" AND n = {n}" : ""));

    /// <summary>Writes a query's rows as the table's Hive-partitioned Parquet files under root.</summary>
    private static void WriteTable(string root, string table, string select)
    {
        using var writer = QuerySession.Open(null, new QuerySessionOptions { AllowWrites = true, Threads = 1 });
        var folder = Path.Combine(root, table).Replace("'", "''", StringComparison.Ordinal);
        using var _ = writer.Execute($"COPY ({select}) TO '{folder}' (FORMAT parquet, PARTITION_BY (date))");
    }

    /// <summary>z of the current sample's rank sum: mid-ranks for ties, normal approximation with the tie correction
    /// (null when every duration is equal: no variance).</summary>
    private static double? MannWhitneyZ(List<long> previous, List<long> current)
    {
        var (excess, variance) = RankSumExcess(previous, current);
        return variance == 0 ? null : excess / Math.Sqrt(variance);
    }

    /// <summary>The current sample's rank sum minus its expectation, and its variance with the tie correction.</summary>
    private static (double Excess, double Variance) RankSumExcess(List<long> previous, List<long> current)
    {
        var all = previous.Select(v => (Value: v, Current: false)).Concat(current.Select(v => (Value: v, Current: true))).OrderBy(s => s.Value).ToList();
        double rankSum = 0, tieTerm = 0;
        for (var start = 0; start < all.Count;)
        {
            var end = start;
            while (end < all.Count && all[end].Value == all[start].Value)
            {
                end++;
            }
            double ties = end - start;
            var midRank = (start + 1 + end) / 2.0;
            rankSum += midRank * all.Skip(start).Take(end - start).Count(s => s.Current);
            tieTerm += ties * ties * ties - ties;
            start = end;
        }
        double n1 = current.Count, n2 = previous.Count, n = n1 + n2;
        return (rankSum - n1 * (n1 + 1) / 2 - n1 * n2 / 2, n1 * n2 / 12.0 * (n + 1 - tieTerm / (n * (n - 1))));
    }
}
