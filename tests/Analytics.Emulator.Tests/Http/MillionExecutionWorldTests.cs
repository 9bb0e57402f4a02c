using System.Diagnostics;
using System.Text.Json.Nodes;
using Analytics.Emulator.Http;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Emulator.World;
using Xunit.Abstractions;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

public sealed class MillionExecutionWorldTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_endpoint_serves_random_pages_of_a_million_execution_world()
    {
        // The default world scaled up until its state machines hold about a million executions.
        var json = File.ReadAllText(TestPaths.DefaultWorld).Replace("\"scale\": 1.0", "\"scale\": 340", StringComparison.Ordinal);
        // Listed by start date, which stays lazy (the AWS order sorts each state machine at its first listing: make bench).
        var world = WorldLoader.LoadJson(json, "default.json x340", seed: 7, listOrder: ExecutionListOrder.ByStart);
        var total = world.StateMachines.Sum(m => (long)world.ListExecutions(m.StateMachineArn).Count);
        Assert.True(total >= 900_000, $"the scaled world has only {total} executions");
        await using var server = await EmulatorServer.StartAsync(world, new EmulatorOptions());
        using var http = new HttpClient();
        var client = new WireClient(http, server.Url);
        var random = new Random(11);

        var watch = Stopwatch.StartNew();
        var biggest = world.StateMachines.MaxBy(m => world.ListExecutions(m.StateMachineArn).Count)!;
        var executions = world.ListExecutions(biggest.StateMachineArn);
        // Follow tokens a few pages deep, then fetch the history of executions picked at random anywhere in the list.
        var body = new JsonObject { ["stateMachineArn"] = biggest.StateMachineArn, ["maxResults"] = 1000 };
        for (var page = 0; page < 3; page++)
        {
            var response = await client.Sfn("ListExecutions", body.ToJsonString());
            Assert.Equal(200, response.Status);
            var listed = response.Json.GetProperty("executions");
            Assert.Equal(1000, listed.GetArrayLength());
            Assert.Equal(executions[(page * 1000) + 999].ExecutionArn, listed[999].GetProperty("executionArn").GetString());
            body["nextToken"] = response.Json.GetProperty("nextToken").GetString();
        }
        for (var i = 0; i < 20; i++)
        {
            var execution = executions[random.Next(executions.Count)];
            var described = await client.Sfn("DescribeExecution", Json(("executionArn", execution.ExecutionArn)));
            var history = await client.Sfn("GetExecutionHistory", Json(("executionArn", execution.ExecutionArn), ("maxResults", 1000)));
            Assert.Equal(200, described.Status);
            Assert.Equal(execution.Status, described.Json.GetProperty("status").GetString());
            Assert.Equal(200, history.Status);
            Assert.Equal(Math.Min(1000, world.GetExecutionHistory(execution.ExecutionArn)!.Count), history.Json.GetProperty("events").GetArrayLength());
        }

        output.WriteLine($"{total} executions; {executions.Count} on {biggest.Name}; pages served in {watch.ElapsedMilliseconds} ms; "
            + $"working set {Environment.WorkingSet / (1024 * 1024)} MB");
    }
}
