using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;
using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>Pauses and resumes of durable executions (the world's durableFunctions[].pause knob).</summary>
public sealed class DurablePauseTests
{
    private const string Program = """[ { "type": "step", "name": "a" }, { "type": "wait", "name": "w", "seconds": 600 }, { "type": "step", "name": "b" } ]""";

    private const string Pause = """, "pause": { "probability": 0.5, "duration": { "fixedMs": 3600000 }, "reason": "maintenance", "resumeReason": "done" }""";

    private static SimulatedWorld PausingWorld(DateTimeOffset? now = null, string pause = Pause) => DurableWorld(Program, pause, now: now);

    private static (DurableTimeline Timeline, DurablePause Pause, long Index) FirstPaused(SimulatedWorld world)
    {
        var model = world.DurableFunctions[0];
        for (long i = 0; ; i++)
        {
            var t = world.DurableTimelineOf(model, i);
            if (t.Pause is { } p && t.FinalStatus == "SUCCEEDED")
            {
                return (t, p, i);
            }
        }
    }

    [Fact]
    public void Executions_that_do_not_pause_are_those_of_a_world_without_the_knob()
    {
        var plain = DurableWorld(Program);
        var pausing = PausingWorld();
        var model = plain.DurableFunctions[0];
        var paused = 0;
        for (long i = 0; i < model.Schedule.CountStartedBy(plain.NowMs); i++)
        {
            var before = plain.DurableTimelineOf(model, i);
            var after = pausing.DurableTimelineOf(pausing.DurableFunctions[0], i);
            Assert.Null(before.Pause);
            Assert.Equal(before.ExecutionId, after.ExecutionId);
            var types = after.Events.Select(e => e.EventType).Where(t => t is not ("ExecutionPaused" or "ExecutionResumed"));
            Assert.Equal(before.Events.Select(e => e.EventType), types);
            if (after.Pause is null)
            {
                Assert.Equal(before.Events.Select(e => (e.TimeMs, e.Id)), after.Events.Select(e => (e.TimeMs, e.Id)));
                Assert.Equal((before.FinalStatus, before.EndMs), (after.FinalStatus, after.EndMs));
            }
            else
            {
                paused++;
                Assert.Equal(before.FinalStatus, after.FinalStatus);
                Assert.Equal(before.EndMs + after.Pause.ShiftMs, after.EndMs);
            }
        }
        Assert.InRange(paused, 20, 60);
    }

    [Fact]
    public void Status_and_history_follow_the_pause_request_the_pause_the_resume_and_the_close()
    {
        var (timeline, pause, index) = FirstPaused(PausingWorld());
        string StatusAt(long ms, out List<string> events)
        {
            var world = PausingWorld(DateTimeOffset.FromUnixTimeMilliseconds(ms));
            var record = world.DurableRecord(world.DurableFunctions[0], index);
            events = [.. DurableHistory(world, record.DurableExecutionArn).Select(e => e.EventType)];
            return record.Status;
        }

        Assert.Equal("RUNNING", StatusAt(pause.RequestMs - 1, out var running));
        Assert.DoesNotContain("ExecutionPaused", running);
        // PAUSING only while an invocation runs on to its next checkpoint; between invocations it pauses at once.
        Assert.Equal(pause.PausedMs > pause.RequestMs ? "PAUSING" : "PAUSED", StatusAt(pause.RequestMs, out _));
        Assert.Equal("PAUSED", StatusAt(pause.PausedMs, out var paused));
        Assert.Equal("ExecutionPaused", paused[^1]);
        Assert.Equal("PAUSED", StatusAt(pause.ResumedMs - 1, out _));
        Assert.Equal("RUNNING", StatusAt(pause.ResumedMs, out var resumed));
        Assert.Equal(["ExecutionPaused", "ExecutionResumed"], resumed[^2..]);
        Assert.Equal("SUCCEEDED", StatusAt(timeline.EndMs, out var closed));
        Assert.Equal("ExecutionSucceeded", closed[^1]);
        Assert.Equal(3_600_000, pause.ResumeRequestMs - pause.PausedMs);
    }

    [Fact]
    public void A_request_during_an_invocation_waits_for_its_next_checkpoint_and_one_between_invocations_pauses_at_once()
    {
        var world = DurableWorld("""[ { "type": "step", "name": "a", "latency": { "fixedMs": 300000 } }, { "type": "wait", "seconds": 300 }, { "type": "step", "name": "b" } ]""",
            Pause.Replace("0.5", "1", StringComparison.Ordinal));
        var model = world.DurableFunctions[0];
        var timelines = Enumerable.Range(0, 60).Select(i => world.DurableTimelineOf(model, i)).ToList();
        var pausing = timelines.Where(t => t.Pause!.PausedMs > t.Pause.RequestMs).ToList();
        var immediate = timelines.Where(t => t.Pause!.PausedMs == t.Pause.RequestMs).ToList();
        Assert.NotEmpty(pausing);
        Assert.NotEmpty(immediate);
        foreach (var t in pausing)
        {
            // The pause lands on a checkpoint: the event just before ExecutionPaused carries its timestamp.
            var at = Array.FindIndex(t.Events, e => e.EventType == "ExecutionPaused");
            Assert.Equal(t.Pause!.PausedMs, t.Events[at - 1].TimeMs);
        }
        foreach (var t in immediate)
        {
            // Nothing ran while paused: no invocation spans the request.
            Assert.DoesNotContain(t.Events, e => e.EventType == "InvocationCompleted" && e.InvocationStartMs <= t.Pause!.RequestMs && t.Pause.RequestMs < e.TimeMs && e.TimeMs < t.Pause.ResumedMs);
        }
    }

    [Fact]
    public void A_pause_that_does_not_pause_the_timeout_can_time_the_execution_out()
    {
        var world = DurableWorld("""[ { "type": "step", "name": "a" }, { "type": "wait", "seconds": 60 } ]""",
            """, "executionTimeout": 600, "pause": { "probability": 1, "duration": { "fixedMs": 3600000 }, "executionTimeoutPaused": false }""");
        var t = world.DurableTimelineOf(world.DurableFunctions[0], 0);
        Assert.Equal("TIMED_OUT", t.FinalStatus);
        Assert.Equal(t.StartMs + 600_000, t.EndMs);
        Assert.Equal(["ExecutionPaused", "ExecutionTimedOut"], t.Events[^2..].Select(e => e.EventType));

        var extended = DurableWorld("""[ { "type": "step", "name": "a" }, { "type": "wait", "seconds": 60 } ]""",
            """, "executionTimeout": 600, "pause": { "probability": 1, "duration": { "fixedMs": 3600000 } }""");
        Assert.Equal("SUCCEEDED", extended.DurableTimelineOf(extended.DurableFunctions[0], 0).FinalStatus);
    }

    [Fact]
    public void Truth_counts_paused_executions_as_open_and_counts_the_pause_events()
    {
        var (_, pause, index) = FirstPaused(PausingWorld());
        var world = PausingWorld(DateTimeOffset.FromUnixTimeMilliseconds(pause.PausedMs + 1));
        var truth = WorldTruth.Compute(world, CancellationToken.None).DurableFunctions["d"];
        var statuses = Enumerable.Range(0, (int)truth.Total).Select(i => world.DurableRecord(world.DurableFunctions[0], i).Status).ToList();
        Assert.Equal("PAUSED", statuses[(int)index]);
        Assert.Equal(statuses.Count(s => s == "PAUSED"), truth.ByStatus["PAUSED"]);
        Assert.Equal(statuses.Count(s => s is not ("RUNNING" or "PAUSING" or "PAUSED")), truth.Closed);
        var counts = WorldTruth.Compute(world, CancellationToken.None).EventCounts;
        Assert.True(counts.Durable["ExecutionPaused"] > counts.Durable.GetValueOrDefault("ExecutionResumed"));
        Assert.Equal(counts.DurableClosedOnly.GetValueOrDefault("ExecutionPaused"), counts.DurableClosedOnly.GetValueOrDefault("ExecutionResumed"));
    }

    [Fact]
    public void The_default_world_has_paused_executions_at_its_now_and_closed_ones_that_were_paused()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, 42);
        var truth = WorldTruth.Compute(world, CancellationToken.None);
        Assert.True(truth.DurableFunctions.Values.Sum(d => d.ByStatus.GetValueOrDefault("PAUSED")) >= 1);
        Assert.True(truth.EventCounts.DurableClosedOnly.GetValueOrDefault("ExecutionResumed") >= 10);
    }

    [Theory]
    [InlineData("""{ "probability": 1.5 }""", "pause.probability")]
    [InlineData("""{ "probability": 0.1, "duration": { "medianMs": -1 } }""", "pause.duration")]
    public void The_validator_rejects_a_bad_pause_knob(string pause, string path)
    {
        var e = Assert.Throws<WorldFileException>(() => DurableWorld(Program, $", \"pause\": {pause}"));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
