using System.Globalization;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>Advancing the clock only reveals: new executions appear, RUNNING ones close, closed ones stay as they were.</summary>
public sealed class VisibilityTests
{
    private static readonly DateTimeOffset s_earlier = DateTimeOffset.Parse("2026-11-20T13:30:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public void Advancing_now_only_adds_executions_and_closes_running_ones()
    {
        var before = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9, now: s_earlier);
        var after = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9);
        var checkedClosed = 0;
        var closedSince = 0;
        foreach (var sm in before.StateMachines)
        {
            var early = before.ListExecutions(sm.StateMachineArn);
            var late = after.ListExecutions(sm.StateMachineArn);
            Assert.True(late.Count >= early.Count, $"{sm.Name}: {late.Count} < {early.Count}");
            for (var k = 0; k < early.Count; k += 3)
            {
                var was = early[k];
                var now = after.FindExecution(was.ExecutionArn);
                Assert.NotNull(now);
                Assert.Equal(was.StartDate, now.StartDate);
                if (was.Status != "RUNNING" && now.RedriveCount == was.RedriveCount)
                {
                    Assert.Equal(was, now);
                    checkedClosed++;
                }
                else if (was.Status != "RUNNING")
                {
                    Assert.Equal("FAILED", was.Status);
                }
                else if (now.Status != "RUNNING")
                {
                    closedSince++;
                }
                using var earlyHistory = SimHarness.HistoryJson(before.GetExecutionHistory(was.ExecutionArn)!);
                using var lateHistory = SimHarness.HistoryJson(after.GetExecutionHistory(was.ExecutionArn)!);
                var earlyEvents = earlyHistory.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
                var lateEvents = lateHistory.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
                Assert.Equal(earlyEvents, lateEvents.Take(earlyEvents.Count));
            }
        }
        Assert.True(checkedClosed > 100);
        Assert.True(closedSince > 0);
    }

    [Fact]
    public void An_execution_that_starts_after_now_does_not_exist_yet()
    {
        var before = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9, now: s_earlier);
        var after = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9);
        var sm = after.StateMachines[0].StateMachineArn;
        var newest = after.ListExecutions(sm)[0];
        Assert.True(newest.StartDate > s_earlier);
        Assert.Null(before.FindExecution(newest.ExecutionArn));
        Assert.Null(before.GetExecutionHistory(newest.ExecutionArn));
        Assert.All(Enumerable.Range(0, before.ListExecutions(sm).Count), k => Assert.True(before.ListExecutions(sm)[k].StartDate <= s_earlier));
    }

    [Fact]
    public void Durable_executions_close_monotonically()
    {
        var before = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9, now: s_earlier);
        var after = WorldLoader.Load(TestPaths.DefaultWorld, seed: 9);
        foreach (var function in new[] { "subscription-renewal", "loyalty-points", "kyc-verification" })
        {
            var early = before.ListDurableExecutions(function);
            Assert.True(after.ListDurableExecutions(function).Count >= early.Count);
            for (var k = 0; k < early.Count; k += 5)
            {
                var now = after.FindDurableExecution(early[k].DurableExecutionArn)!;
                if (!DurableStatus.IsOpen(early[k].Status))
                {
                    Assert.Equal(early[k], now);
                }
            }
        }
    }
}
