using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// A 1,000,000-execution world is listed and served lazily: reaching execution 999,999 simulates that one execution
/// (and a binary search over start times), nothing proportional to the world. Peak memory of a full `world pages`
/// run over sample-data/worlds/benchmark-1m.json is reported in sample-data/README.md (measured out of process).
/// </summary>
public sealed class ScaleTests
{
    [Fact]
    public void Execution_999999_of_a_million_execution_world_is_served_without_materializing_the_rest()
    {
        var world = WorldLoader.LoadJson("""
            {
              "region": "us-east-1", "accountId": "123456789012", "now": "2026-11-22T22:00:00Z", "days": 14,
              "stateMachines": [ {
                "name": "big", "type": "STANDARD",
                "definition": { "StartAt": "T", "States": { "T": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [ { "ErrorEquals": ["States.ALL"] } ], "End": true } } },
                "traffic": { "perDay": 80000 },
                "outcomes": { "T": { "failures": { "Flaky": 0.1 } } }
              } ]
            }
            """, "million", seed: 1, SimHarness.Later, ExecutionListOrder.ByStart); // by start: listing stays lazy
        var executions = world.ListExecutions(world.StateMachines[0].StateMachineArn);
        Assert.True(executions.Count >= 1_000_000, $"only {executions.Count} executions");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var record = executions[executions.Count - 1 - 999_999];
        var history = world.GetExecutionHistory(record.ExecutionArn)!;
        using var json = SimHarness.HistoryJson(history);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.EndsWith("-0000000f423f", record.ExecutionArn, StringComparison.Ordinal);
        Assert.Equal("ExecutionStarted", json.RootElement[0].GetProperty("type").GetString());
        Assert.True(record.StartDate <= executions[0].StartDate);
        Assert.True(allocated < 2_000_000, $"serving one execution allocated {allocated} bytes");
    }
}
