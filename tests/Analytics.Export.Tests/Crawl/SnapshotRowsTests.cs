using System.Globalization;
using Analytics.DuckDb;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// The snapshot tables (state_machines, functions) of one export date hold every resource exactly once, whatever failed
/// in a later run of the day and whatever shard layout wrote them (issue 15, items 1 and 4).
/// </summary>
public sealed class SnapshotRowsTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task A_denied_describe_or_config_call_keeps_the_resources_earlier_rows_of_the_day()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD" && fixture.World.ListExecutions(m.StateMachineArn).Count > 0);
        var deniedFunction = fixture.World.Functions.First(f => f.DurableConfig is null && f.EventInvokeConfigs.Count > 0);
        var dir = fixture.NewDir("snapshot-carry");
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);

        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, deniedFunction.FunctionName)))
        {
            var result = await Exporter.RunAsync(server.Url, dir);

            Assert.True(result.IsPartial); // exit 1
            Assert.Equal(2, result.Failures);
            using var reference = new Dataset(fixture.ReferenceDir);
            using var data = new Dataset(dir);
            // The denied resources' rows of the first run are still there, once, with their values.
            var machine = $"state_machine_arn = '{denied.StateMachineArn}'";
            Assert.Equal(reference.Dump("state_machines", machine), data.Dump("state_machines", machine));
            var function = $"function_name = '{deniedFunction.FunctionName}'";
            Assert.NotEmpty(reference.Dump("functions", function));
            Assert.Equal(reference.Dump("functions", function), data.Dump("functions", function));
            Assert.Equal(reference.Dump("state_machines"), data.Dump("state_machines"));
            Assert.Equal(reference.Dump("functions"), data.Dump("functions"));
        }

        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    [Fact]
    public async Task A_denied_call_on_a_later_day_carries_the_latest_rows_into_that_days_snapshot()
    {
        var denied = fixture.World.StateMachines.First(m => m.Type == "STANDARD");
        var deniedFunction = fixture.World.Functions.First(f => f.EventInvokeConfigs.Count > 0);
        var dir = fixture.NewDir("snapshot-next-day");
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        var nextDay = new ShiftedClock(TimeSpan.FromDays(1));

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
        await using (var server = await EmulatorHost.StartAsync(new DenyingWorld(fixture.World, denied.StateMachineArn, "no-such-function")))
        {
            Assert.True((await Exporter.RunAsync(server.Url, dir)).IsPartial);
            using var data = new Dataset(dir);
            Assert.Equal(0, data.Count("state_machines", $"state_machine_arn = '{denied.StateMachineArn}'"));
        }
        Assert.False((await Exporter.RunAsync(fixture.Server.Url, dir)).IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
