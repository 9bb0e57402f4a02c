using Analytics.Emulator.Http;
using Analytics.Emulator.World;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// EXPRESS Map Run children get their events from their parent machine's log group, read by a crawl with a watermark
/// of its own. A run that ends before a parent is exported must leave that crawl's watermark where it was, or the next
/// run's window starts after the children's lines and they are exported without events (found by
/// <c>eng/s3-kill-storm.sh</c>: 739 children of the default world after 10 kills).
/// </summary>
public sealed class ExpressChildrenResumeTests(SmallWorldFixture fixture) : IClassFixture<SmallWorldFixture>
{
    [Fact]
    public async Task A_parent_whose_fetch_failed_gets_its_express_children_events_from_the_next_run()
    {
        var parent = EarliestParentOfExpressChildren(fixture.World);
        var dir = fixture.NewDir("express-children-resume");
        // No overlap: the next run's window starts 10 minutes (two Express runs) before the newest line seen, long after
        // the earliest parent's children logged (the default 24 hours spans the whole small world).
        static void NoOverlap(Analytics.Export.ExportOptions o) => o.LogsOverlap = TimeSpan.Zero;
        await using (var server = await EmulatorHost.StartAsync(new DeniedHistoryWorld(fixture.World, parent)))
        {
            var failed = await Exporter.RunAsync(server.Url, dir, NoOverlap);
            Assert.Equal(1, failed.Failures);
        }
        using (var data = new Dataset(dir))
        {
            Assert.Equal(0, data.Count("executions", $"execution_arn = '{parent}' OR parent_execution_arn = '{parent}'"));
        }

        var completing = await Exporter.RunAsync(fixture.Server.Url, dir, NoOverlap);

        Assert.False(completing.IsPartial);
        fixture.AssertSameAsReference(dir);
    }

    /// <summary>The earliest closed STANDARD execution with a Map Run of EXPRESS children.</summary>
    private static string EarliestParentOfExpressChildren(IWorld world)
    {
        var parents = new List<ExecutionRecord>();
        foreach (var machine in world.StateMachines.Where(m => m.Type == "STANDARD"))
        {
            var executions = world.ListExecutions(machine.StateMachineArn);
            for (var i = 0; i < executions.Count; i++)
            {
                var execution = executions[i];
                if (execution.Status != "RUNNING" && world.ListMapRuns(execution.ExecutionArn).Any(run => HasExpressChildren(world, run.MapRunArn)))
                {
                    parents.Add(execution);
                }
            }
        }
        return parents.Count > 0
            ? parents.MinBy(p => p.StartDate)!.ExecutionArn
            : throw new InvalidOperationException("the world has no closed STANDARD execution with EXPRESS Map Run children");
    }

    private static bool HasExpressChildren(IWorld world, string mapRunArn)
    {
        var children = world.ListMapRunExecutions(mapRunArn);
        return children.Count > 0 && children[0].ExecutionArn.Contains(":express:", StringComparison.Ordinal);
    }

    /// <summary>A real world where one execution's history is refused (AccessDeniedException: no retry), so its fetch fails.</summary>
    private sealed class DeniedHistoryWorld(IWorld world, string deniedArn) : DelegatingWorld(world)
    {
        public override IHistorySource? GetExecutionHistory(string executionArn) => executionArn == deniedArn
            ? throw new ApiException("AccessDeniedException", 400, $"User is not authorized to perform: states:GetExecutionHistory on resource: {executionArn}")
            : base.GetExecutionHistory(executionArn);
    }
}
