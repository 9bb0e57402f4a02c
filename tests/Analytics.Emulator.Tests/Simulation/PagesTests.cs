using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.Simulation.Pages;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

public sealed class PagesTests
{
    [Fact]
    public void Pages_hold_every_visible_history_split_at_the_page_size()
    {
        var world = WorldLoader.LoadJson("""
            {
              "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 2,
              "stateMachines": [ {
                "name": "t", "type": "STANDARD", "traffic": { "perDay": 15 },
                "definition": { "StartAt": "M", "States": { "M": { "Type": "Map", "Label": "L", "End": true,
                  "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" },
                    "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true } } } } } },
                "outcomes": { "T": { "failures": { "Flaky": 0.3 } } },
                "mapItems": { "M": { "min": 2, "max": 3 } }
              } ],
              "durableFunctions": [ { "name": "d", "traffic": { "perDay": 10 }, "pause": { "probability": 0.5, "reason": "r", "resumeReason": "q" },
                "program": [ { "type": "wait", "seconds": 60 }, { "type": "step", "name": "s" } ] } ]
            }
            """, "pages-world", seed: 3);
        var dir = Directory.CreateTempSubdirectory("world-pages");
        try
        {
            var summary = WorldPagesWriter.Write(world, dir.FullName, pageSize: 3, includeExecutionData: false, CancellationToken.None);
            var index = File.ReadAllLines(Path.Combine(dir.FullName, "index.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var topLevel = world.ListExecutions(world.StateMachines[0].StateMachineArn).Count;
            Assert.True(summary.Executions > topLevel);
            Assert.Equal(world.ListDurableExecutions("d").Count, summary.DurableExecutions);
            Assert.Equal(summary.Executions + summary.DurableExecutions, index.Count);
            var pauseEvents = 0;
            foreach (var entry in index)
            {
                var arn = entry.GetProperty("arn").GetString()!;
                var durable = arn.Contains(":lambda:", StringComparison.Ordinal);
                var lines = File.ReadAllLines(Path.Combine(dir.FullName, entry.GetProperty("file").GetString()!));
                Assert.Equal(entry.GetProperty("pages").GetInt32(), lines.Length);
                var served = new List<string>();
                for (var p = 0; p < lines.Length; p++)
                {
                    using var page = JsonDocument.Parse(lines[p]);
                    var items = page.RootElement.GetProperty(durable ? "Events" : "events");
                    Assert.True(items.GetArrayLength() <= 3);
                    Assert.Equal(p < lines.Length - 1, page.RootElement.TryGetProperty(durable ? "NextMarker" : "nextToken", out _));
                    served.AddRange(items.EnumerateArray().Select(e => e.GetRawText()));
                }
                using var expected = SimHarness.HistoryJson(durable ? world.GetDurableExecutionHistory(arn)! : world.GetExecutionHistory(arn)!, includeData: false);
                var expectedEvents = expected.RootElement.EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())).ToList();
                Assert.Equal(expectedEvents.Count, served.Count);
                Assert.All(expectedEvents.Zip(served), pair => Assert.True(JsonNode.DeepEquals(pair.First, JsonNode.Parse(pair.Second))));
                Assert.DoesNotContain(served, e => e.Contains("\"input\"", StringComparison.Ordinal) || e.Contains("\"Payload\"", StringComparison.Ordinal));
                pauseEvents += served.Count(e => e.Contains("\"ExecutionPausedDetails\":{\"PauseRequestTimestamp\":", StringComparison.Ordinal)
                    || e.Contains("\"ExecutionResumedDetails\":{\"ResumeRequestTimestamp\":", StringComparison.Ordinal));
            }
            Assert.True(pauseEvents >= 4, $"{pauseEvents} pause/resume events in the pages");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
