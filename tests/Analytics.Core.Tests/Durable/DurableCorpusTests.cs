using System.Text.Json;
using Analytics.Core.Flattening;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Durable;

/// <summary>
/// The 117 durable histories of Fixtures/aws-durable-sdk-js-examples (written by the durable SDK's local test runner;
/// event sequences cloud-checked, see its SOURCES.md) flatten in strict mode with one row per event and the
/// operations GetDurableExecutionState would list.
/// </summary>
public class DurableCorpusTests
{
    private static readonly string[] s_files = Directory.GetFiles(Fixtures.Path("aws-durable-sdk-js-examples"), "*.json").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Every_durable_history_flattens_with_one_event_row_per_raw_event_and_no_leftovers()
    {
        Assert.Equal(117, s_files.Length);
        var problems = new List<string>();
        foreach (var file in s_files)
        {
            var bytes = File.ReadAllBytes(file);
            using var raw = JsonDocument.Parse(bytes);
            var rows = FlattenDurable.History(bytes);
            var expected = raw.RootElement.EnumerateArray().GroupBy(e => e.GetProperty("EventType").GetString()!).ToDictionary(g => g.Key, g => g.Count());
            var actual = rows.Rows("durable_events").GroupBy(e => e.Text("event_type")!).ToDictionary(g => g.Key, g => g.Count());
            if (!expected.OrderBy(p => p.Key).SequenceEqual(actual.OrderBy(p => p.Key)))
            {
                problems.Add($"{Path.GetFileName(file)}: event counts differ");
            }
            problems.AddRange(rows.Rows("durable_events").Where(e => e.Text("details_json") is not null)
                .Select(e => $"{Path.GetFileName(file)} #{e.Long("event_id")}: {e.Text("details_json")}"));
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Operations_match_the_raw_events_grouped_by_id_with_the_last_event_giving_the_status()
    {
        var problems = new List<string>();
        foreach (var file in s_files)
        {
            var bytes = File.ReadAllBytes(file);
            using var raw = JsonDocument.Parse(bytes);
            var byId = raw.RootElement.EnumerateArray().Where(e => e.TryGetProperty("Id", out _))
                .GroupBy(e => e.GetProperty("Id").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
            var operations = FlattenDurable.History(bytes).Rows("durable_operations").ToDictionary(o => o.Text("operation_id")!);
            if (operations.Count != byId.Count)
            {
                problems.Add($"{Path.GetFileName(file)}: {operations.Count} operations for {byId.Count} ids");
                continue;
            }
            foreach (var (id, events) in byId)
            {
                var last = events[^1];
                var lastType = last.GetProperty("EventType").GetString()!;
                var expected = lastType.EndsWith("Started", StringComparison.Ordinal) ? "STARTED"
                    : lastType.EndsWith("Succeeded", StringComparison.Ordinal) ? "SUCCEEDED"
                    : lastType.EndsWith("TimedOut", StringComparison.Ordinal) ? "TIMED_OUT"
                    : lastType == "StepFailed" && RetryPending(last) ? "PENDING" : "FAILED";
                var operation = operations[id];
                if (operation.Text("status") != expected || operation.Long("first_event_id") != events[0].GetProperty("EventId").GetInt64())
                {
                    problems.Add($"{Path.GetFileName(file)} {id}: {operation.Text("status")} (expected {expected})");
                }
                var parent = events.Select(e => e.TryGetProperty("ParentId", out var p) ? p.GetString() : null).FirstOrDefault(p => p is not null);
                if (operation.Text("parent_id") != parent)
                {
                    problems.Add($"{Path.GetFileName(file)} {id}: parent {operation.Text("parent_id")} (expected {parent})");
                }
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Step_retries_count_every_attempt_even_where_the_emulator_repeats_CurrentAttempt()
    {
        // Fixtures/aws-durable-sdk-js-examples/step-with-retry.history.json: StepStarted ×3, CurrentAttempt 1, 1, 2.
        var rows = FlattenDurable.History(Fixtures.Bytes("aws-durable-sdk-js-examples", "step-with-retry.history.json"));

        var step = rows.Rows("durable_operations").Single(o => o.Text("type") == "STEP");
        Assert.Equal(("SUCCEEDED", 3), (step.Text("status"), (int)step["attempts"]!));
        var failed = rows.Rows("durable_events").Where(e => e.Text("event_type") == "StepFailed").ToList();
        Assert.Equal([1L, 2L], failed.Select(e => e.Long("next_attempt_delay_seconds")!.Value));
    }

    [Fact]
    public void Retry_exhaustion_fails_the_step_and_the_execution_with_the_error()
    {
        // Fixtures/aws-durable-sdk-js-examples/retry-exhaustion.history.json: six attempts, the last without a delay.
        var rows = FlattenDurable.History(Fixtures.Bytes("aws-durable-sdk-js-examples", "retry-exhaustion.history.json"));

        var step = rows.Rows("durable_operations").Single(o => o.Text("type") == "STEP");
        Assert.Equal(("FAILED", 6, "retries"), (step.Text("status"), (int)step["attempts"]!, step.Text("name")));
        Assert.NotNull(step.Text("error_type"));
        var execution = rows.Rows("durable_executions").Single();
        Assert.Equal(("FAILED", 20L, 6), (execution.Text("status"), execution.Long("event_count"), (int)execution["invocation_count"]!));
        Assert.Equal(("orders", "7", "order-42", "arn:aws:lambda:us-east-1:123456789012:function:orders"),
            (execution.Text("function_name"), execution.Text("version"), execution.Text("execution_name"), execution.Text("function_arn")));
    }

    [Fact]
    public void Child_contexts_form_a_tree_through_parent_ids()
    {
        // Fixtures/aws-durable-sdk-js-examples/block-example.history.json.
        var rows = FlattenDurable.History(Fixtures.Bytes("aws-durable-sdk-js-examples", "block-example.history.json"));

        var operations = rows.Rows("durable_operations").ToDictionary(o => o.Text("name") ?? o.Text("type")!);
        Assert.Equal(["EXECUTION", "parent_block", "nested_step", "nested_block", "WAIT"], rows.Rows("durable_operations").Select(o => o.Text("name") ?? o.Text("type")));
        Assert.Equal(operations["parent_block"].Text("operation_id"), operations["nested_step"].Text("parent_id"));
        Assert.Equal(operations["nested_block"].Text("operation_id"), operations["WAIT"].Text("parent_id"));
        Assert.Equal(("CONTEXT", "RunInChildContext", 1008L), (operations["parent_block"].Text("type"), operations["parent_block"].Text("sub_type"), operations["parent_block"].Long("duration_ms")));
    }

    [Fact]
    public void Newest_first_pages_and_small_batches_give_the_same_rows()
    {
        var bytes = Fixtures.Bytes("aws-durable-sdk-js-examples", "error-determinism.history.json");
        using var raw = JsonDocument.Parse(bytes);
        var events = raw.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        var pages = new List<byte[]>();
        for (var i = events.Count; i > 0; i -= 4)
        {
            var slice = events.GetRange(Math.Max(0, i - 4), Math.Min(4, i)).AsEnumerable().Reverse();
            pages.Add(System.Text.Encoding.UTF8.GetBytes("{\"Events\":[" + string.Join(",", slice) + "],\"NextMarker\":\"m\"}"));
        }

        var single = FlattenDurable.History(bytes);
        var reversed = FlattenDurable.History(pages, HistoryOrder.Descending, capacity: 5);

        foreach (var table in new[] { "durable_events", "durable_operations", "durable_executions" })
        {
            Assert.Equal(single.Rows(table).Select(r => r.ToString()), reversed.Rows(table).Select(r => r.ToString()));
        }
    }

    private static bool RetryPending(JsonElement stepFailed) =>
        stepFailed.GetProperty("StepFailedDetails").TryGetProperty("RetryDetails", out var retry) && retry.TryGetProperty("NextAttemptDelaySeconds", out _);
}
