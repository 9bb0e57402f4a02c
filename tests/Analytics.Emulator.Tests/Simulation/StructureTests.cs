using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// Structural rules for patterns the corpus has no intact recording of (successful Parallel, concurrent inline Map
/// iterations), taken from COVERAGE.md's notes on real histories.
/// </summary>
public sealed class StructureTests
{
    [Fact]
    public void Successful_parallel_closes_on_the_last_branch_with_succeeded_and_exited_sharing_a_parent()
    {
        // A raw real-account history (COVERAGE.md): ParallelStateSucceeded (id 36, prev 35) and ParallelStateExited
        // (id 37, prev 35) share a parent; each branch starts from ParallelStateStarted.
        var world = StateMachineWorld("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":1,"Next":"C"},"C":{"Type":"Pass","End":true}}}]}}}
            """);
        var (_, events) = FirstExecution(world, e => e[^1].Type == "ExecutionSucceeded");
        var started = events.Single(e => e.Type == "ParallelStateStarted");
        Assert.Equal(2, events.Count(e => e.PreviousEventId == started.Id && e.Type.EndsWith("StateEntered", StringComparison.Ordinal)));
        var succeeded = events.Single(e => e.Type == "ParallelStateSucceeded");
        var exited = events.Single(e => e.Type == "ParallelStateExited");
        Assert.Equal(succeeded.Id + 1, exited.Id);
        Assert.Equal(succeeded.PreviousEventId, exited.PreviousEventId);
        Assert.EndsWith("StateExited", events[(int)succeeded.PreviousEventId - 1].Type, StringComparison.Ordinal);
        Assert.Equal(exited.Id, events[^1].PreviousEventId);
    }

    [Fact]
    public void Concurrent_map_iterations_interleave_and_take_over_freed_slots()
    {
        var world = StateMachineWorld("""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,"End":true,
              "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}}}}
            """, """, "mapItems": { "M": { "min": 6, "max": 6 } }""");
        var (_, events) = FirstExecution(world, e => e[^1].Type == "ExecutionSucceeded");
        var mapStarted = events.Single(e => e.Type == "MapStateStarted");
        var iterations = events.Where(e => e.Type == "MapIterationStarted").ToList();
        Assert.Equal(6, iterations.Count);
        Assert.All(iterations.Take(3), e => Assert.Equal(mapStarted.Id, e.PreviousEventId));
        Assert.All(iterations.Skip(3), e => Assert.Equal("TaskStateExited", events[(int)e.PreviousEventId - 1].Type));
        Assert.True(iterations[1].Id < events.First(e => e.Type == "TaskStateExited").Id, "iterations run concurrently, not one after another");
        var lastSucceeded = events.Last(e => e.Type == "MapIterationSucceeded");
        Assert.Equal(lastSucceeded.Id, events.Single(e => e.Type == "MapStateSucceeded").PreviousEventId);
        Assert.Equal(lastSucceeded.Id, events.Single(e => e.Type == "MapStateExited").PreviousEventId);
        Assert.All(events, e => Assert.True(e.PreviousEventId < e.Id));
    }
}
