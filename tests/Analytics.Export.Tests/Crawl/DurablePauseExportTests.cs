using System.Globalization;
using System.Text.Json;
using Analytics.Emulator.World;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// A durable execution that is paused, resumed and then closes, exported by three runs as the emulator's clock moves:
/// it is tracked while open (PAUSED counts as open), and lands once, with its closed outcome.
/// </summary>
public sealed class DurablePauseExportTests
{
    private const string World = """
        {
          "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
          "durableFunctions": [
            { "name": "renewal", "traffic": { "perDay": 40 },
              "pause": { "probability": 0.3, "duration": { "fixedMs": 7200000 }, "reason": "gateway maintenance" },
              "program": [ { "type": "step", "name": "charge", "failures": { "Declined": 0.3 }, "retry": { "maxAttempts": 3 } },
                           { "type": "wait", "name": "grace", "seconds": 1800 }, { "type": "step", "name": "notify", "latency": { "fixedMs": 5000 } } ] }
          ]
        }
        """;

    private static SimulatedWorld At(DateTimeOffset now) => WorldLoader.LoadJson(World, "pause-world", TestWorlds.Seed, now);

    [Fact]
    public async Task Pause_resume_close_across_three_runs_ends_with_the_closed_outcome_and_no_duplicate()
    {
        // The first execution whose pause, resume and close all fall inside the world's last day (read from its history).
        var late = At(DateTimeOffset.Parse("2027-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        var horizon = DateTimeOffset.Parse("2026-11-21T22:00:00Z", CultureInfo.InvariantCulture);
        var listed = late.ListDurableExecutions("renewal");
        var (arn, pausedAt, resumedAt, closedAt, outcome) = Enumerable.Range(0, listed.Count).Select(k => listed[k])
            .Where(e => e.StartTimestamp > horizon)
            .Select(e => (e.DurableExecutionArn, Times: PauseTimes(late, e.DurableExecutionArn), e.EndTimestamp, e.Status))
            .Where(e => e.Times is { } t && e.EndTimestamp > t.Resumed.AddSeconds(1))
            .Select(e => (e.DurableExecutionArn, e.Times!.Value.Paused, e.Times!.Value.Resumed, e.EndTimestamp!.Value, e.Status))
            .Last();
        var paused = pausedAt.AddSeconds(1);
        var resumed = resumedAt.AddMilliseconds(1);
        var closed = closedAt.AddMilliseconds(1);

        using var temp = new TempFolder();
        var outDir = temp.Sub("three-runs");
        foreach (var (now, status) in new[] { (paused, "PAUSED"), (resumed, "RUNNING"), (closed, outcome) })
        {
            var world = At(now);
            Assert.Equal(status, world.FindDurableExecution(arn)!.Status);
            await using var server = await EmulatorHost.StartAsync(world);
            var result = await Exporter.RunAsync(server.Url, outDir);
            Assert.False(result.IsPartial);
            var truth = WorldTruth.Of(world);
            Assert.Equal(truth.Running, result.Running);
            using var data = new Dataset(outDir);
            Assert.Equal(truth.Durable, data.Strings($"SELECT durable_execution_arn || ' ' || status FROM {data.Table("durable_executions")} ORDER BY 1"));
            Assert.Equal(truth.DurableEvents, data.Count("durable_events"));
            var rows = data.Strings($"SELECT status FROM {data.Table("durable_executions")} WHERE durable_execution_arn = '{arn}'");
            Assert.Equal(now == closed ? [outcome] : [], rows);
        }

        // One run at the last clock gives the same rows: nothing duplicated, nothing missing.
        var oneRun = temp.Sub("one-run");
        await using (var server = await EmulatorHost.StartAsync(At(closed)))
        {
            Assert.False((await Exporter.RunAsync(server.Url, oneRun)).IsPartial);
        }
        using var threeRuns = new Dataset(outDir);
        using var reference = new Dataset(oneRun);
        foreach (var table in new[] { "durable_executions", "durable_events", "durable_operations" })
        {
            Assert.Equal(reference.Dump(table), threeRuns.Dump(table));
        }
    }

    /// <summary>The EventTimestamps of the execution's ExecutionPaused and ExecutionResumed events, if it has both.</summary>
    private static (DateTimeOffset Paused, DateTimeOffset Resumed)? PauseTimes(SimulatedWorld world, string arn)
    {
        var history = world.GetDurableExecutionHistory(arn)!;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            history.WriteItems(writer, 0, history.Count, reverseOrder: false, includeExecutionData: false);
            writer.WriteEndArray();
        }
        using var doc = JsonDocument.Parse(stream.ToArray());
        DateTimeOffset? At(string type) => doc.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("EventType").GetString() == type)
            .Select(e => (DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(e.GetProperty("EventTimestamp").GetDouble() * 1000)))
            .FirstOrDefault();
        return At("ExecutionPaused") is { } p && At("ExecutionResumed") is { } r ? (p, r) : null;
    }
}
