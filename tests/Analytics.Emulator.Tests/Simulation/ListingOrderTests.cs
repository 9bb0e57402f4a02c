using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// ListExecutions lists newest first the way AWS documents it: RUNNING executions by start date (or redrive date),
/// closed ones by stop date — so a long execution that closed lately comes before short ones started after it.
/// </summary>
public sealed class ListingOrderTests
{
    private static DateTimeOffset Key(ExecutionRecord e) => e.Status == "RUNNING" ? e.RedriveDate ?? e.StartDate : e.StopDate!.Value;

    [Fact]
    public void Executions_are_listed_newest_first_by_stop_date_if_closed_else_by_start_or_redrive_date()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9);
        var byStart = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9, listOrder: ExecutionListOrder.ByStart);
        var outOfStartOrder = 0;
        foreach (var machine in world.StateMachines.Where(m => m.Type == "STANDARD"))
        {
            var listed = All(world.ListExecutions(machine.StateMachineArn));
            var listedByStart = All(byStart.ListExecutions(machine.StateMachineArn));

            Assert.Equal(listedByStart.Select(e => e.ExecutionArn).Order(StringComparer.Ordinal), listed.Select(e => e.ExecutionArn).Order(StringComparer.Ordinal));
            for (var k = 1; k < listed.Count; k++)
            {
                Assert.True(Key(listed[k - 1]) >= Key(listed[k]), $"{machine.Name}: item {k - 1} lists before a newer one");
                Assert.True(listedByStart[k - 1].StartDate >= listedByStart[k].StartDate, $"{machine.Name}: by-start item {k - 1} is older than the next");
                if (listed[k - 1].StartDate < listed[k].StartDate)
                {
                    outOfStartOrder++;
                }
            }
        }
        // The default world has executions that outlive later ones: the two orders really differ there.
        Assert.True(outOfStartOrder > 0);
    }

    [Fact]
    public void Map_run_children_are_listed_in_the_same_order()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9);
        var runsChecked = 0;
        foreach (var machine in world.StateMachines.Where(m => m.Type == "STANDARD"))
        {
            var executions = world.ListExecutions(machine.StateMachineArn);
            for (var k = 0; k < Math.Min(executions.Count, 40) && runsChecked < 20; k++)
            {
                foreach (var run in world.ListMapRuns(executions[k].ExecutionArn))
                {
                    var children = All(world.ListMapRunExecutions(run.MapRunArn));
                    Assert.NotEmpty(children);
                    for (var c = 1; c < children.Count; c++)
                    {
                        Assert.True(Key(children[c - 1]) >= Key(children[c]), $"{run.MapRunArn}: child {c - 1} lists before a newer one");
                    }
                    runsChecked++;
                }
            }
        }
        Assert.True(runsChecked > 0);
    }

    private static List<ExecutionRecord> All(IPagedList<ExecutionRecord> list) => [.. Enumerable.Range(0, list.Count).Select(i => list[i])];
}
