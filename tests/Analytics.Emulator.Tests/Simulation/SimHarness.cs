using System.Text.Json;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>One history event reduced to what fidelity tests compare: its type and its place in the parent tree.</summary>
internal sealed record EventShape(string Type, long Id, long PreviousEventId);

/// <summary>One durable event reduced to its type, SubType and its operation/parent ids (canonically numbered).</summary>
internal sealed record DurableShape(string EventType, string? SubType, int? Operation, int? Parent);

/// <summary>Builds small worlds from a definition or a durable program and reads their histories back through the wire writer.</summary>
internal static class SimHarness
{
    /// <summary>Late enough that every execution of a test world has closed.</summary>
    public static readonly DateTimeOffset Later = DateTimeOffset.Parse("2027-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static string FixturePath(string corpus, string file) =>
        Path.Combine(TestPaths.RepoRoot, "tests", "Analytics.Emulator.Tests", "Simulation", "Fixtures", "real-histories", corpus, file);

    public static SimulatedWorld StateMachineWorld(string definition, string extra = "", double perDay = 40, long seed = 7, DateTimeOffset? now = null) =>
        WorldLoader.LoadJson($$"""
            {
              "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
              "stateMachines": [ { "name": "t", "type": "STANDARD", "definition": {{definition}}, "traffic": { "perDay": {{perDay}} } {{extra}} } ]
            }
            """, "test-world", seed, now ?? Later);

    public static SimulatedWorld DurableWorld(string program, string extra = "", double perDay = 40, long seed = 7, DateTimeOffset? now = null) =>
        WorldLoader.LoadJson($$"""
            {
              "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
              "durableFunctions": [
                { "name": "d", "traffic": { "perDay": {{perDay}} }, "program": {{program}} {{extra}} },
                { "name": "other", "traffic": { "perDay": 0 }, "program": [ { "type": "step", "name": "s" } ] }
              ]
            }
            """, "test-world", seed, now ?? Later);

    public static List<EventShape> Shapes(JsonElement events) =>
        [.. events.EnumerateArray().Select(e => new EventShape(e.GetProperty("type").GetString()!, e.GetProperty("id").GetInt64(), e.GetProperty("previousEventId").GetInt64()))];

    public static List<EventShape> CorpusShapes(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath("localstack-sfn", file)));
        return Shapes(doc.RootElement.GetProperty("events"));
    }

    public static List<DurableShape> CorpusDurableShapes(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FixturePath("aws-durable-sdk-js-examples", file)));
        return DurableShapes(doc.RootElement);
    }

    /// <summary>The history as the endpoint would serve it (written by the world's history source, parsed back).</summary>
    public static JsonDocument HistoryJson(IHistorySource source, bool includeData = true, bool reverse = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            source.WriteItems(w, 0, source.Count, reverse, includeData);
            w.WriteEndArray();
        }
        return JsonDocument.Parse(stream.ToArray());
    }

    public static List<EventShape> History(IWorld world, string executionArn)
    {
        using var doc = HistoryJson(world.GetExecutionHistory(executionArn)!);
        return Shapes(doc.RootElement);
    }

    public static List<DurableShape> DurableHistory(IWorld world, string arn)
    {
        using var doc = HistoryJson(world.GetDurableExecutionHistory(arn)!);
        return DurableShapes(doc.RootElement);
    }

    public static List<DurableShape> DurableShapes(JsonElement events)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int? Canonical(JsonElement e, string member) =>
            e.TryGetProperty(member, out var v) && v.GetString() is { } s ? ids.TryGetValue(s, out var n) ? n : ids[s] = ids.Count : null;
        return [.. events.EnumerateArray().Select(e => new DurableShape(
            e.GetProperty("EventType").GetString()!,
            e.TryGetProperty("SubType", out var sub) ? sub.GetString() : null,
            Canonical(e, "Id"),
            Canonical(e, "ParentId")))];
    }

    /// <summary>The first execution (oldest first) of the world's first state machine whose history satisfies <paramref name="match"/>.</summary>
    public static (ExecutionRecord Execution, List<EventShape> Events) FirstExecution(IWorld world, Func<List<EventShape>, bool> match)
    {
        var list = world.ListExecutions(world.StateMachines[0].StateMachineArn);
        for (var k = list.Count - 1; k >= 0; k--)
        {
            var events = History(world, list[k].ExecutionArn);
            if (match(events))
            {
                return (list[k], events);
            }
        }
        throw new Xunit.Sdk.XunitException($"none of the {list.Count} simulated executions matches the pattern");
    }

    public static (DurableExecutionRecord Execution, List<DurableShape> Events) FirstDurable(IWorld world, Func<List<DurableShape>, bool> match)
    {
        var list = world.ListDurableExecutions("d");
        for (var k = list.Count - 1; k >= 0; k--)
        {
            var events = DurableHistory(world, list[k].DurableExecutionArn);
            if (match(events))
            {
                return (list[k], events);
            }
        }
        throw new Xunit.Sdk.XunitException($"none of the {list.Count} simulated durable executions matches the pattern");
    }

    public static List<string> Types(this List<EventShape> events) => [.. events.Select(e => e.Type)];
}
