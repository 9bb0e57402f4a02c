using System.Text.Json;
using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// Durable histories: event types, SubTypes and the Id/ParentId tree (ids numbered by first appearance) equal those
/// of the AWS durable SDK's example histories (Fixtures/real-histories/aws-durable-sdk-js-examples).
/// </summary>
public sealed class DurableFidelityTests
{
    private static void AssertSameAsCorpus(string corpusFile, string program, Func<List<DurableShape>, bool>? match = null)
    {
        var world = DurableWorld(program);
        var (_, actual) = FirstDurable(world, match ?? (_ => true));
        Assert.Equal(CorpusDurableShapes(corpusFile), actual);
    }

    [Fact]
    public void Wait_matches_the_sdk_history()
    {
        AssertSameAsCorpus("wait.history.json", """[ { "type": "wait", "name": "w", "seconds": 2 } ]""");
    }

    [Fact]
    public void Retried_step_that_succeeds_matches_the_sdk_history()
    {
        AssertSameAsCorpus("step-with-retry.history.json",
            """[ { "type": "step", "failures": { "Error": 0.5 }, "retry": { "maxAttempts": 5, "initialDelaySeconds": 1, "backoffRate": 2 } } ]""",
            events => events.Count(e => e.EventType == "StepStarted") == 3 && events.Any(e => e.EventType == "ExecutionSucceeded"));
    }

    [Fact]
    public void Step_retries_exhausted_matches_the_sdk_history()
    {
        AssertSameAsCorpus("retry-exhaustion.history.json",
            """[ { "type": "step", "name": "retries", "failures": { "Error": 1.0 }, "retry": { "maxAttempts": 6, "initialDelaySeconds": 2, "backoffRate": 1.2 } } ]""");
    }

    // The SDK numbers RetryDetails.CurrentAttempt by retries made so far, floored at 1 on failures, and writes an empty
    // RetryDetails for a first-attempt success; durable_events.attempt is the StepStarted ordinal, not this number.
    [Theory]
    [InlineData("step-with-retry.history.json", """[ { "type": "step", "failures": { "Error": 0.5 }, "retry": { "maxAttempts": 5, "initialDelaySeconds": 1, "backoffRate": 2 } } ]""", 3, true)]
    [InlineData("retry-exhaustion.history.json", """[ { "type": "step", "name": "retries", "failures": { "Error": 1.0 }, "retry": { "maxAttempts": 6, "initialDelaySeconds": 2, "backoffRate": 1.2 } } ]""", 6, false)]
    public void Retry_details_match_the_sdk_history(string corpusFile, string program, int starts, bool succeeds)
    {
        var world = DurableWorld(program);
        var (execution, _) = FirstDurable(world, events => events.Count(e => e.EventType == "StepStarted") == starts
            && events.Any(e => e.EventType == (succeeds ? "ExecutionSucceeded" : "ExecutionFailed")));
        using var emulated = HistoryJson(world.GetDurableExecutionHistory(execution.DurableExecutionArn)!);
        using var recorded = JsonDocument.Parse(File.ReadAllText(FixturePath("aws-durable-sdk-js-examples", corpusFile)));
        Assert.Equal(RetryDetails(recorded.RootElement), RetryDetails(emulated.RootElement));
    }

    // What the dataset says of those retries: Core's flattener gives the emulated history and the recorded one the same
    // durable_events.attempt per event and durable_operations.attempts per step (issue 16's acceptance).
    [Fact]
    public void An_emulated_and_a_recorded_history_with_the_same_retries_flatten_to_the_same_attempts()
    {
        var world = DurableWorld("""[ { "type": "step", "failures": { "Error": 0.5 }, "retry": { "maxAttempts": 5, "initialDelaySeconds": 1, "backoffRate": 2 } } ]""");
        var (execution, _) = FirstDurable(world, events => events.Count(e => e.EventType == "StepStarted") == 3
            && events.Any(e => e.EventType == "ExecutionSucceeded"));
        using var emulated = HistoryJson(world.GetDurableExecutionHistory(execution.DurableExecutionArn)!);
        var recorded = File.ReadAllBytes(FixturePath("aws-durable-sdk-js-examples", "step-with-retry.history.json"));

        var fromEmulator = FlattenedAttempts(System.Text.Encoding.UTF8.GetBytes(emulated.RootElement.GetRawText()));
        var fromRecording = FlattenedAttempts(recorded);

        Assert.Equal(["StepStarted 1", "StepFailed 1", "StepStarted 2", "StepFailed 2", "StepStarted 3", "StepSucceeded 3", "STEP attempts 3"], fromRecording);
        Assert.Equal(fromRecording, fromEmulator);
    }

    /// <summary>Step events' <c>attempt</c> and step operations' <c>attempts</c>, as Core's durable flattener writes them.</summary>
    private static List<string> FlattenedAttempts(byte[] history)
    {
        var rows = new AttemptRows();
        using (var flattener = new Analytics.Core.Durable.DurableHistoryFlattener(Analytics.Core.Durable.DurableHistoryFlattener.CreateOutput(rows)))
        {
            flattener.BeginExecution("arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1");
            flattener.AddPage(history);
            flattener.EndExecution();
            flattener.Flush();
        }
        return rows.Lines;
    }

    private sealed class AttemptRows : Analytics.Core.Output.IBatchSink
    {
        public List<string> Lines { get; } = [];

        public void Write(Analytics.Core.Columns.ColumnBatch batch)
        {
            var schema = batch.Schema;
            if (schema.Name == "durable_events")
            {
                var type = batch.Varchar(schema.IndexOf("event_type"));
                var attempt = batch.Int32(schema.IndexOf("attempt"));
                for (var row = 0; row < batch.Count; row++)
                {
                    if (type.GetString(row).StartsWith("Step", StringComparison.Ordinal))
                    {
                        Lines.Add($"{type.GetString(row)} {(attempt.IsNull(row) ? "null" : attempt.Get(row))}");
                    }
                }
            }
            else if (schema.Name == "durable_operations")
            {
                var type = batch.Varchar(schema.IndexOf("type"));
                var attempts = batch.Int32(schema.IndexOf("attempts"));
                for (var row = 0; row < batch.Count; row++)
                {
                    if (type.GetString(row) == "STEP")
                    {
                        Lines.Add($"STEP attempts {(attempts.IsNull(row) ? "null" : attempts.Get(row))}");
                    }
                }
            }
        }
    }

    [Fact]
    public void First_attempt_success_writes_empty_retry_details_like_the_sdk()
    {
        var world = DurableWorld("""[ { "type": "step", "name": "s" } ]""");
        var (execution, _) = FirstDurable(world, _ => true);
        using var emulated = HistoryJson(world.GetDurableExecutionHistory(execution.DurableExecutionArn)!);
        Assert.Equal(["StepSucceeded {}"], RetryDetails(emulated.RootElement));
    }

    /// <summary>Each StepSucceeded/StepFailed's RetryDetails as written (members in a fixed order), e.g. "StepFailed CurrentAttempt=1".</summary>
    private static List<string> RetryDetails(JsonElement events) =>
        [.. events.EnumerateArray()
            .Where(e => e.GetProperty("EventType").GetString() is "StepSucceeded" or "StepFailed")
            .Select(e =>
            {
                var type = e.GetProperty("EventType").GetString()!;
                var retry = e.GetProperty(type + "Details").GetProperty("RetryDetails");
                var members = string.Join(' ', new[] { "CurrentAttempt" }
                    .Where(m => retry.TryGetProperty(m, out _)).Select(m => $"{m}={retry.GetProperty(m).GetInt32()}"));
                return $"{type} {(members.Length == 0 ? "{}" : members)}";
            })];

    [Fact]
    public void Callback_timeout_matches_the_sdk_history()
    {
        AssertSameAsCorpus("create-callback-timeout.history.json",
            """[ { "type": "callback", "name": "long-running-task", "timeoutSeconds": 1, "timeoutProbability": 1.0 } ]""");
    }

    [Fact]
    public void Wait_for_callback_timeout_matches_the_sdk_history()
    {
        AssertSameAsCorpus("wait-for-callback-timeout.history.json",
            """[ { "type": "callback", "submitter": true, "timeoutSeconds": 1, "timeoutProbability": 1.0 } ]""");
    }

    [Fact]
    public void Child_context_matches_the_sdk_history()
    {
        AssertSameAsCorpus("run-in-child-context.history.json",
            """[ { "type": "childContext", "program": [ { "type": "step" } ] } ]""");
    }

    [Fact]
    public void Chained_invoke_matches_the_sdk_history()
    {
        AssertSameAsCorpus("invoke-simple-basic-wait.history.json",
            """[ { "type": "invoke", "function": "other" } ]""");
    }

    [Fact]
    public void Failed_chained_invoke_matches_the_sdk_history()
    {
        AssertSameAsCorpus("invoke-simple-child-failure.history.json",
            """[ { "type": "invoke", "function": "other", "failProbability": 1.0 } ]""");
    }
}
