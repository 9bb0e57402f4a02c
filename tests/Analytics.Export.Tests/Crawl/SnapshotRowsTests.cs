using System.Globalization;
using Analytics.DuckDb;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// The snapshot tables (state_machines, functions) of one export date hold every resource exactly once, whatever failed
/// in a later run of the day and whatever shard layout wrote them (issue 15, items 1 and 4). Each test's exports run on
/// one <see cref="ShiftedClock.SameDay"/> clock, so they share a date however long the test takes; the fixture's
/// reference may still be of the day before (exported before a UTC midnight): its snapshot rows are compared with
/// <see cref="Dataset.Comparable"/>.
/// </summary>
public sealed class SnapshotRowsTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task A_denied_describe_or_config_call_keeps_the_resources_earlier_rows_of_the_day()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD" && fixture.World.ListExecutions(m.StateMachineArn).Count > 0);
        var deniedFunction = fixture.World.Functions.First(f => f.DurableConfig is null && f.EventInvokeConfigs.Count > 0);
        var dir = fixture.NewDir("snapshot-carry");
        var clock = ShiftedClock.SameDay();
        Assert.False((await Exporter.Create(fixture.Server.Url, dir, time: clock).RunAsync()).IsPartial);

        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, deniedFunction.FunctionName)))
        {
            var result = await Exporter.Create(server.Url, dir, time: clock).RunAsync();

            Assert.True(result.IsPartial); // exit 1
            Assert.Equal(2, result.Failures);
            using var reference = new Dataset(fixture.ReferenceDir);
            using var data = new Dataset(dir);
            // The denied resources' rows of the first run are still there, once, with their values.
            var machine = $"state_machine_arn = '{denied.StateMachineArn}'";
            AssertEqual(Dataset.Comparable(reference, data, "state_machines", machine));
            var function = $"function_name = '{deniedFunction.FunctionName}'";
            Assert.NotEmpty(reference.Dump("functions", function));
            AssertEqual(Dataset.Comparable(reference, data, "functions", function));
            AssertEqual(Dataset.Comparable(reference, data, "state_machines"));
            AssertEqual(Dataset.Comparable(reference, data, "functions"));
        }

        Assert.False((await Exporter.Create(fixture.Server.Url, dir, time: clock).RunAsync()).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_denied_call_on_a_later_day_carries_the_latest_rows_into_that_days_snapshot()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD");
        var deniedFunction = fixture.World.Functions.First(f => f.EventInvokeConfigs.Count > 0);
        var dir = fixture.NewDir("snapshot-next-day");
        var clock = ShiftedClock.SameDay();
        Assert.False((await Exporter.Create(fixture.Server.Url, dir, time: clock).RunAsync()).IsPartial);
        var nextDay = clock.Shifted(TimeSpan.FromDays(1));

        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, deniedFunction.FunctionName)))
        {
            Assert.True((await Exporter.Create(server.Url, dir, time: nextDay).RunAsync()).IsPartial);
        }

        // The next day's snapshot is whole: the denied resources' rows of the day before, once, as they were.
        using var reference = new Dataset(fixture.ReferenceDir);
        using var data = new Dataset(dir);
        var day = DuckDbSql.Literal(DateOnly.FromDateTime(nextDay.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        foreach (var table in new[] { "state_machines", "functions" })
        {
            Assert.Equal(reference.Dump(table).Count, data.Dump(table, $"date = {day}").Count);
            Assert.Equal(
                reference.Strings($"SELECT to_json(x)::VARCHAR AS j FROM (SELECT * EXCLUDE (export_run_id, date) FROM {reference.Table(table)}) x ORDER BY j"),
                data.Strings($"SELECT to_json(x)::VARCHAR AS j FROM (SELECT * EXCLUDE (export_run_id, date) FROM {data.Table(table)} WHERE date = {day}) x ORDER BY j"));
        }
    }

    [Fact]
    public async Task A_resource_denied_in_the_first_run_of_the_day_has_no_row_to_keep_and_gets_one_next_run()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD");
        var dir = fixture.NewDir("snapshot-first-denied");
        var clock = ShiftedClock.SameDay();
        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, "no-such-function")))
        {
            Assert.True((await Exporter.Create(server.Url, dir, time: clock).RunAsync()).IsPartial);
            using var data = new Dataset(dir);
            Assert.Equal(0, data.Count("state_machines", $"state_machine_arn = '{denied.StateMachineArn}'"));
        }
        Assert.False((await Exporter.Create(fixture.Server.Url, dir, time: clock).RunAsync()).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Changing_the_shard_layout_on_the_same_day_keeps_each_snapshot_row_once(bool shardedFirst)
    {
        var dir = fixture.NewDir(shardedFirst ? "sharded-then-all" : "all-then-sharded");
        string?[] layouts = shardedFirst ? ["0/2", "1/2", null] : [null, "0/2", "1/2"];
        var clock = ShiftedClock.SameDay();
        foreach (var shard in layouts)
        {
            Assert.False((await Exporter.Create(fixture.Server.Url, dir, o => o.Shard = shard, time: clock).RunAsync()).IsPartial);
            if (!(shardedFirst && shard == "0/2"))
            {
                // Between the two shards of a layout too: the other layout's rows stand in for the shard not yet run.
                AssertSnapshotsOnce(dir);
            }
        }
        fixture.AssertSameAsReference(dir);
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);
    }

    [Fact]
    public async Task Both_shards_of_a_new_layout_may_run_side_by_side_the_day_they_take_over()
    {
        var dir = fixture.NewDir("all-then-shards-together");
        var clock = ShiftedClock.SameDay();
        Assert.False((await Exporter.Create(fixture.Server.Url, dir, time: clock).RunAsync()).IsPartial);

        // Both rewrite the unsharded run's files of the day: one waits for the other (takeover.lock), then reads afresh.
        var runs = await Task.WhenAll(
            Task.Run(() => Exporter.Create(fixture.Server.Url, dir, o => o.Shard = "0/2", time: clock).RunAsync()),
            Task.Run(() => Exporter.Create(fixture.Server.Url, dir, o => o.Shard = "1/2", time: clock).RunAsync()));

        Assert.All(runs, r => Assert.False(r.IsPartial));
        fixture.AssertSameAsReference(dir);
        Assert.Equal(0, (await CliRun.RunAsync("verify", "--out", dir)).Exit);
    }

    private void AssertSnapshotsOnce(string dir)
    {
        using var reference = new Dataset(fixture.ReferenceDir);
        using var data = new Dataset(dir);
        AssertEqual(Dataset.Comparable(reference, data, "state_machines"));
        AssertEqual(Dataset.Comparable(reference, data, "functions"));
    }

    private static void AssertEqual((List<string> Expected, List<string> Actual) rows) => Assert.Equal(rows.Expected, rows.Actual);
}
