using Analytics.Emulator.World;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

/// <summary>
/// EXPRESS Map Run children get their events from their parent machine's log group, read by a crawl with a watermark
/// of its own. Their lines must stay within a later run's reach until their parent is exported: a run that ends before
/// (killed, stopped, the parent's fetch failed) leaves that crawl's watermark where it was (found by
/// <c>eng/s3-kill-storm.sh</c>: 739 children of the default world without events after 10 kills), and a child that
/// started before the window a run reads (its parent met RUNNING before) waits for the next run, which reads from its
/// start. Without either, children were exported without events (<c>history_complete</c> false).
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

    [Fact]
    public async Task A_parent_met_running_whose_first_children_logged_before_the_next_window_gets_their_events_a_run_later()
    {
        // clickstream-batch's Map Runs take 10-25 minutes here. The first run meets a parent RUNNING, a minute before it
        // ends: its first children logged long before. Without overlap the next run's window starts 10 minutes before
        // the first run's newest line, after those children's lines.
        var world = TestWorlds.LongMapRuns();
        var parent = ParentsOfExpressChildren(world).Where(p => p.StopDate - p.StartDate > TimeSpan.FromMinutes(15)).MaxBy(p => p.StartDate)
            ?? throw new InvalidOperationException("no Map Run of the long world runs 15 minutes");
        static void NoOverlap(Analytics.Export.ExportOptions o) => o.LogsOverlap = TimeSpan.Zero;
        var dir = fixture.NewDir("express-children-long-parent");
        await using (var early = await EmulatorHost.StartAsync(TestWorlds.LongMapRuns(parent.StopDate!.Value - TimeSpan.FromMinutes(1))))
        {
            await Exporter.RunAsync(early.Url, dir, NoOverlap);
        }
        using (var data = new Dataset(dir))
        {
            Assert.Equal(0, data.Count("executions", $"execution_arn = '{parent.ExecutionArn}'"));
        }
        await using var server = await EmulatorHost.StartAsync(world);
        var reference = fixture.NewDir("express-children-long-reference");
        Assert.False((await Exporter.RunAsync(server.Url, reference)).IsPartial);

        var second = await Exporter.RunAsync(server.Url, dir, NoOverlap);
        Assert.Equal(0, second.Failures); // waiting for the next run's window is not a failure
        using (var data = new Dataset(dir))
        using (var expected = new Dataset(reference))
        {
            var children = $"parent_execution_arn = '{parent.ExecutionArn}'";
            Assert.True(data.Count("executions", children) < expected.Count("executions", children), "no child waited: the test missed its case");
            Assert.Equal(0, data.Count("executions", $"{children} AND NOT history_complete"));
        }
        await Exporter.RunAsync(server.Url, dir, NoOverlap);

        SmallWorldFixture.AssertSame(reference, dir);
    }

    /// <summary>The closed STANDARD executions with a Map Run of EXPRESS children.</summary>
    private static List<ExecutionRecord> ParentsOfExpressChildren(IWorld world)
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
        return parents;
    }

    /// <summary>The earliest closed STANDARD execution with a Map Run of EXPRESS children.</summary>
    private static string EarliestParentOfExpressChildren(IWorld world) =>
        ParentsOfExpressChildren(world).MinBy(p => p.StartDate)?.ExecutionArn
            ?? throw new InvalidOperationException("the world has no closed STANDARD execution with EXPRESS Map Run children");

    private static bool HasExpressChildren(IWorld world, string mapRunArn)
    {
        var children = world.ListMapRunExecutions(mapRunArn);
        return children.Count > 0 && children[0].ExecutionArn.Contains(":express:", StringComparison.Ordinal);
    }
}
