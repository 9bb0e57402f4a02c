using System.Text.Json;
using Analytics.Emulator.World;
using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Simulation;

public sealed class BehaviourTests
{
    [Fact]
    public void Retry_timestamps_follow_interval_and_backoff_rate()
    {
        var world = StateMachineWorld(
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3}],"End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Boom": 1.0 } } }""");
        var execution = world.ListExecutions(world.StateMachines[0].StateMachineArn)[0];
        using var doc = HistoryJson(world.GetExecutionHistory(execution.ExecutionArn)!);
        var events = doc.RootElement.EnumerateArray().ToList();
        var failed = events.Where(e => e.GetProperty("type").GetString() == "TaskFailed").ToList();
        var scheduled = events.Where(e => e.GetProperty("type").GetString() == "TaskScheduled").ToList();
        Assert.Equal(4, scheduled.Count);
        var expectedSeconds = new[] { 2.0, 6.0, 18.0 };
        for (var k = 0; k < 3; k++)
        {
            var gap = scheduled[k + 1].GetProperty("timestamp").GetDecimal() - failed[k].GetProperty("timestamp").GetDecimal();
            Assert.InRange((double)gap, expectedSeconds[k], expectedSeconds[k] + 0.05);
            Assert.Equal(failed[k].GetProperty("id").GetInt64(), scheduled[k + 1].GetProperty("previousEventId").GetInt64());
        }
        Assert.Equal("FAILED", execution.Status);
        Assert.Equal("Boom", execution.Error);
    }

    [Fact]
    public void A_persistent_error_fails_every_retry_of_its_visit()
    {
        // "persistent": a non-transient error (a declined card) comes back on every retry; the transient one does not.
        var world = StateMachineWorld(
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Declined": 0.3, "Flaky": 0.3 }, "persistent": ["Declined"] } }""", perDay: 200);
        var visits = new List<List<string>>();
        var executions = world.ListExecutions(world.StateMachines[0].StateMachineArn);
        for (var i = 0; i < executions.Count; i++)
        {
            using var doc = HistoryJson(world.GetExecutionHistory(executions[i].ExecutionArn)!);
            visits.Add(doc.RootElement.EnumerateArray().Where(e => e.GetProperty("type").GetString() is "TaskFailed" or "TaskSucceeded")
                .Select(e => e.TryGetProperty("taskFailedEventDetails", out var d) ? d.GetProperty("error").GetString()! : "ok").ToList());
        }
        var declined = visits.Where(v => v.Contains("Declined")).ToList();
        Assert.NotEmpty(declined);
        Assert.All(declined, v => Assert.Equal(3, v.Count)); // every retry used
        Assert.All(declined, v => Assert.All(v.Skip(v.IndexOf("Declined")), e => Assert.Equal("Declined", e)));
        Assert.Contains(visits, v => v.Count > 1 && v[0] == "Flaky" && v[^1] == "ok");
        var bad = Assert.Throws<WorldFileException>(() => StateMachineWorld(
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Flaky": 0.3 }, "persistent": ["Declined"] } }"""));
        Assert.Contains("persistent", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_then_success_chains_the_new_attempt_to_the_failure()
    {
        // The corpus records no retry that then succeeds: the failed attempt and the re-scheduling follow
        // scenarios...test_retry_interval_features (see Legacy_lambda_retries_exhausted_matches_aws), the successful
        // attempt and exit follow the successful Lambda task of comments.test_comments__TestComments__test_comments_as_per_docs.
        var world = StateMachineWorld(
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],"End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Flaky": 0.5 } } }""");
        var (execution, events) = FirstExecution(world, e => e.Count(x => x.Type == "LambdaFunctionScheduled") == 2 && e[^1].Type == "ExecutionSucceeded");
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
             "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            events.Types());
        Assert.Equal([0L, 0, 2, 3, 4, 5, 6, 7, 8, 9], events.Select(e => e.PreviousEventId));
        Assert.Equal("SUCCEEDED", execution.Status);
    }

    [Fact]
    public void Redriven_execution_continues_after_ExecutionRedriven_from_the_failed_state()
    {
        // Synthetic expectation (no recorded redrive exists in the corpus): the wire facts say the earlier terminal event
        // is followed by ExecutionRedriven and further events, and redriveCount equals the number of ExecutionRedriven events.
        var world = StateMachineWorld(
            """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"L"},"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Boom": 0.5 } } }, "redrive": { "probability": 1.0, "delay": { "fixedMs": 3600000 } }""");
        var (execution, events) = FirstExecution(world, e => e.Any(x => x.Type == "ExecutionRedriven"));
        var redriven = events.Single(e => e.Type == "ExecutionRedriven");
        var firstFailure = events[(int)redriven.Id - 2];
        Assert.Equal("ExecutionFailed", firstFailure.Type);
        Assert.Equal(firstFailure.Id, redriven.PreviousEventId);
        Assert.Equal(("TaskStateEntered", redriven.Id), (events[(int)redriven.Id].Type, events[(int)redriven.Id].PreviousEventId));
        Assert.Equal(1, execution.RedriveCount);
        Assert.NotNull(execution.RedriveDate);
        Assert.Contains(events[^1].Type, new[] { "ExecutionSucceeded", "ExecutionFailed" });

        // Between the failure and the redrive the execution is FAILED, never redriven, its history ending at the failure.
        var between = execution.RedriveDate!.Value.AddMinutes(-30);
        var earlier = StateMachineWorld(
            """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"L"},"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Boom": 0.5 } } }, "redrive": { "probability": 1.0, "delay": { "fixedMs": 3600000 } }""", now: between);
        var seen = earlier.FindExecution(execution.ExecutionArn)!;
        Assert.Equal(("FAILED", 0), (seen.Status, seen.RedriveCount));
        Assert.Equal("ExecutionFailed", History(earlier, execution.ExecutionArn)[^1].Type);
    }

    [Fact]
    public void Execution_data_is_left_out_when_not_requested_and_reverse_order_reverses()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 3);
        var execution = world.ListExecutions(world.StateMachines[0].StateMachineArn)[10];
        var source = world.GetExecutionHistory(execution.ExecutionArn)!;
        using var lean = HistoryJson(source, includeData: false);
        var text = lean.RootElement.GetRawText();
        foreach (var member in new[] { "\"input\"", "\"output\"", "\"parameters\"", "inputDetails", "outputDetails" })
        {
            Assert.DoesNotContain(member, text, StringComparison.Ordinal);
        }
        using var full = HistoryJson(source);
        Assert.Contains("\"input\"", full.RootElement.GetRawText(), StringComparison.Ordinal);
        using var reversed = HistoryJson(source, reverse: true);
        var ids = reversed.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, source.Count).Reverse().Select(i => (long)i), ids);
    }

    [Fact]
    public void Timestamps_are_epoch_seconds_with_millisecond_fractions()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 3);
        var execution = world.ListExecutions(world.StateMachines[0].StateMachineArn)[5];
        using var doc = HistoryJson(world.GetExecutionHistory(execution.ExecutionArn)!);
        var first = doc.RootElement[0].GetProperty("timestamp");
        Assert.Equal(JsonValueKind.Number, first.ValueKind);
        Assert.Equal(execution.StartDate.ToUnixTimeMilliseconds() / 1000m, first.GetDecimal());
        var seconds = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("timestamp").GetDecimal()).ToList();
        Assert.Equal(seconds.Order(), seconds);
        Assert.All(seconds, s => Assert.InRange(s, 1.7e9m, 1.9e9m));
    }

    [Fact]
    public void Map_run_records_children_and_histories_agree()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 4);
        var sm = world.StateMachines.Single(s => s.Name == "nightly-inventory-sync");
        var execution = world.ListExecutions(sm.StateMachineArn)[3];
        var run = Assert.Single(world.ListMapRuns(execution.ExecutionArn));
        Assert.Equal(run, world.FindMapRun(run.MapRunArn));
        var history = History(world, execution.ExecutionArn);
        Assert.Contains("MapRunStarted", history.Types());
        var children = world.ListMapRunExecutions(run.MapRunArn);
        Assert.Equal(run.ExecutionCounts.Total, children.Count);
        var counts = run.ExecutionCounts;
        Assert.Equal(counts.Total, counts.Succeeded + counts.Failed + counts.TimedOut + counts.Aborted + counts.Running);
        Assert.Equal(sm.StateMachineArn + "/SkuSync", children[0].StateMachineArn);
        Assert.NotNull(world.FindStateMachine(children[0].StateMachineArn));
        for (var k = 0; k < children.Count; k++)
        {
            var child = children[k];
            Assert.Equal(run.MapRunArn, child.MapRunArn);
            Assert.Equal(child, world.FindExecution(child.ExecutionArn));
            var terminal = History(world, child.ExecutionArn)[^1].Type;
            Assert.Equal(child.Status switch { "SUCCEEDED" => "ExecutionSucceeded", "FAILED" => "ExecutionFailed", _ => "ExecutionAborted" }, terminal);
            if (k > 0)
            {
                // Newest first as AWS lists them: closed children by stop date (ListingOrderTests covers running ones).
                Assert.True(children[k - 1].StopDate >= child.StopDate);
            }
        }
    }

    [Fact]
    public void Express_map_run_children_are_listed_but_have_no_history()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 4);
        var sm = world.StateMachines.Single(s => s.Name == "clickstream-batch");
        var execution = world.ListExecutions(sm.StateMachineArn)[0];
        var run = world.ListMapRuns(execution.ExecutionArn)[0];
        var child = world.ListMapRunExecutions(run.MapRunArn)[0];
        Assert.True(child.IsExpress);
        Assert.Contains(":express:", child.ExecutionArn, StringComparison.Ordinal);
        Assert.Equal(child, world.FindExecution(child.ExecutionArn));
        Assert.Null(world.GetExecutionHistory(child.ExecutionArn));
        var failed = Enumerable.Range(0, world.ListExecutions(sm.StateMachineArn).Count)
            .SelectMany(k => world.ListMapRuns(world.ListExecutions(sm.StateMachineArn)[k].ExecutionArn))
            .SelectMany(r => Enumerable.Range(0, world.ListMapRunExecutions(r.MapRunArn).Count).Select(c => world.ListMapRunExecutions(r.MapRunArn)[c]))
            .First(c => c.Status == "FAILED");
        Assert.Equal("MalformedRecord", failed.Error);
        Assert.NotNull(failed.Cause);
        var express = world.StateMachines.Single(s => s.Type == "EXPRESS");
        Assert.Equal(0, world.ListExecutions(express.StateMachineArn).Count);
    }

    [Fact]
    public void Unknown_or_forged_arns_resolve_to_nothing()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 4);
        var real = world.ListExecutions(world.StateMachines[0].StateMachineArn)[0].ExecutionArn;
        var forged = real[..^14] + "ffffffff" + real[^6..];
        Assert.Null(world.FindExecution(forged));
        Assert.Null(world.FindExecution("arn:aws:states:us-east-1:123456789012:execution:nope:x"));
        Assert.Null(world.FindExecution("not an arn"));
        Assert.Null(world.GetExecutionHistory(real.Replace("execution:order-fulfillment", "execution:image-thumbnailer", StringComparison.Ordinal)));
        Assert.Null(world.FindMapRun("arn:aws:states:us-east-1:123456789012:mapRun:order-fulfillment/x:1-2-3-4-5"));
        Assert.Null(world.FindDurableExecution("arn:aws:lambda:us-east-1:123456789012:function:kyc-verification:9/durable-execution/x/y"));
        Assert.Null(world.FindStateMachine("arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfillment/NoSuchLabel"));
    }

    [Fact]
    public void Functions_carry_async_invoke_configs_per_qualifier_and_durable_config()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 4);
        var validate = world.FindFunction("validate-order")!;
        Assert.Equal(["arn:aws:lambda:us-east-1:123456789012:function:validate-order:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:validate-order:live"],
            validate.EventInvokeConfigs.Select(c => c.FunctionArn));
        Assert.Equal(validate, world.FindFunction(validate.FunctionArn));
        Assert.Equal(validate, world.FindFunction(validate.FunctionArn + ":live"));
        Assert.True(world.Functions.Count(f => f.EventInvokeConfigs.Count > 0) >= 4);
        Assert.Equal(3, world.Functions.Count(f => f.DurableConfig is not null));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$", validate.LastModified);
        Assert.Equal(0, world.ListDurableExecutions("validate-order").Count);
    }

    [Fact]
    public void Durable_state_lists_operations_and_checks_checkpoint_tokens()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 4);
        var list = world.ListDurableExecutions("kyc-verification");
        var closed = Enumerable.Range(0, list.Count).Select(k => list[k]).First(e => e.Status == "SUCCEEDED");
        using var ops = HistoryJson(world.GetDurableExecutionState(closed.DurableExecutionArn)!);
        var operations = ops.RootElement.EnumerateArray().ToList();
        Assert.Equal("EXECUTION", operations[0].GetProperty("Type").GetString());
        Assert.Equal("SUCCEEDED", operations[0].GetProperty("Status").GetString());
        Assert.All(operations.Skip(1), op => Assert.False(op.TryGetProperty("ParentId", out _)));
        Assert.False(world.IsValidCheckpointToken(closed.DurableExecutionArn, "anything"));
        Assert.Null(world.CheckpointTokenFor(closed.DurableExecutionArn));

        var running = Enumerable.Range(0, list.Count).Select(k => list[k]).First(e => e.Status == "RUNNING");
        var token = world.CheckpointTokenFor(running.DurableExecutionArn)!;
        Assert.True(world.IsValidCheckpointToken(running.DurableExecutionArn, token));
        Assert.False(world.IsValidCheckpointToken(running.DurableExecutionArn, token + "x"));
        using var history = HistoryJson(world.GetDurableExecutionHistory(running.DurableExecutionArn)!);
        Assert.DoesNotContain(history.RootElement.EnumerateArray(), e => e.GetProperty("EventType").GetString()!.StartsWith("Execution", StringComparison.Ordinal)
            && e.GetProperty("EventType").GetString() != "ExecutionStarted");
    }

    [Fact]
    public void A_runaway_execution_fails_at_event_25000_with_States_Runtime()
    {
        var world = StateMachineWorld(
            """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.again","BooleanEquals":true,"Next":"P"}],"Default":"Done"},"P":{"Type":"Pass","Next":"C"},"Done":{"Type":"Succeed"}}}""",
            """, "choices": { "C": [1, 0] }""", perDay: 1);
        var execution = world.ListExecutions(world.StateMachines[0].StateMachineArn)[0];
        var events = History(world, execution.ExecutionArn);
        Assert.Equal(25_000, events.Count);
        Assert.Equal(("ExecutionFailed", 25_000L, 24_999L), (events[^1].Type, events[^1].Id, events[^1].PreviousEventId));
        Assert.Equal(("FAILED", "States.Runtime"), (execution.Status, execution.Error));
    }

    [Fact]
    public void Listings_by_start_are_newest_first_by_start_date_as_are_durable_listings()
    {
        var world = WorldLoader.Load(TestPaths.DefaultWorld, seed: 8, listOrder: ExecutionListOrder.ByStart);
        foreach (var sm in world.StateMachines)
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            for (var k = 1; k < list.Count; k++)
            {
                Assert.True(list[k - 1].StartDate >= list[k].StartDate, $"{sm.Name} at {k}");
            }
        }
        var durable = world.ListDurableExecutions("subscription-renewal");
        for (var k = 1; k < durable.Count; k++)
        {
            Assert.True(durable[k - 1].StartTimestamp >= durable[k].StartTimestamp);
        }
        Assert.True(durable.Count > 100);
    }
}
