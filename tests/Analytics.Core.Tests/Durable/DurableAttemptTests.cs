using System.Text;
using System.Text.Json.Nodes;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>
/// <c>durable_events.attempt</c> is the 1-based ordinal of the step attempt an event belongs to, counted from the
/// operation's StepStarted events, whatever <c>RetryDetails.CurrentAttempt</c> says (kept raw in
/// <c>retry_current_attempt</c>); <c>durable_operations.attempts</c> is how many attempts there were.
/// </summary>
public class DurableAttemptTests
{
    [Fact]
    public void The_recorded_step_with_retry_history_numbers_its_three_attempts_1_2_3()
    {
        // Fixtures/aws-durable-sdk-js-examples/step-with-retry.history.json (the AWS durable SDK's local runner):
        // StepFailed CurrentAttempt 1, StepFailed CurrentAttempt 1, StepSucceeded CurrentAttempt 2.
        var rows = FlattenDurable.History(Fixtures.Bytes("aws-durable-sdk-js-examples", "step-with-retry.history.json"));

        AssertThreeAttempts(rows);
        var ends = rows.Rows("durable_events").Where(e => e.Text("event_type") is "StepFailed" or "StepSucceeded");
        Assert.Equal([1L, 1L, 2L], ends.Select(e => e.Long("retry_current_attempt")!.Value));
    }

    [Fact]
    public void A_history_numbering_CurrentAttempt_1_2_3_gives_the_same_attempts()
    {
        var events = JsonNode.Parse(Fixtures.Bytes("aws-durable-sdk-js-examples", "step-with-retry.history.json"))!.AsArray();
        var current = 0;
        foreach (var e in events)
        {
            var type = (string)e!["EventType"]!;
            if (type is "StepFailed" or "StepSucceeded")
            {
                e[type + "Details"]!["RetryDetails"]!["CurrentAttempt"] = ++current;
            }
        }
        var rows = FlattenDurable.History(Encoding.UTF8.GetBytes(events.ToJsonString()));

        AssertThreeAttempts(rows);
        var ends = rows.Rows("durable_events").Where(e => e.Text("event_type") is "StepFailed" or "StepSucceeded");
        Assert.Equal([1L, 2L, 3L], ends.Select(e => e.Long("retry_current_attempt")!.Value));
    }

    [Fact]
    public void An_attempt_whose_StepStarted_is_missing_still_counts_as_one()
    {
        // A StepFailed right after another StepFailed (its StepStarted not in the history): a new attempt all the same.
        var page = """
            [{"EventType":"StepStarted","EventId":1,"Id":"s","EventTimestamp":1763712000},
             {"EventType":"StepFailed","EventId":2,"Id":"s","EventTimestamp":1763712001,"StepFailedDetails":{"Error":{"Payload":{"ErrorType":"E"}},"RetryDetails":{"CurrentAttempt":1,"NextAttemptDelaySeconds":1}}},
             {"EventType":"StepFailed","EventId":3,"Id":"s","EventTimestamp":1763712002,"StepFailedDetails":{"Error":{"Payload":{"ErrorType":"E"}},"RetryDetails":{"CurrentAttempt":2,"NextAttemptDelaySeconds":1}}},
             {"EventType":"StepStarted","EventId":4,"Id":"s","EventTimestamp":1763712003},
             {"EventType":"StepSucceeded","EventId":5,"Id":"s","EventTimestamp":1763712004,"StepSucceededDetails":{"RetryDetails":{}}},
             {"EventType":"StepSucceeded","EventId":6,"Id":"t","EventTimestamp":1763712005,"StepSucceededDetails":{"RetryDetails":{}}}]
            """u8.ToArray();
        var rows = FlattenDurable.History(page);

        Assert.Equal([1L, 1L, 2L, 3L, 3L, 1L], rows.Rows("durable_events").Select(e => e.Long("attempt")!.Value));
        Assert.Equal([("s", 3L), ("t", 1L)], rows.Rows("durable_operations").Select(o => (o.Text("operation_id")!, o.Long("attempts")!.Value)));
    }

    [Fact]
    public void Across_the_recorded_corpus_every_step_has_as_many_attempts_as_StepStarted_events()
    {
        // Every step of the 117 recorded histories has its StepStarted events (checked: none lacks them).
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Fixtures.Path("aws-durable-sdk-js-examples"), "*.json"))
        {
            var rows = FlattenDurable.History(File.ReadAllBytes(file));
            foreach (var step in rows.Rows("durable_operations").Where(o => o.Text("type") == "STEP"))
            {
                var events = rows.Rows("durable_events").Where(e => e.Text("operation_id") == step.Text("operation_id")).ToList();
                var started = events.Count(e => e.Text("event_type") == "StepStarted");
                var ordinals = events.Where(e => e.Text("event_type") == "StepStarted").Select(e => e.Long("attempt")).ToList();
                if (started == 0 || step.Long("attempts") != started || !ordinals.SequenceEqual(Enumerable.Range(1, started).Select(i => (long?)i)))
                {
                    problems.Add($"{Path.GetFileName(file)} {step.Text("operation_id")}: attempts {step.Long("attempts")}, StepStarted {started}, ordinals {string.Join(",", ordinals)}");
                }
            }
        }
        Assert.Empty(problems);
    }

    private static void AssertThreeAttempts(RowCollector rows)
    {
        var steps = rows.Rows("durable_events").Where(e => e.Text("event_type")!.StartsWith("Step", StringComparison.Ordinal)).ToList();
        Assert.Equal(["StepStarted", "StepFailed", "StepStarted", "StepFailed", "StepStarted", "StepSucceeded"], steps.Select(e => e.Text("event_type")));
        Assert.Equal([1L, 1L, 2L, 2L, 3L, 3L], steps.Select(e => e.Long("attempt")!.Value));
        Assert.All(rows.Rows("durable_events").Where(e => !e.Text("event_type")!.StartsWith("Step", StringComparison.Ordinal)), e => Assert.Null(e["attempt"]));
        Assert.Equal(3L, rows.Rows("durable_operations").Single(o => o.Text("type") == "STEP").Long("attempts"));
    }
}
