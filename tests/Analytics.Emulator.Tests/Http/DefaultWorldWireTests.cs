using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.Tests.Http.Support;
using static Analytics.Emulator.Tests.Http.Support.WireClient;

namespace Analytics.Emulator.Tests.Http;

/// <summary>
/// Every answer the endpoint gives over the simulator's default world, checked against the wire shapes: all state
/// machines, executions, histories, map runs and their children, functions and durable executions.
/// </summary>
public sealed class DefaultWorldWireTests(DefaultWorldEmulator emulator) : IClassFixture<DefaultWorldEmulator>
{
    private WireClient Client => emulator.Client;

    private readonly ConcurrentBag<string> _problems = [];

    private void Check(WireResponse response, JsonElement json, Support.WireSchema schema, string shape, string what)
    {
        if (response.Status != 200)
        {
            _problems.Add($"{what}: HTTP {response.Status} {response.Body[..Math.Min(300, response.Body.Length)]}");
            return;
        }
        foreach (var problem in schema.Validate(json, shape).Take(5))
        {
            _problems.Add($"{what}: {problem}");
        }
    }

    private async Task<JsonElement> SfnAsync(string operation, string body, string shape, string what)
    {
        var response = await Client.Sfn(operation, body);
        var json = response.Status == 200 ? response.Json : default;
        Check(response, json, WireShapes.StepFunctions, shape, what);
        return json;
    }

    private async Task<List<JsonElement>> SfnPagesAsync(string operation, JsonObject body, string member, string shape, string what)
    {
        var items = new List<JsonElement>();
        while (true)
        {
            var json = await SfnAsync(operation, body.ToJsonString(), shape, what);
            if (json.ValueKind != JsonValueKind.Object)
            {
                return items;
            }
            items.AddRange(json.GetProperty(member).EnumerateArray().Select(e => e.Clone()));
            if (!json.TryGetProperty("nextToken", out var token))
            {
                return items;
            }
            body["nextToken"] = token.GetString();
        }
    }

    private async Task CheckHistoryAsync(string executionArn)
    {
        var events = await SfnPagesAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 },
            "events", "GetExecutionHistoryOutput", "GetExecutionHistory " + executionArn);
        var ids = events.Select(e => e.GetProperty("id").GetInt64()).ToList();
        if (!ids.SequenceEqual(Enumerable.Range(1, ids.Count).Select(i => (long)i)))
        {
            _problems.Add($"GetExecutionHistory {executionArn}: event ids are not 1..{ids.Count} across pages");
        }
    }

    private async Task CheckExecutionAsync(string executionArn, bool withHistory)
    {
        await SfnAsync("DescribeExecution", Json(("executionArn", executionArn)), "DescribeExecutionOutput", "DescribeExecution " + executionArn);
        if (withHistory)
        {
            await CheckHistoryAsync(executionArn);
        }
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) => await action(item));

    [Fact]
    public async Task Every_Step_Functions_answer_over_the_default_world_has_the_wire_shape()
    {
        var machines = await SfnPagesAsync("ListStateMachines", new JsonObject { ["maxResults"] = 3 }, "stateMachines",
            "ListStateMachinesOutput", "ListStateMachines");
        Assert.Equal(emulator.World.StateMachines.Count, machines.Count);
        var executions = 0;
        foreach (var machine in machines)
        {
            var arn = machine.GetProperty("stateMachineArn").GetString()!;
            var described = await SfnAsync("DescribeStateMachine", Json(("stateMachineArn", arn)), "DescribeStateMachineOutput", "DescribeStateMachine " + arn);
            if (machine.GetProperty("type").GetString() == "EXPRESS")
            {
                continue;
            }
            var listed = await SfnPagesAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = arn, ["maxResults"] = 1000 },
                "executions", "ListExecutionsOutput", "ListExecutions " + arn);
            executions += listed.Count;
            var distributed = described.GetProperty("definition").GetString()!.Contains("DISTRIBUTED", StringComparison.Ordinal);
            await ForEachAsync(listed, async execution =>
            {
                var executionArn = execution.GetProperty("executionArn").GetString()!;
                await CheckExecutionAsync(executionArn, withHistory: true);
                if (distributed)
                {
                    await CheckMapRunsAsync(executionArn);
                }
            });
            if (listed.Count > 0)
            {
                await SfnAsync("DescribeStateMachineForExecution", Json(("executionArn", listed[0].GetProperty("executionArn").GetString())),
                    "DescribeStateMachineForExecutionOutput", "DescribeStateMachineForExecution " + arn);
            }
        }

        Assert.True(executions > 1000, $"only {executions} executions in the default world");
        Assert.True(_problems.IsEmpty, $"{_problems.Count} problems:\n" + string.Join("\n", _problems.Take(40)));
    }

    private async Task CheckMapRunsAsync(string executionArn)
    {
        var runs = await SfnPagesAsync("ListMapRuns", new JsonObject { ["executionArn"] = executionArn }, "mapRuns", "ListMapRunsOutput",
            "ListMapRuns " + executionArn);
        foreach (var run in runs)
        {
            var runArn = run.GetProperty("mapRunArn").GetString()!;
            await SfnAsync("DescribeMapRun", Json(("mapRunArn", runArn)), "DescribeMapRunOutput", "DescribeMapRun " + runArn);
            var children = await SfnPagesAsync("ListExecutions", new JsonObject { ["mapRunArn"] = runArn, ["maxResults"] = 1000 },
                "executions", "ListExecutionsOutput", "ListExecutions mapRun " + runArn);
            foreach (var child in children)
            {
                var childArn = child.GetProperty("executionArn").GetString()!;
                await CheckExecutionAsync(childArn, withHistory: childArn.Contains(":execution:", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Every_Lambda_answer_over_the_default_world_has_the_wire_shape()
    {
        var functions = (await Client.Lambda("/2015-03-31/functions")).Json.GetProperty("Functions").EnumerateArray()
            .Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
        Assert.Equal(emulator.World.Functions.Count, functions.Count);
        var durableExecutions = 0;
        foreach (var name in functions)
        {
            var configuration = await LambdaAsync($"/2015-03-31/functions/{Encode(name)}/configuration", "FunctionConfiguration");
            await LambdaAsync($"/2019-09-25/functions/{Encode(name)}/event-invoke-config/list", "ListFunctionEventInvokeConfigsResponse");
            if (!configuration.TryGetProperty("DurableConfig", out _))
            {
                continue;
            }
            var arns = new List<string>();
            string? marker = null;
            do
            {
                var page = await LambdaAsync($"/2025-12-01/functions/{Encode(name)}/durable-executions?MaxItems=1000"
                    + (marker is null ? "" : "&Marker=" + Encode(marker)), "ListDurableExecutionsByFunctionResponse");
                arns.AddRange(page.GetProperty("DurableExecutions").EnumerateArray().Select(e => e.GetProperty("DurableExecutionArn").GetString()!));
                marker = page.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
            }
            while (marker is not null);
            durableExecutions += arns.Count;
            await ForEachAsync(arns, async arn =>
            {
                await LambdaAsync($"/2025-12-01/durable-executions/{Encode(arn)}", "GetDurableExecutionResponse");
                await LambdaAsync($"/2025-12-01/durable-executions/{Encode(arn)}/history?MaxItems=1000", "GetDurableExecutionHistoryResponse");
            });
        }

        Assert.True(durableExecutions > 0, "the default world has no durable executions");
        Assert.True(_problems.IsEmpty, $"{_problems.Count} problems:\n" + string.Join("\n", _problems.Take(40)));
    }

    private async Task<JsonElement> LambdaAsync(string pathAndQuery, string shape)
    {
        var response = await Client.Lambda(pathAndQuery);
        var json = response.Status == 200 ? response.Json : default;
        Check(response, json, WireShapes.Lambda, shape, pathAndQuery);
        return json;
    }
}

public sealed class WorldPagesFidelityTests(DefaultWorldEmulator emulator) : IClassFixture<DefaultWorldEmulator>
{
    [Fact]
    public async Task Served_history_pages_carry_the_same_event_bytes_as_world_pages()
    {
        var folder = Directory.CreateTempSubdirectory("emulator-pages-");
        try
        {
            Analytics.Emulator.Simulation.Pages.WorldPagesWriter.Write(emulator.World, folder.FullName, 1000, includeExecutionData: false,
                CancellationToken.None);
            var index = File.ReadAllLines(Path.Combine(folder.FullName, "index.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var sample = index.Where((_, i) => i % Math.Max(1, index.Count / 40) == 0).ToList();
            Assert.True(sample.Count >= 20, $"only {sample.Count} executions in the pages index");

            foreach (var entry in sample)
            {
                var arn = entry.GetProperty("arn").GetString()!;
                var corpus = File.ReadAllLines(Path.Combine(folder.FullName, entry.GetProperty("file").GetString()!));
                var durable = arn.Contains(":lambda:", StringComparison.Ordinal);
                var body = new JsonObject();
                string? token = null;
                foreach (var expected in corpus)
                {
                    var served = durable
                        ? await emulator.Client.Lambda($"/2025-12-01/durable-executions/{Encode(arn)}/history?IncludeExecutionData=false&MaxItems=1000"
                            + (token is null ? "" : "&Marker=" + Encode(token)))
                        : await emulator.Client.Sfn("GetExecutionHistory", Json(("executionArn", arn), ("includeExecutionData", false),
                            ("maxResults", 1000), ("nextToken", token)));
                    Assert.True(served.Status == 200, served.Body);
                    var member = durable ? "Events" : "events";
                    Assert.Equal(JsonDocument.Parse(expected).RootElement.GetProperty(member).GetRawText(),
                        served.Json.GetProperty(member).GetRawText());
                    token = served.Json.TryGetProperty(durable ? "NextMarker" : "nextToken", out var next) ? next.GetString() : null;
                }
                Assert.Null(token);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
