using Analytics.Core.Flattening;
using System.Text.Json;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>
/// Every recorded history of the corpus (Fixtures/localstack-sfn: real AWS responses sanitised by LocalStack's
/// snapshot tool; Fixtures/aws-docs-samples) flattens, row counts match the raw JSON, and nothing is left over in
/// details_json because every member the corpus holds has a column.
/// </summary>
public class CorpusConformanceTests
{
    private static readonly List<ManifestEntry> s_manifest = LoadManifest();

    [Fact]
    public void Every_intact_LocalStack_history_flattens_in_lenient_mode_with_one_event_row_per_raw_event_by_type()
    {
        var problems = new List<string>();
        var checkedFiles = 0;
        foreach (var entry in s_manifest.Where(e => e.IdsAllInt))
        {
            var bytes = File.ReadAllBytes(Fixtures.Path("localstack-sfn", entry.File));
            var rows = Flatten.History(bytes, Flatten.Lenient, HistoryOrder.Detect, ArnFor(entry.File));
            var expected = RawTypeCounts(bytes);
            var actual = rows.Rows("events").GroupBy(r => r.Text("type")!).ToDictionary(g => g.Key, g => g.Count());
            if (!expected.OrderBy(p => p.Key).SequenceEqual(actual.OrderBy(p => p.Key)))
            {
                problems.Add($"{entry.File}: expected {Show(expected)}, got {Show(actual)}");
            }
            if (rows.Rows("executions").Count != 1)
            {
                problems.Add($"{entry.File}: {rows.Rows("executions").Count} execution rows");
            }
            checkedFiles++;
        }
        Assert.Empty(problems);
        Assert.Equal(694, checkedFiles);
    }

    [Fact]
    public void Details_json_stays_null_across_the_corpus_because_every_recorded_member_has_a_column()
    {
        var leftovers = new List<string>();
        foreach (var entry in s_manifest.Where(e => e.IdsAllInt))
        {
            var rows = Flatten.History(File.ReadAllBytes(Fixtures.Path("localstack-sfn", entry.File)), Flatten.Lenient, HistoryOrder.Detect);
            leftovers.AddRange(rows.Rows("events").Where(r => r.Text("details_json") is not null)
                .Select(r => $"{entry.File} #{r.Long("event_id")}: {r.Text("details_json")}"));
        }
        Assert.Empty(leftovers);
    }

    [Fact]
    public void Execution_status_matches_the_terminal_event_in_the_manifest()
    {
        var wrong = new List<string>();
        foreach (var entry in s_manifest.Where(e => e.IdsAllInt))
        {
            var rows = Flatten.History(File.ReadAllBytes(Fixtures.Path("localstack-sfn", entry.File)), Flatten.Lenient, HistoryOrder.Detect);
            var execution = rows.Rows("executions").Single();
            var expected = entry.Terminal switch
            {
                "ExecutionSucceeded" => "SUCCEEDED",
                "ExecutionFailed" => "FAILED",
                "ExecutionAborted" => "ABORTED",
                "ExecutionTimedOut" => "TIMED_OUT",
                _ => "RUNNING",
            };
            if (execution.Text("status") != expected || execution.Long("event_count") != entry.Events)
            {
                wrong.Add($"{entry.File}: {execution.Text("status")} / {execution.Long("event_count")} events, expected {expected} / {entry.Events}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_state_entered_in_the_corpus_yields_exactly_one_visit_and_every_scheduled_task_one_attempt()
    {
        var wrong = new List<string>();
        foreach (var entry in s_manifest.Where(e => e.IdsAllInt))
        {
            var bytes = File.ReadAllBytes(Fixtures.Path("localstack-sfn", entry.File));
            var rows = Flatten.History(bytes, Flatten.Lenient, HistoryOrder.Detect);
            var counts = RawTypeCounts(bytes);
            var entered = counts.Where(p => p.Key.EndsWith("StateEntered", StringComparison.Ordinal)).Sum(p => p.Value);
            var scheduled = counts.Where(p => p.Key is "TaskScheduled" or "LambdaFunctionScheduled" or "ActivityScheduled").Sum(p => p.Value);
            var visits = rows.Rows("state_visits");
            if (visits.Count != entered || rows.Rows("task_attempts").Count != scheduled)
            {
                wrong.Add($"{entry.File}: {visits.Count} visits for {entered} entered, {rows.Rows("task_attempts").Count} attempts for {scheduled} scheduled");
            }
            var duplicate = visits.GroupBy(v => v.Long("entered_event_id")).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                wrong.Add($"{entry.File}: visit for event {duplicate.Key} written {duplicate.Count()} times");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void LocalStack_histories_with_array_ids_are_reported_as_malformed_not_crashed_on()
    {
        var damaged = s_manifest.Where(e => !e.IdsAllInt).ToList();
        Assert.Equal(10, damaged.Count);
        foreach (var entry in damaged)
        {
            var bytes = File.ReadAllBytes(Fixtures.Path("localstack-sfn", entry.File));
            var error = Assert.Throws<HistoryFormatException>(() => Flatten.History(bytes, Flatten.Lenient, HistoryOrder.Detect));
            Assert.Contains("'id' must be an integer", error.Message, StringComparison.Ordinal);
            Assert.True(error.ByteOffset > 0 && error.ByteOffset < bytes.Length);
            Assert.Equal((byte)'[', bytes[error.ByteOffset]);
        }
    }

    [Fact]
    public void Strict_mode_rejects_LocalStack_snapshots_with_a_clear_message_pointing_at_the_value()
    {
        var bytes = Fixtures.Bytes("localstack-sfn", "histories", "activities.test_activities__TestActivities__test_activity_task__get_execution_history.json");
        var error = Assert.Throws<HistoryFormatException>(() => Flatten.History(bytes));
        // The first offending value in this file is the decoded `input` object (keys are sorted alphabetically).
        Assert.Contains("'input' is a JSON object where AWS sends JSON text", error.Message, StringComparison.Ordinal);
        Assert.Contains("lenient", error.Message, StringComparison.Ordinal);
        Assert.Equal((byte)'{', bytes[error.ByteOffset]);
    }

    [Fact]
    public void Strict_mode_rejects_the_placeholder_timestamp_literal()
    {
        var page = """{"events":[{"id":1,"previousEventId":0,"timestamp":"timestamp","type":"ExecutionStarted"}]}"""u8.ToArray();
        var error = Assert.Throws<HistoryFormatException>(() => Flatten.History(page));
        Assert.Contains("unparseable timestamp", error.Message, StringComparison.Ordinal);
        Assert.Equal("\"timestamp\",", System.Text.Encoding.UTF8.GetString(page, (int)error.ByteOffset, 12));
    }

    [Fact]
    public void Lenient_mode_counts_placeholder_timestamps_and_decoded_json_text_as_warnings()
    {
        var bytes = Fixtures.Bytes("aws-docs-samples", "API_GetExecutionHistory.HelloWorld.sample-response.json");
        var localStack = Fixtures.Bytes("localstack-sfn", "histories", "activities.test_activities__TestActivities__test_activity_task__get_execution_history.json");
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows), new FlattenerOptions { Lenient = true, IncludeExecutionData = true });
        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(bytes);
        flattener.EndExecution();
        Assert.False(flattener.Warnings.Any);

        flattener.BeginExecution(Flatten.Arn);
        flattener.AddPage(localStack);
        flattener.EndExecution();
        flattener.Flush();

        Assert.Equal(7, flattener.Warnings.UnparseableTimestamps);
        Assert.True(flattener.Warnings.DecodedJsonText > 0);
        var started = rows.Rows("events").Last(r => r.Text("type") == "ExecutionStarted");
        Assert.Null(started["timestamp"]);
        // The decoded object is stored as compact JSON text, and its size counted from that text.
        Assert.StartsWith("{", started.Text("input"), StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(started.Text("input")!), started.Long("input_bytes"));
    }

    [Fact]
    public void The_API_reference_sample_flattens_in_strict_mode_with_exact_epoch_timestamps()
    {
        var rows = Flatten.History(Fixtures.Bytes("aws-docs-samples", "API_GetExecutionHistory.HelloWorld.sample-response.json"),
            new FlattenerOptions { IncludeExecutionData = true });
        var events = rows.Rows("events");
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], events.Select(e => e.Text("type")));
        Assert.Equal(1525283875580000L, events[0].Long("timestamp"));
        Assert.Equal(1525283875612000L, events[1].Long("timestamp"));
        Assert.Equal("HelloWorld", events[2].Text("state_name"));
        Assert.Equal("Pass", events[2].Text("state_type"));
        Assert.Equal("\"Hello World!\"", events[3].Text("output"));
        Assert.Equal(14L, events[3].Long("output_bytes"));
        Assert.Equal(false, events[3]["truncated"]);
        Assert.Equal("arn:aws:iam::123456789123:role/service-role/StatesExecutionRole-us-east-1", events[0].Text("role_arn"));
        Assert.All(events, e => Assert.Null(e.Text("details_json")));

        var execution = rows.Rows("executions").Single();
        Assert.Equal("SUCCEEDED", execution.Text("status"));
        Assert.Equal(32L, execution.Long("duration_ms"));
        Assert.Equal(true, execution["history_complete"]);
        Assert.Equal("Orders", execution.Text("state_machine_name"));
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:Orders", execution.Text("state_machine_arn"));
        Assert.Equal("run-1", execution.Text("execution_name"));
        Assert.Equal("us-east-1", execution.Text("region"));
        Assert.Equal("123456789012", execution.Text("account_id"));

        var visit = rows.Rows("state_visits").Single();
        Assert.Equal(("HelloWorld", "Pass", "succeeded", 2L, 3L, 32L), (visit.Text("state_name"), visit.Text("state_type"), visit.Text("outcome"), visit.Long("entered_event_id"), visit.Long("exited_event_id"), visit.Long("duration_ms") + 32));
    }

    [Fact]
    public void The_real_newest_first_fragment_with_offsets_flattens_oldest_first()
    {
        // Two events quoted from real AWS output (floci issue 2734), newest first, as concatenated objects: wrapped
        // into an array here, which is the shape the flattener accepts.
        var text = File.ReadAllText(Fixtures.Path("fragments", "floci-issue-2734_history-cap_reverse-order_max-items-2.txt"));
        var split = text.IndexOf("\n{", StringComparison.Ordinal);
        var page = System.Text.Encoding.UTF8.GetBytes($"[{text[..split]},{text[(split + 1)..]}]");

        var rows = Flatten.History(page, order: HistoryOrder.Detect);

        var events = rows.Rows("events");
        Assert.Equal([24999L, 25000L], events.Select(e => e.Long("event_id")!.Value));
        Assert.Equal(DateTimeOffset.Parse("2026-08-29T20:35:34.605Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1000, events[0].Long("timestamp"));
        var execution = rows.Rows("executions").Single();
        Assert.Equal("FAILED", execution.Text("status"));
        Assert.Equal("States.Runtime", execution.Text("error"));
        Assert.Equal(false, execution["history_complete"]);
    }

    internal static Dictionary<string, int> RawTypeCounts(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty("events");
        return events.EnumerateArray().GroupBy(e => e.GetProperty("type").GetString()!).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string ArnFor(string file) =>
        $"arn:aws:states:us-east-1:111111111111:execution:localstack:{System.IO.Path.GetFileNameWithoutExtension(file)[..Math.Min(60, System.IO.Path.GetFileNameWithoutExtension(file).Length)]}";

    private static string Show(Dictionary<string, int> counts) => string.Join(",", counts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));

    private static List<ManifestEntry> LoadManifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("localstack-sfn", "manifest.json")));
        return document.RootElement.EnumerateArray().Select(e => new ManifestEntry(
            e.GetProperty("file").GetString()!,
            e.GetProperty("ids_all_int").GetBoolean(),
            e.GetProperty("n_events").GetInt32(),
            e.GetProperty("terminal").EnumerateArray().Select(t => t.GetString()).FirstOrDefault())).ToList();
    }

    private sealed record ManifestEntry(string File, bool IdsAllInt, int Events, string? Terminal);
}
