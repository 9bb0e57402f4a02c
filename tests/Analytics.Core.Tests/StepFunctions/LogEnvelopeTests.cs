using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>
/// The CloudWatch Logs envelope reader feeds the same event logic as API pages: every recorded and synthetic history,
/// rewritten as the log lines Step Functions would deliver (aws-wire-facts-logs §1), gives the same rows in every
/// table, with only <c>executions.history_source</c> telling them apart.
/// </summary>
public class LogEnvelopeTests
{
    [Fact]
    public void Every_history_as_log_lines_gives_the_rows_of_its_API_pages()
    {
        var files = Directory.GetFiles(Fixtures.Path("synthetic")).Concat(Directory.GetFiles(Fixtures.Path("aws-docs-samples")))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) && !f.Contains(".cli-iso", StringComparison.Ordinal)).ToList();
        var differences = new List<string>();
        var compared = 0;
        foreach (var file in files)
        {
            var page = File.ReadAllBytes(file);
            if (ToLogLines(page) is not { } lines)
            {
                continue;
            }
            foreach (var options in new[] { new FlattenerOptions(), new FlattenerOptions { IncludeExecutionData = true } })
            {
                RowCollector api;
                try
                {
                    api = Flatten.History(page, options);
                }
                catch (HistoryFormatException)
                {
                    continue; // a history the API path refuses is no reference
                }
                var logs = FlattenLogs(lines, options);
                compared++;
                foreach (var table in new[] { "events", "state_visits", "task_attempts", "executions" })
                {
                    var a = api.Rows(table).Select(r => r.ToString()).ToList();
                    var l = logs.Rows(table).Select(r => r.ToString()).ToList();
                    if (table == "executions")
                    {
                        Assert.All(api.Rows(table), r => Assert.Equal("api", r.Text("history_source")));
                        Assert.All(logs.Rows(table), r => Assert.Equal("logs", r.Text("history_source")));
                        a = [.. a.Select(s => s.Replace("| api", "", StringComparison.Ordinal))];
                        l = [.. l.Select(s => s.Replace("| logs", "", StringComparison.Ordinal))];
                    }
                    if (!a.SequenceEqual(l))
                    {
                        var i = Enumerable.Range(0, Math.Max(a.Count, l.Count)).First(i => i >= a.Count || i >= l.Count || a[i] != l[i]);
                        differences.Add($"{Path.GetFileName(file)} {table} row {i}:\n api  {a.ElementAtOrDefault(i)}\n logs {l.ElementAtOrDefault(i)}");
                    }
                }
            }
        }
        Assert.True(compared >= 14, $"only {compared} histories compared");
        Assert.Empty(differences);
    }

    [Fact]
    public void A_real_Express_line_reads_its_envelope_and_details()
    {
        // aws-wire-facts-logs §1 [MASK], with a truncation flag as text (seen in a Datadog fixture).
        var line = """{"id":"1","type":"ExecutionStarted","details":{"input":"{\"order-id\": \"test-order-id\"}","inputDetails":{"truncated":"false"},"roleArn":"arn:aws:iam::123456789012:role/R"},"previous_event_id":"0","event_timestamp":"1713959670672","execution_arn":"arn:aws:states:eu-central-1:123456789012:express:Masking:cli-test-run:4135929f","redrive_count":"0"}"""u8.ToArray();
        var rows = FlattenLogs([line], new FlattenerOptions { IncludeExecutionData = true }, "arn:aws:states:eu-central-1:123456789012:express:Masking:cli-test-run:4135929f");
        var e = Assert.Single(rows.Rows("events"));
        Assert.Equal(1L, e.Long("event_id"));
        Assert.Equal(1713959670672000L, e.Long("timestamp"));
        Assert.Equal("{\"order-id\": \"test-order-id\"}", e.Text("input"));
        Assert.Equal(false, e["truncated"]);
        Assert.Equal("arn:aws:iam::123456789012:role/R", e.Text("role_arn"));
        Assert.Null(e.Text("details_json"));
        var x = Assert.Single(rows.Rows("executions"));
        Assert.Equal("EXPRESS", x.Text("type"));
        Assert.Equal("Masking", x.Text("state_machine_name"));
        Assert.Equal("RUNNING", x.Text("status"));
    }

    [Theory]
    [InlineData("""{"id":3,"type":"ExecutionFailed","event_timestamp":"x"}""", "event_timestamp")]
    [InlineData("""{"id":"-1","type":"ExecutionFailed","event_timestamp":"1"}""", "'id'")]
    [InlineData("""{"type":"ExecutionFailed","event_timestamp":"1"}""", "no 'id'")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"id":"1","type":"ExecutionFailed","event_timestamp":"1\u0030"}""", "event_timestamp")]
    public void A_bad_line_is_a_format_error_naming_the_member(string line, string expected)
    {
        var error = Assert.Throws<HistoryFormatException>(() => FlattenLogs([Encoding.UTF8.GetBytes(line)], new FlattenerOptions()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static RowCollector FlattenLogs(IEnumerable<byte[]> lines, FlattenerOptions options, string arn = Flatten.Arn)
    {
        var rows = new RowCollector();
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows), options);
        flattener.BeginExecution(arn);
        foreach (var line in lines)
        {
            flattener.AddLogEvent(line);
        }
        flattener.EndExecution();
        flattener.Flush();
        return rows;
    }

    /// <summary>An API history rewritten as log lines; null when it is not a plain one (placeholders, odd ids).</summary>
    private static List<byte[]>? ToLogLines(byte[] page)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(page);
        }
        catch (JsonException)
        {
            return null;
        }
        var events = (root as JsonArray) ?? (root?["events"] as JsonArray);
        if (events is null || events.Count == 0)
        {
            return null;
        }
        var lines = new List<byte[]>();
        foreach (var node in events)
        {
            if (node is not JsonObject e || e["timestamp"] is not JsonValue ts || e["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.Number)
            {
                return null;
            }
            long ms;
            if (ts.GetValueKind() == JsonValueKind.Number)
            {
                ms = (long)Math.Round(decimal.Parse(ts.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) * 1000m);
            }
            else if (!DateTimeOffset.TryParse(ts.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return null;
            }
            else
            {
                ms = time.ToUnixTimeMilliseconds();
            }
            var line = new JsonObject { ["id"] = id.ToJsonString(), ["type"] = e["type"]?.DeepClone() };
            foreach (var (name, value) in e)
            {
                if (name.EndsWith("EventDetails", StringComparison.Ordinal))
                {
                    line["details"] = value?.DeepClone();
                }
            }
            line["previous_event_id"] = e["previousEventId"] is JsonValue prev ? prev.ToJsonString() : "0";
            line["event_timestamp"] = ms.ToString(CultureInfo.InvariantCulture);
            line["execution_arn"] = Flatten.Arn;
            line["redrive_count"] = "0";
            if (e.Any(m => m.Key is not ("id" or "type" or "timestamp" or "previousEventId") && !m.Key.EndsWith("EventDetails", StringComparison.Ordinal)))
            {
                return null; // members the envelope has no place for
            }
            lines.Add(Encoding.UTF8.GetBytes(line.ToJsonString()));
        }
        return lines;
    }
}
