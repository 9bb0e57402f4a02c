using System.Text;
using System.Text.Json;
using Analytics.Datasets;

namespace Analytics.DuckDb.Tests.Dataset;

/// <summary>Imports the real corpus (Fixtures, copied from the Core tests) and reads the Parquet back through DuckDB.</summary>
public sealed class HistoryImporterTests
{
    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    [Fact]
    public void Lenient_import_of_the_corpus_writes_every_intact_history_and_reports_the_ten_with_array_ids()
    {
        using var folder = new TempFolder();
        var missing = new List<string>();
        var files = HistoryImporter.ExpandInputs(
            [Fixture("localstack-sfn", "histories"), Fixture("aws-durable-sdk-js-examples"), Fixture("aws-docs-samples"), Fixture("synthetic"),
             Fixture("synthetic-durable", "durable-timed-out.json"), Fixture("synthetic-durable", "durable-stopped.json")], missing);

        var report = HistoryImporter.Import(files, folder.Path, "run-corpus", new ImportOptions { Lenient = true });

        Assert.Empty(missing);
        Assert.Equal(10, report.Rejected.Count);
        Assert.All(report.Rejected, r =>
        {
            Assert.Contains("'id' must be an integer", r.Problem, StringComparison.Ordinal);
            Assert.Equal((byte)'[', File.ReadAllBytes(r.Path)[r.ByteOffset!.Value]);
        });
        Assert.Equal(694 + 117 + 1 + 8 + 2, report.Imported.Count);
        Assert.Equal(report.Imported.Count, report.Imported.Select(i => i.ExecutionArn).Distinct().Count());
        Assert.True(report.UnparseableTimestamps > 5000);

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var stepFunctions = report.Imported.Where(i => i.Kind == HistoryFileKind.StepFunctions).ToList();
        var durable = report.Imported.Where(i => i.Kind == HistoryFileKind.Durable).ToList();
        Assert.Equal(RawEventCounts(stepFunctions, "events", "type"), CountsByArnAndType(connection, folder.Path, "events", "execution_arn", "type"));
        Assert.Equal(RawEventCounts(durable, "Events", "EventType"), CountsByArnAndType(connection, folder.Path, "durable_events", "durable_execution_arn", "event_type"));
        Assert.Equal((long)stepFunctions.Count, connection.ExecuteScalar($"SELECT count(*) FROM {Table(folder.Path, "executions")}"));
        Assert.Equal((long)durable.Count, connection.ExecuteScalar($"SELECT count(*) FROM {Table(folder.Path, "durable_executions")}"));
        // Only the two events of synthetic/unknown-types-and-members.json carry members without a column.
        Assert.Equal(["unknown-types-and-members", "unknown-types-and-members"],
            Strings(connection, $"SELECT split_part(execution_arn, ':', 8) FROM {Table(folder.Path, "events")} WHERE details_json IS NOT NULL"));
    }

    [Fact]
    public void Strict_import_rejects_the_LocalStack_snapshots_and_imports_the_wire_format_files()
    {
        using var folder = new TempFolder();
        string[] files =
        [
            Fixture("localstack-sfn", "histories", "activities.test_activities__TestActivities__test_activity_task__get_execution_history.json"),
            Fixture("aws-docs-samples", "API_GetExecutionHistory.HelloWorld.sample-response.json"),
            Fixture("aws-durable-sdk-js-examples", "block-example.history.json"),
        ];

        var report = HistoryImporter.Import(files, folder.Path, "run-strict");

        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(files[0], rejected.Path);
        Assert.Contains("lenient", rejected.Problem, StringComparison.Ordinal);
        Assert.Equal(2, report.Imported.Count);
        Assert.Equal("arn:aws:states:local:000000000000:execution:aws-docs-samples:API_GetExecutionHistory.HelloWorld.sample-response", report.Imported[0].ExecutionArn);
        Assert.Equal("arn:aws:lambda:local:000000000000:function:aws-durable-sdk-js-examples:$LATEST/durable-execution/block-example/block-example", report.Imported[1].ExecutionArn);
        Assert.Equal(("SUCCEEDED", 4L), (report.Imported[0].Status, report.Imported[0].Events));
    }

    [Fact]
    public void Malformed_files_are_reported_with_path_and_offset_and_nothing_of_them_is_written()
    {
        using var folder = new TempFolder();
        var inputs = Path.Combine(folder.Path, "in");
        Directory.CreateDirectory(inputs);
        var good = Fixture("aws-docs-samples", "API_GetExecutionHistory.HelloWorld.sample-response.json");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(inputs, "truncated.json"), bytes[..(bytes.Length / 2)]);
        var latin1 = (byte[])bytes.Clone();
        latin1[Array.IndexOf(latin1, (byte)'H')] = 0xE9;
        File.WriteAllBytes(Path.Combine(inputs, "windows-1252.json"), latin1);
        File.WriteAllText(Path.Combine(inputs, "wrong-shape.json"), """{"executions":[{"executionArn":"x"}]}""");
        File.WriteAllText(Path.Combine(inputs, "bad-timestamp.json"), """{"events":[{"timestamp":"yesterday","type":"ExecutionStarted","id":1,"previousEventId":0}]}""");
        File.WriteAllText(Path.Combine(inputs, "empty.json"), "");
        File.Copy(good, Path.Combine(inputs, "good.json"));
        var out_ = Path.Combine(folder.Path, "out");

        var report = HistoryImporter.Import(HistoryImporter.ExpandInputs([inputs], []), out_, "run-bad");

        Assert.Equal(["good.json"], report.Imported.Select(i => Path.GetFileName(i.Path)));
        var problems = report.Rejected.ToDictionary(r => Path.GetFileName(r.Path));
        Assert.Equal(["bad-timestamp.json", "empty.json", "truncated.json", "windows-1252.json", "wrong-shape.json"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("malformed JSON", problems["truncated.json"].Problem, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", problems["windows-1252.json"].Problem, StringComparison.Ordinal);
        Assert.Equal(Array.IndexOf(latin1, (byte)0xE9), problems["windows-1252.json"].ByteOffset);
        Assert.Contains("not a recognised history", problems["wrong-shape.json"].Problem, StringComparison.Ordinal);
        Assert.Equal(24L, problems["bad-timestamp.json"].ByteOffset);
        Assert.All(report.Rejected, r => Assert.StartsWith(inputs, r.ToString(), StringComparison.Ordinal));

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        Assert.Equal(["arn:aws:states:local:000000000000:execution:in:good"],
            Strings(connection, $"SELECT DISTINCT execution_arn FROM {Table(out_, "events")}"));
    }

    [Fact]
    public void Saved_GetDurableExecutionState_pages_import_into_durable_operations_with_the_arn_from_the_content_or_the_file_name()
    {
        using var folder = new TempFolder();
        var inputs = Path.Combine(folder.Path, "orders");
        Directory.CreateDirectory(inputs);
        var page = File.ReadAllText(Fixture("synthetic-durable", "durable-state-page.json"));
        const string Named = "arn:aws:lambda:us-east-1:123456789012:function:payments:3/durable-execution/pay-1/9a8b";
        File.WriteAllText(Path.Combine(inputs, "order-7.json"), page);
        File.WriteAllText(Path.Combine(inputs, "named.json"), page.Replace("\"NextMarker\"", $"\"DurableExecutionArn\": \"{Named}\", \"NextMarker\"", StringComparison.Ordinal));
        using (var document = JsonDocument.Parse(page))
        {
            File.WriteAllText(Path.Combine(inputs, "bare.json"), document.RootElement.GetProperty("Operations").GetRawText());
        }
        var out_ = Path.Combine(folder.Path, "out");

        var report = HistoryImporter.Import(HistoryImporter.ExpandInputs([inputs], []), out_, "run-state", new ImportOptions { IncludeExecutionData = true });

        Assert.Empty(report.Rejected);
        const string Derived = "arn:aws:lambda:local:000000000000:function:orders:$LATEST/durable-execution/";
        Assert.Equal(
            [(HistoryFileKind.DurableState, Derived + "bare/bare", 4L, "STARTED"), (HistoryFileKind.DurableState, Named, 4L, "STARTED"), (HistoryFileKind.DurableState, Derived + "order-7/order-7", 4L, "STARTED")],
            report.Imported.Select(i => (i.Kind, i.ExecutionArn, i.Events, i.Status)));
        Assert.Equal(12L, report.RowsByTable["durable_operations"]);

        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var operations = Table(out_, "durable_operations");
        Assert.Equal([Derived + "bare/bare", Derived + "order-7/order-7", Named],
            Strings(connection, $"SELECT DISTINCT durable_execution_arn FROM {operations} ORDER BY 1"));
        Assert.Equal(["EXECUTION|STARTED|1|{\"ExecutionDetails\":{\"InputPayload\":\"{}\"}}", "STEP|PENDING|2|{\"StepDetails\":{\"NextAttemptTimestamp\":1763712030.02}}",
                      "CONTEXT|SUCCEEDED|1|{\"ContextDetails\":{\"ReplayChildren\":false,\"Result\":\"{}\"}}", "WAIT|STARTED|1|{\"WaitDetails\":{\"ScheduledEndTimestamp\":1763712060.6}}"],
            Strings(connection, $"SELECT concat_ws('|', type, status, attempts, details_json) FROM {operations} WHERE durable_execution_arn = {DuckDbSql.Literal(Named)} ORDER BY start_time"));
        Assert.Equal(["2025-11-21 08:00:00+00|2025-11-21"],
            Strings(connection, $"SELECT DISTINCT strftime(execution_start_time, '%Y-%m-%d %H:%M:%S+00') || '|' || date FROM {operations}"));
    }

    private static string Table(string root, string table) =>
        $"read_parquet({DuckDbSql.Literal(Path.Combine(root, table, "*", "*.parquet"))}, hive_partitioning = true)";

    private static Dictionary<(string, string), long> RawEventCounts(IEnumerable<ImportedFile> files, string member, string typeMember)
    {
        var counts = new Dictionary<(string, string), long>();
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file.Path));
            var events = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty(member);
            foreach (var e in events.EnumerateArray())
            {
                var key = (file.ExecutionArn, e.GetProperty(typeMember).GetString()!);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts.OrderBy(p => p.Key).ToDictionary();
    }

    private static Dictionary<(string, string), long> CountsByArnAndType(DuckDbConnection connection, string root, string table, string arn, string type)
    {
        var counts = new Dictionary<(string, string), long>();
        using var result = connection.Query($"SELECT {arn}, {type}, count(*) FROM {Table(root, table)} GROUP BY ALL");
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    counts[(chunk.GetVector(0).GetString(row), chunk.GetVector(1).GetString(row))] = (long)chunk.GetVector(2).GetValue(row)!;
                }
            }
        }
        return counts.OrderBy(p => p.Key).ToDictionary();
    }

    private static List<string> Strings(DuckDbConnection connection, string sql)
    {
        var values = new List<string>();
        using var result = connection.Query(sql);
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    values.Add(chunk.GetVector(0).GetString(row));
                }
            }
        }
        return values;
    }
}
