using System.Text.Json;
using Analytics.Emulator.Http;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Tests.Http.Support;
using Analytics.Emulator.World;
using static Analytics.Emulator.Tests.Http.Support.WireClient;
using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Http;

/// <summary>Paused durable executions over the wire: status filters, GetDurableExecution's pause members, the two events.</summary>
public sealed class DurablePauseWireTests
{
    private const string Program = """[ { "type": "step", "name": "a" }, { "type": "wait", "name": "w", "seconds": 600 }, { "type": "step", "name": "b" } ]""";

    private const string Pause = """, "pause": { "probability": 0.5, "duration": { "fixedMs": 3600000 }, "reason": "maintenance", "resumeReason": "done" }""";

    private static async Task WithEmulatorAsync(SimulatedWorld world, Func<WireClient, Task> body)
    {
        await using var server = await EmulatorServer.StartAsync(world, new EmulatorOptions());
        using var http = new HttpClient();
        await body(new WireClient(http, server.Url));
    }

    /// <summary>A world whose clock stands in the pause of its first paused execution, and that execution's pause.</summary>
    private static (SimulatedWorld World, DurablePause Pause, DurableExecutionRecord Execution) PausedWorld()
    {
        var probe = DurableWorld(Program, Pause);
        var model = probe.DurableFunctions[0];
        for (long i = 0; ; i++)
        {
            if (probe.DurableTimelineOf(model, i).Pause is { } p)
            {
                var world = DurableWorld(Program, Pause, now: DateTimeOffset.FromUnixTimeMilliseconds(p.PausedMs + 1_000));
                return (world, p, world.DurableRecord(world.DurableFunctions[0], i));
            }
        }
    }

    private static void AssertShape(WireResponse response, string shape)
    {
        Assert.True(response.Status == 200, $"HTTP {response.Status}: {response.Body}");
        var problems = WireShapes.Lambda.Validate(response.Json, shape);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Status_filters_accept_every_model_value_and_select_paused_executions()
    {
        var (world, _, execution) = PausedWorld();
        var expected = world.ListDurableExecutions("d");
        await WithEmulatorAsync(world, async client =>
        {
            async Task<List<string>> ArnsAsync(string statuses)
            {
                var response = await client.Lambda($"/2025-12-01/functions/d/durable-executions?MaxItems=1000&{statuses}");
                AssertShape(response, "ListDurableExecutionsByFunctionResponse");
                return [.. response.Json.GetProperty("DurableExecutions").EnumerateArray().Select(e => e.GetProperty("DurableExecutionArn").GetString()!)];
            }

            var paused = await ArnsAsync("Statuses=PAUSED");
            Assert.Contains(execution.DurableExecutionArn, paused);
            Assert.Equal(Enumerable.Range(0, expected.Count).Select(k => expected[k]).Where(e => e.Status == "PAUSED").Select(e => e.DurableExecutionArn), paused);
            Assert.Empty(await ArnsAsync("Statuses=DELETING"));
            var open = await ArnsAsync("Statuses=RUNNING&Statuses=PAUSING&Statuses=PAUSED");
            Assert.Equal(Enumerable.Range(0, expected.Count).Count(k => DurableStatus.IsOpen(expected[k].Status)), open.Count);
        });
    }

    [Fact]
    public async Task GetDurableExecution_serves_the_pause_members_by_their_model_names()
    {
        var (world, pause, execution) = PausedWorld();
        await WithEmulatorAsync(world, async client =>
        {
            var arn = Encode(execution.DurableExecutionArn);
            var withData = await client.Lambda($"/2025-12-01/durable-executions/{arn}?IncludeExecutionData=true");
            var withoutData = await client.Lambda($"/2025-12-01/durable-executions/{arn}?IncludeExecutionData=false");
            AssertShape(withData, "GetDurableExecutionResponse");
            AssertShape(withoutData, "GetDurableExecutionResponse");

            var json = withData.Json;
            Assert.Equal("PAUSED", json.GetProperty("Status").GetString());
            var details = json.GetProperty("PauseDetails");
            Assert.Equal(pause.RequestMs / 1000.0, details.GetProperty("PauseRequestTimestamp").GetDouble(), 3);
            Assert.True(details.GetProperty("ExecutionTimeoutPaused").GetBoolean());
            Assert.Equal("maintenance", details.GetProperty("Reason").GetString());
            Assert.False(withoutData.Json.GetProperty("PauseDetails").TryGetProperty("Reason", out _));
            // Paused with its timeout paused: 366 days after the start, as the model documents.
            Assert.Equal(execution.StartTimestamp.AddDays(366).ToUnixTimeMilliseconds() / 1000.0,
                json.GetProperty("ExpectedExecutionTimeoutTimestamp").GetDouble(), 3);
            Assert.False(json.TryGetProperty("EndTimestamp", out _));
        });
    }

    [Fact]
    public async Task Histories_carry_ExecutionPaused_and_ExecutionResumed_with_every_member()
    {
        var (_, pause, paused) = PausedWorld();
        var world = DurableWorld(Program, Pause, now: DateTimeOffset.FromUnixTimeMilliseconds(pause.ResumedMs + 1));
        await WithEmulatorAsync(world, async client =>
        {
            var arn = Encode(paused.DurableExecutionArn);
            var response = await client.Lambda($"/2025-12-01/durable-executions/{arn}/history?MaxItems=1000&IncludeExecutionData=true");
            AssertShape(response, "GetDurableExecutionHistoryResponse");
            var events = response.Json.GetProperty("Events").EnumerateArray().ToList();
            var pausedEvent = events.Single(e => e.GetProperty("EventType").GetString() == "ExecutionPaused");
            var resumedEvent = events.Single(e => e.GetProperty("EventType").GetString() == "ExecutionResumed");
            Assert.Equal(events[0].GetProperty("Id").GetString(), pausedEvent.GetProperty("Id").GetString());

            var p = pausedEvent.GetProperty("ExecutionPausedDetails");
            Assert.Equal(pause.RequestMs / 1000.0, p.GetProperty("PauseRequestTimestamp").GetDouble(), 3);
            Assert.Equal(pause.PausedMs / 1000.0, pausedEvent.GetProperty("EventTimestamp").GetDouble(), 3);
            Assert.True(p.GetProperty("ExecutionTimeoutPaused").GetBoolean());
            Assert.Equal("""{"Payload":"maintenance","Truncated":false}""", p.GetProperty("Reason").GetRawText());

            var r = resumedEvent.GetProperty("ExecutionResumedDetails");
            Assert.Equal(pause.ResumeRequestMs / 1000.0, r.GetProperty("ResumeRequestTimestamp").GetDouble(), 3);
            Assert.Equal(pause.ResumedMs / 1000.0, resumedEvent.GetProperty("EventTimestamp").GetDouble(), 3);
            Assert.Equal("""{"Payload":"done","Truncated":false}""", r.GetProperty("Reason").GetRawText());

            var noData = await client.Lambda($"/2025-12-01/durable-executions/{arn}/history?MaxItems=1000&IncludeExecutionData=false");
            var reason = noData.Json.GetProperty("Events").EnumerateArray()
                .Single(e => e.GetProperty("EventType").GetString() == "ExecutionPaused").GetProperty("ExecutionPausedDetails").GetProperty("Reason");
            Assert.Equal("""{"Truncated":true}""", reason.GetRawText());

            var running = await client.Lambda($"/2025-12-01/durable-executions/{arn}");
            Assert.Equal("RUNNING", running.Json.GetProperty("Status").GetString());
            Assert.False(running.Json.TryGetProperty("PauseDetails", out _));
        });
    }
}
