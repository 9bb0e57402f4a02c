using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

public sealed class TruthTests
{
    private static readonly Lazy<(SimulatedWorld World, WorldTruthReport Truth)> s_default = new(() =>
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 42);
        return (world, WorldTruth.Compute(world, CancellationToken.None));
    });

    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4 }, 500, 2)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 900, 4)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 500, 5)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 900, 9)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 950, 10)]
    [InlineData(new long[] { 7 }, 990, 7)]
    [InlineData(new long[] { 3, 9 }, 0, 3)]
    public void Percentiles_match_duckdb_quantile_disc(long[] sorted, int perMille, long expected)
    {
        // Expected values verified against DuckDB 1.5.6 quantile_disc.
        Assert.Equal(expected, Percentiles.NearestRank(sorted, perMille));
    }

    [Fact]
    public void Percentiles_use_exact_ranks_at_boundaries()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();
        Assert.Equal(99, Percentiles.NearestRank(hundred, 990));
        Assert.Equal(95, Percentiles.NearestRank(hundred, 950));
        Assert.Equal(100, Percentiles.NearestRank(hundred, 1000));
        var twenty = Enumerable.Range(1, 20).Select(i => (long)i).ToArray();
        Assert.Equal(18, Percentiles.NearestRank(twenty, 900));
        Assert.Equal(19, Percentiles.NearestRank(twenty, 950));
    }

    [Fact]
    public void Truth_counts_add_up_and_match_the_listings()
    {
        var (world, truth) = s_default.Value;
        foreach (var sm in world.StateMachines.Where(s => s.Type == "STANDARD"))
        {
            var t = truth.Executions[sm.Name];
            Assert.Equal(world.ListExecutions(sm.StateMachineArn).Count, t.Total);
        }
        foreach (var (key, t) in truth.Executions)
        {
            Assert.Equal(t.Total, t.ByStatus.Values.Sum());
            Assert.Equal(t.Total, t.ByDay.Values.SelectMany(d => d.Values).Sum());
            Assert.Equal(t.Total - t.ByStatus.GetValueOrDefault("RUNNING"), t.Closed);
            var failed = t.ByStatus.GetValueOrDefault("FAILED") + t.ByStatus.GetValueOrDefault("TIMED_OUT") + t.ByStatus.GetValueOrDefault("ABORTED");
            Assert.Equal(t.Closed == 0 ? null : (double)failed / t.Closed, t.FailureRate);
            Assert.Equal(t.Closed, t.DurationMs?.Count ?? 0);
            if (t.Kind == "child")
            {
                Assert.Equal(truth.MapRuns[key].ChildExecutions, t.Total);
                Assert.Equal(truth.MapRuns[key].ChildExecutionsByStatus, t.ByStatus);
            }
        }
        Assert.Contains("nightly-inventory-sync/SkuSync", truth.Executions.Keys);
        Assert.Contains("clickstream-batch/Enrich", truth.Executions.Keys);
        Assert.True(truth.Executions.Values.Sum(t => t.ByStatus.GetValueOrDefault("RUNNING")) > 0);
        Assert.True(truth.Executions.Values.Sum(t => t.Redriven) > 0);
    }

    [Fact]
    public void Truth_durations_are_the_documented_percentiles_of_the_listed_executions()
    {
        var (world, truth) = s_default.Value;
        var sm = world.StateMachines.Single(s => s.Name == "order-fulfillment");
        var list = world.ListExecutions(sm.StateMachineArn);
        var durations = Enumerable.Range(0, list.Count).Select(k => list[k]).Where(e => e.StopDate is not null)
            .Select(e => (long)(e.StopDate!.Value - e.StartDate).TotalMilliseconds).Order().ToArray();
        long Rank(decimal p) => durations[Math.Max(0, (int)Math.Ceiling(p * durations.Length) - 1)];
        var expected = new PercentileSummary(durations.Length, Rank(0.5m), Rank(0.9m), Rank(0.95m), Rank(0.99m), durations[^1]);
        Assert.Equal(expected, truth.Executions[sm.Name].DurationMs);
    }

    [Fact]
    public void Truth_attempt_histograms_cover_retried_task_states()
    {
        var (_, truth) = s_default.Value;
        var check = truth.Executions["order-fulfillment"].TaskAttempts["CheckInventory"];
        Assert.True(check[1] > check.GetValueOrDefault(2));
        Assert.True(check.GetValueOrDefault(2) > 0);
        // Every closed execution visits ValidateOrder once, except aborted ones stopped before it scheduled an attempt.
        var order = truth.Executions["order-fulfillment"];
        Assert.InRange(order.TaskAttempts["ValidateOrder"].Values.Sum(), order.Closed - order.ByStatus.GetValueOrDefault("ABORTED"), order.Closed);
        var steps = truth.DurableFunctions["subscription-renewal"].StepAttempts["charge-card"];
        Assert.True(steps.Keys.Max() > 1);
        Assert.Contains("lambda:invoke", truth.TaskResourceRunMs.Keys);
        Assert.Contains("arn:aws:states:us-east-1:123456789012:activity:refund-review", truth.TaskResourceRunMs.Keys);
        Assert.True(truth.EventCounts.StepFunctions["ExecutionStarted"] > truth.EventCounts.StepFunctionsClosedOnly["ExecutionSucceeded"]);
    }

    [Fact]
    public void Truth_reflects_the_second_week_regression_variant()
    {
        var (world, _) = s_default.Value;
        var sm = world.StateMachines.Single(s => s.Name == "order-fulfillment");
        var list = world.ListExecutions(sm.StateMachineArn);
        var boundary = DateTimeOffset.Parse("2026-11-16T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        double Rate(bool secondWeek)
        {
            var execs = Enumerable.Range(0, list.Count).Select(k => list[k]).Where(e => e.StopDate is not null && (e.StartDate >= boundary) == secondWeek).ToList();
            return (double)execs.Count(e => e.Error == "PaymentFailed") / execs.Count;
        }
        Assert.True(Rate(secondWeek: true) > 1.5 * Rate(secondWeek: false), $"{Rate(true)} vs {Rate(false)}");
    }
}
