using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

/// <summary>Every named query over a generated dataset equals the figures computed from the same rows in C#.</summary>
public sealed class NamedQueryTests(DatasetFixture dataset) : IClassFixture<DatasetFixture>
{
    /// <summary>ISO week 2026-W46, and an odd window that cuts through days and weeks.</summary>
    public static TheoryData<string, string> Windows => new()
    {
        { "2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z" },
        { "2026-11-04T12:00:00Z", "2026-11-19T06:30:00Z" },
    };

    private QueryTable Run(string name, string start, string end)
    {
        using var session = QuerySession.Open(dataset.Root, new QuerySessionOptions { Threads = 2 });
        return Unscoped(session.RunNamed(name, QueryParameters.Parse([$"start={start}", $"end={end}"])));
    }

    /// <summary>Every named query starts with account_id and region; the generated world is one account and region,
    /// so each row must carry those, and the rest of the row is what the C# figures compare.</summary>
    internal static QueryTable Unscoped(QueryTable table)
    {
        Assert.Equal(["account_id", "region"], table.Columns.Take(2).Select(c => c.Name));
        Assert.All(table.Rows, r => Assert.Equal([WorldGenerator.Account, WorldGenerator.Region], r.Take(2)));
        return new QueryTable(table.Columns[2..], table.Rows.Select(r => r[2..]).ToList());
    }

    private static void AssertRows(List<object?[]> expected, QueryTable actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(Canonical.Rows(expected), Canonical.Rows(actual));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Failure_rates_match_the_rows_per_state_machine_and_map_run_child(string start, string end)
    {
        var table = Run("failure_rates", start, end);

        Assert.Equal(["state_machine", "is_map_run", "executions", "succeeded", "failed", "timed_out", "aborted", "running", "closed", "failure_rate"],
            table.Columns.Select(c => c.Name));
        AssertRows(Expected.FailureRates(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
        Assert.Contains(table.Rows, r => (string)r[0]! == "etl-nightly/ProcessFiles" && (bool)r[1]!);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Retry_attempt_histograms_match_for_task_states_and_durable_steps(string start, string end)
    {
        var table = Run("retry_attempts", start, end);

        Assert.Equal(["kind", "scope", "name", "attempts", "visits", "share"], table.Columns.Select(c => c.Name));
        AssertRows(Expected.RetryAttempts(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
        Assert.Contains(table.Rows, r => (string)r[2]! == "Charge" && (int)r[3]! == 3);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Latency_percentiles_are_nearest_rank_at_every_level(string start, string end)
    {
        var table = Run("latency_percentiles", start, end);

        Assert.Equal(["level", "state_machine", "state_name", "resource", "samples", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms"],
            table.Columns.Select(c => c.Name));
        AssertRows(Expected.LatencyPercentiles(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Map_run_health_matches_item_counts_and_statuses(string start, string end)
    {
        var table = Run("map_run_health", start, end);

        Assert.Equal("state_machine", table.Columns[0].Name);
        Assert.Equal("item_failure_rate", table.Columns[12].Name);
        AssertRows(Expected.MapRunHealth(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Top_errors_match_per_source(string start, string end)
    {
        var table = Run("top_errors", start, end);

        Assert.Equal(["source", "scope", "name", "error", "occurrences", "executions", "last_seen"], table.Columns.Select(c => c.Name));
        AssertRows(Expected.TopErrors(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
    }

    [Fact]
    public void Top_errors_keeps_limit_rows_per_source()
    {
        using var session = QuerySession.Open(dataset.Root);
        var table = Unscoped(session.RunNamed("top_errors", QueryParameters.Parse(["start=2026-11-02", "end=2026-11-23", "limit=2"])));

        AssertRows(Expected.TopErrors(dataset.World, new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), limit: 2), table);
        Assert.All(table.Rows.GroupBy(r => r[0]), g => Assert.True(g.Count() <= 2));
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void Durable_health_matches_statuses_durations_and_step_retries(string start, string end)
    {
        var table = Run("durable_health", start, end);

        Assert.Equal("function_name", table.Columns[0].Name);
        Assert.Equal("step_attempts", table.Columns[^1].Name);
        AssertRows(Expected.DurableHealth(dataset.World, DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), table);
    }

    [Fact]
    public void Without_a_window_a_query_covers_the_whole_dataset()
    {
        using var session = QuerySession.Open(dataset.Root);
        var table = Unscoped(session.RunNamed("failure_rates"));

        AssertRows(Expected.FailureRates(dataset.World, DateTimeOffset.MinValue, DateTimeOffset.MaxValue), table);
        Assert.Equal(dataset.World.Executions.Count, table.Rows.Sum(r => (long)r[2]!));
    }

    [Fact]
    public void Parameters_of_one_query_do_not_leak_into_the_next()
    {
        using var session = QuerySession.Open(dataset.Root);
        var windowed = Unscoped(session.RunNamed("failure_rates", QueryParameters.Parse(["start=2026-11-09", "end=2026-11-10"])));
        var all = Unscoped(session.RunNamed("failure_rates"));

        Assert.True(windowed.Rows.Sum(r => (long)r[2]!) < all.Rows.Sum(r => (long)r[2]!));
        Assert.Equal(dataset.World.Executions.Count, all.Rows.Sum(r => (long)r[2]!));
    }

    [Fact]
    public void Unknown_query_or_parameter_or_bad_timestamp_is_a_clear_error()
    {
        using var session = QuerySession.Open(dataset.Root);

        Assert.Contains("Available: accounts_regions, async_invoke_configs, durable_health, failure_rates", Assert.Throws<QueryException>(() => session.RunNamed("nope")).Message, StringComparison.Ordinal);
        Assert.Contains("has no parameter 'statr'", Assert.Throws<QueryException>(
            () => session.RunNamed("failure_rates", QueryParameters.Parse(["statr=2026-11-09"]))).Message, StringComparison.Ordinal);
        Assert.Contains("is not a date or timestamp", Assert.Throws<QueryException>(
            () => session.RunNamed("failure_rates", QueryParameters.Parse(["start=last tuesday'; DROP"]))).Message, StringComparison.Ordinal);
    }
}
