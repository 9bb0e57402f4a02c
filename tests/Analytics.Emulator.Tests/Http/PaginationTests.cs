using System.Globalization;
using System.Text.Json.Nodes;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class PaginationTests(SharedEmulator emulator) : IClassFixture<SharedEmulator>
{
    private WireClient Client => emulator.Host.Client;

    private FixedWorld World => emulator.Host.World;

    private static int PagesFor(int items, int pageSize) => Math.Max(1, (items + pageSize - 1) / pageSize);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Step_Functions_listings_return_every_item_exactly_once_in_order(int pageSize)
    {
        var machines = await Pages.SfnAsync(Client, "ListStateMachines", new JsonObject { ["maxResults"] = pageSize },
            "stateMachines", e => e.GetProperty("stateMachineArn").GetString()!);
        var executions = await Pages.SfnAsync(Client, "ListExecutions",
            new JsonObject { ["stateMachineArn"] = FixedWorld.MachineArn("orders"), ["maxResults"] = pageSize },
            "executions", e => e.GetProperty("executionArn").GetString()!);
        var children = await Pages.SfnAsync(Client, "ListExecutions",
            new JsonObject { ["mapRunArn"] = FixedWorld.ExpressMapRunArn, ["maxResults"] = pageSize },
            "executions", e => e.GetProperty("executionArn").GetString()!);
        var mapRuns = await Pages.SfnAsync(Client, "ListMapRuns",
            new JsonObject { ["executionArn"] = FixedWorld.BatchExecutionArn, ["maxResults"] = pageSize },
            "mapRuns", e => e.GetProperty("mapRunArn").GetString()!);

        Assert.Equal(World.StateMachines.Select(m => m.StateMachineArn), machines.Keys);
        Assert.Equal(Enumerable.Range(0, FixedWorld.OrderExecutions).Select(FixedWorld.OrderArn), executions.Keys);
        Assert.Equal(PagesFor(FixedWorld.OrderExecutions, pageSize), executions.Pages);
        Assert.Equal(Enumerable.Range(0, FixedWorld.ExpressChildren).Select(FixedWorld.ExpressChildArn), children.Keys);
        Assert.Equal(World.ListMapRuns(FixedWorld.BatchExecutionArn).Select(r => r.MapRunArn), mapRuns.Keys);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Execution_history_pages_cover_every_event_once_in_both_orders(int pageSize)
    {
        var arn = FixedWorld.OrderArn(FixedWorld.BigHistoryOrder);
        var forward = await Pages.SfnAsync(Client, "GetExecutionHistory",
            new JsonObject { ["executionArn"] = arn, ["maxResults"] = pageSize }, "events", e => Text(e.GetProperty("id").GetInt64()));
        var reverse = await Pages.SfnAsync(Client, "GetExecutionHistory",
            new JsonObject { ["executionArn"] = arn, ["maxResults"] = pageSize, ["reverseOrder"] = true },
            "events", e => Text(e.GetProperty("id").GetInt64()));

        var ids = Enumerable.Range(1, FixedWorld.BigHistoryEvents).Select(i => Text(i)).ToList();
        Assert.Equal(ids, forward.Keys);
        Assert.Equal(ids.AsEnumerable().Reverse(), reverse.Keys);
        Assert.Equal(PagesFor(FixedWorld.BigHistoryEvents, pageSize), forward.Pages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Lambda_listings_return_every_item_exactly_once_in_order(int pageSize)
    {
        var functions = await Pages.LambdaAsync(Client, "/2015-03-31/functions", $"MaxItems={pageSize}",
            "Functions", e => e.GetProperty("FunctionName").GetString()!);
        var configs = await Pages.LambdaAsync(Client, "/2019-09-25/functions/checkout/event-invoke-config/list",
            $"MaxItems={Math.Min(pageSize, 50)}", "FunctionEventInvokeConfigs", e => e.GetProperty("FunctionArn").GetString()!);
        var durable = await Pages.LambdaAsync(Client, "/2025-12-01/functions/durable-orders/durable-executions",
            $"MaxItems={pageSize}", "DurableExecutions", e => e.GetProperty("DurableExecutionArn").GetString()!);

        Assert.Equal(World.Functions.Select(f => f.FunctionName), functions.Keys);
        Assert.Equal(PagesFor(FixedWorld.FunctionCount, Math.Min(pageSize, 50)), functions.Pages);
        Assert.Equal(World.Functions[0].EventInvokeConfigs.Select(c => c.FunctionArn), configs.Keys);
        Assert.Equal(Enumerable.Range(0, FixedWorld.DurableOrders).Select(FixedWorld.DurableArn), durable.Keys);
        Assert.Equal(PagesFor(FixedWorld.DurableOrders, pageSize), durable.Pages);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task Durable_history_and_state_pages_cover_every_item_once(int pageSize)
    {
        var execution = World.DurableOrder(FixedWorld.BigDurableHistory);
        var arn = Encode(execution.DurableExecutionArn);
        var forward = await Pages.LambdaAsync(Client, $"/2025-12-01/durable-executions/{arn}/history", $"MaxItems={pageSize}",
            "Events", e => Text(e.GetProperty("EventId").GetInt32()));
        var reverse = await Pages.LambdaAsync(Client, $"/2025-12-01/durable-executions/{arn}/history",
            $"MaxItems={pageSize}&ReverseOrder=true", "Events", e => Text(e.GetProperty("EventId").GetInt32()));

        var ids = Enumerable.Range(1, FixedWorld.BigDurableHistoryEvents).Select(i => Text(i)).ToList();
        Assert.Equal(ids, forward.Keys);
        Assert.Equal(ids.AsEnumerable().Reverse(), reverse.Keys);

        var running = World.DurableOrder(0);
        var state = await Pages.LambdaAsync(Client, $"/2025-12-01/durable-executions/{Encode(running.DurableExecutionArn)}/state",
            $"MaxItems={pageSize}&CheckpointToken={Encode(FixedWorld.CheckpointToken(running))}", "Operations",
            e => e.GetProperty("Id").GetString()!);
        var operations = World.GetDurableExecutionState(running.DurableExecutionArn)!.Count;
        Assert.Equal(operations, state.Keys.Distinct().Count());
        Assert.Equal(operations, state.Keys.Count);
    }

    [Fact]
    public async Task A_filtered_listing_with_no_match_ends_without_a_token()
    {
        var response = await Client.Sfn("ListExecutions",
            Json(("mapRunArn", FixedWorld.StandardMapRunArn), ("statusFilter", "TIMED_OUT")));

        Assert.Equal(0, response.Json.GetProperty("executions").GetArrayLength());
        Assert.False(response.Json.TryGetProperty("nextToken", out _));
    }
}

public sealed class FilteredPaginationTests
{
    [Fact]
    public async Task A_rare_filter_over_a_long_listing_gives_short_pages_that_still_cover_every_match()
    {
        // Each page may examine only 100 executions, so most pages of this rare filter come back short or empty.
        await using var host = await EmulatorHost.StartAsync(new Analytics.Emulator.Http.EmulatorOptions { FilterScanLimit = 100 });
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["stateMachineArn"] = FixedWorld.MachineArn("orders"),
            ["redriveFilter"] = "REDRIVEN",
            ["maxResults"] = 1000,
        };

        var redriven = await Pages.SfnAsync(host.Client, "ListExecutions", body, "executions", e => e.GetProperty("executionArn").GetString()!);

        var expected = Enumerable.Range(0, FixedWorld.OrderExecutions).Select(host.World.Order).Where(e => e.RedriveCount > 0)
            .Select(e => e.ExecutionArn).ToList();
        Assert.Equal(expected, redriven.Keys);
        Assert.True(redriven.Pages >= FixedWorld.OrderExecutions / 100, $"{redriven.Pages} pages");
    }
}
