using System.Buffers;
using System.Text.Json;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// The simulated CloudWatch Logs groups: EXPRESS executions' events in the real log-line format, equal to the history
/// the API would serve for them, with levels, streams and late delivery as the world file says.
/// </summary>
public sealed class LogGroupTests
{
    private const string Definition = """
        { "StartAt": "Score", "States": {
            "Score": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:score", "Next": "Check" },
            "Check": { "Type": "Choice", "Choices": [ { "Variable": "$.ok", "BooleanEquals": true, "Next": "Done" } ], "Default": "Reject" },
            "Reject": { "Type": "Fail", "Error": "Rejected", "Cause": "score too high" },
            "Done": { "Type": "Succeed" } } }
        """;

    internal static SimulatedWorld ExpressWorld(string logging, double perDay = 300, DateTimeOffset? now = null, string hourly = "") =>
        WorldLoader.LoadJson($$"""
            {
              "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
              "stateMachines": [ { "name": "scorer", "type": "EXPRESS", "definition": {{Definition}},
                "traffic": { "perDay": {{perDay}} {{hourly}} }, "input": { "order": 7 },
                "choices": { "Check": [0.8, 0.2] },
                "outcomes": { "Score": { "failures": { "Lambda.ServiceException": 0.1 } } },
                "logging": {{logging}} } ]
            }
            """, "logs-world", 7, now ?? SimHarness.Later);

    [Fact]
    public void Express_log_lines_parsed_back_equal_the_history_the_API_would_serve()
    {
        var world = ExpressWorld("""{ "level": "ALL", "includeExecutionData": true }""");
        var model = world.Models.Single();
        var lines = Lines(world.Logs.Groups.Single()).GroupBy(l => l.GetProperty("execution_arn").GetString()!).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal((int)model.Schedule.Count, lines.Count);
        for (var index = 0L; index < model.Schedule.Count; index += 37)
        {
            var arn = ArnCodec.ExpressArn(model, world.Context, index);
            Assert.Matches("^arn:aws:states:us-east-1:123456789012:express:scorer:[0-9a-f-]{36}:[0-9a-f-]{36}$", arn);
            var logged = lines[arn].OrderBy(l => long.Parse(l.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            using var api = SimHarness.HistoryJson(new SfnHistorySource(world.Timeline(model, index).Events, world.Timeline(model, index).Events.Length));
            var history = api.RootElement.EnumerateArray().ToList();
            Assert.Equal(history.Count, logged.Count);
            for (var i = 0; i < history.Count; i++)
            {
                var (line, e) = (logged[i], history[i]);
                Assert.Equal(e.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), line.GetProperty("id").GetString());
                Assert.Equal(e.GetProperty("previousEventId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), line.GetProperty("previous_event_id").GetString());
                Assert.Equal(e.GetProperty("type").GetString(), line.GetProperty("type").GetString());
                Assert.Equal((long)(e.GetProperty("timestamp").GetDecimal() * 1000), long.Parse(line.GetProperty("event_timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal("0", line.GetProperty("redrive_count").GetString());
                // The API's `<type>EventDetails` object is the log line's `details`, member for member.
                var apiDetails = e.EnumerateObject().Where(p => p.Name.EndsWith("EventDetails", StringComparison.Ordinal)).Select(p => p.Value.GetRawText()).SingleOrDefault() ?? "{}";
                Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(apiDetails), System.Text.Json.Nodes.JsonNode.Parse(line.GetProperty("details").GetRawText())),
                    $"{e.GetProperty("type")}: API details {apiDetails}, log details {line.GetProperty("details").GetRawText()}");
            }
        }
    }

    [Fact]
    public void Log_events_come_in_timestamp_order_with_ties_and_streams_shared_by_executions()
    {
        var world = ExpressWorld("""{ "level": "ALL" }""");
        var group = world.Logs.Groups.Single();
        var events = AllEvents(group);

        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "events out of timestamp order");
        Assert.Contains(events.Zip(events.Skip(1)), p => p.First.Timestamp == p.Second.Timestamp && p.First.ExecutionArn == p.Second.ExecutionArn);
        Assert.Contains(events.GroupBy(e => e.LogStreamName), s => s.Select(e => e.ExecutionArn).Distinct().Count() > 1);
        Assert.All(events, e => Assert.Matches(@"^states/scorer/\d{4}-\d{2}-\d{2}-\d{2}-\d0/[0-9a-f]{8}$", e.LogStreamName));
        Assert.All(events, e => Assert.Matches("^[0-9]{56}$", e.EventId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Error_and_fatal_levels_log_only_their_event_types_and_leave_id_gaps()
    {
        var error = AllEvents(ExpressWorld("""{ "level": "ERROR" }""").Logs.Groups.Single());
        var fatal = AllEvents(ExpressWorld("""{ "level": "FATAL" }""").Logs.Groups.Single());
        var off = AllEvents(ExpressWorld("""{ "level": "OFF" }""").Logs.Groups.Single());

        Assert.Equal(["ExecutionFailed", "FailStateEntered", "LambdaFunctionFailed"], error.Select(e => e.Type).Distinct().Order());
        Assert.Equal(["ExecutionFailed"], fatal.Select(e => e.Type).Distinct());
        Assert.All(fatal, e => Assert.True(e.Id > 1, "FATAL logs the terminal event only"));
        Assert.Empty(off);
    }

    [Fact]
    public void Without_execution_data_payloads_are_left_out_but_errors_stay()
    {
        var lines = Lines(ExpressWorld("""{ "level": "ALL", "includeExecutionData": false }""").Logs.Groups.Single());

        Assert.DoesNotContain(lines, l => l.GetProperty("details").TryGetProperty("input", out _) || l.GetProperty("details").TryGetProperty("output", out _));
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "ExecutionSucceeded" && l.GetProperty("details").GetRawText() == "{}");
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "ExecutionFailed" && l.GetProperty("details").GetProperty("error").GetString() == "Rejected");
    }

    [Fact]
    public void Late_events_appear_once_the_clock_passes_their_ingestion_and_leave_gaps_until_then()
    {
        const string Logging = """{ "level": "ALL", "deliveryDelay": { "fixedMs": 1000 }, "lateProbability": 0.2, "lateDelay": { "fixedMs": 3600000 } }""";
        var cut = DateTimeOffset.Parse("2026-11-22T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var early = AllEvents(ExpressWorld(Logging, now: cut).Logs.Groups.Single());
        var later = AllEvents(ExpressWorld(Logging, now: cut.AddHours(2)).Logs.Groups.Single()).Where(e => e.Timestamp <= cut.ToUnixTimeMilliseconds()).ToList();

        Assert.True(later.Count > early.Count, $"{later.Count} events after delivery, {early.Count} before");
        Assert.Superset(early.Select(e => e.EventId).ToHashSet(), later.Select(e => e.EventId).ToHashSet());
        Assert.All(early, e => Assert.True(e.IngestionTime <= cut.ToUnixTimeMilliseconds()));
        // Out-of-order arrival: some execution has a later event delivered while an earlier one is still missing.
        Assert.Contains(early.GroupBy(e => e.ExecutionArn), g => g.Max(e => e.Id) > g.Count());
    }

    [Fact]
    public void Default_world_express_map_children_log_to_the_parents_group()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, 42);
        var batch = world.Logs.Find("/aws/vendedlogs/states/clickstream-batch-Logs")!;
        var children = AllEvents(batch);

        Assert.NotEmpty(children);
        Assert.All(children, e => Assert.Contains(":express:clickstream-batch/Enrich:", e.ExecutionArn, StringComparison.Ordinal));
        var logging = world.Logs.LoggingOf(world.StateMachines.Single(m => m.Name == "fraud-score").StateMachineArn)!;
        Assert.Equal(("ALL", true), (logging.Level, logging.IncludeExecutionData));
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/fraud-score-Logs:*", logging.LogGroupArn);
    }

    internal static List<LogEventRecord> AllEvents(LogGroup group)
    {
        var events = new List<LogEventRecord>();
        for (var hour = group.FirstHourMs; hour <= SimHarness.Later.ToUnixTimeMilliseconds(); hour += LogGroup.HourMs)
        {
            events.AddRange(group.EventsInHour(hour));
        }
        return events;
    }

    private static List<JsonElement> Lines(LogGroup group)
    {
        var buffer = new ArrayBufferWriter<byte>();
        return [.. AllEvents(group).Select(e =>
        {
            e.WriteMessage(buffer);
            return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
        })];
    }
}
