using System.CommandLine;
using Analytics.Cli;
using Analytics.Cli.Commands;
using Analytics.Core.StepFunctions;
using Analytics.Datasets;
using Analytics.Query;

namespace Analytics.Cli.Tests.Commands;

public sealed class ImportCommandTests : IDisposable
{
    private const string History = """
        {"events":[
          {"timestamp":1525283875.58,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{}"}},
          {"timestamp":1525283875.612,"type":"PassStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"HelloWorld","input":"{}"}},
          {"timestamp":1525283875.612,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"HelloWorld","output":"\"Hello World!\""}},
          {"timestamp":1525283875.612,"type":"ExecutionSucceeded","id":4,"previousEventId":3,"executionSucceededEventDetails":{"output":"\"Hello World!\""}}],
         "ResponseMetadata":{"HTTPStatusCode":200}}
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-cli-tests", Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(Path.Combine(_folder, "in"));

    [Fact]
    public async Task Import_writes_the_dataset_and_exits_0_when_every_file_imports()
    {
        File.WriteAllText(Path.Combine(_folder, "in", "hello.json"), History);
        var output = Path.Combine(_folder, "out");

        var exit = await Run("import", Path.Combine(_folder, "in"), "--out", output);

        Assert.Equal(ExitCodes.Ok, exit);
        var files = Directory.GetFiles(output, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).ToList();
        Assert.Contains(files, f => f.StartsWith("events/date=2018-05-02/import-", StringComparison.Ordinal) && f.EndsWith("-0.parquet", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("executions/date=2018-05-02/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("state_visits/date=2018-05-02/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_file_is_reported_with_its_path_and_offset_and_the_exit_code_is_1()
    {
        File.WriteAllText(Path.Combine(_folder, "in", "good.json"), History);
        var bad = Path.Combine(_folder, "in", "bad.json");
        File.WriteAllText(bad, History[..120]);
        var errors = new StringWriter();
        var previous = Console.Error;
        Console.SetError(errors);
        int exit;
        try
        {
            exit = await Run("import", Path.Combine(_folder, "in"), "--out", Path.Combine(_folder, "out"));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(ExitCodes.Partial, exit);
        Assert.Contains($"error: {bad}: malformed JSON", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("(byte offset ", errors.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder, "out", "events"), "*.parquet", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_saved_GetDurableExecutionState_page_imports_and_reads_back_through_the_views()
    {
        const string Page = """
            {"DurableExecutionArn":"arn:aws:lambda:us-east-1:123456789012:function:orders:7/durable-execution/o-1/ab12",
             "Operations":[
              {"Id":"e","Type":"EXECUTION","StartTimestamp":1763712000,"Status":"STARTED","ExecutionDetails":{"InputPayload":"{}"}},
              {"Id":"s","Type":"STEP","Name":"fetch","StartTimestamp":1763712000.5,"Status":"PENDING","StepDetails":{"Attempt":2,"NextAttemptTimestamp":1763712030,"Error":{"ErrorType":"E","StackTrace":["at a"]}}}]}
            """;
        File.WriteAllText(Path.Combine(_folder, "in", "state.json"), Page);
        var output = Path.Combine(_folder, "out");

        var import = CliRunner.Run("import", Path.Combine(_folder, "in"), "--out", output);
        var query = CliRunner.Run("query", "SELECT operation_id, status, attempts, details_json, date FROM durable_operations ORDER BY operation_id", "--data", output, "--format", "csv");

        Assert.Equal((ExitCodes.Ok, ""), (import.ExitCode, import.Stderr));
        Assert.Contains("durable_operations 2", import.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, query.ExitCode);
        Assert.Equal(
            ["operation_id,status,attempts,details_json,date", "e,STARTED,1,,2025-11-21", "s,PENDING,2,\"{\"\"StepDetails\"\":{\"\"NextAttemptTimestamp\"\":1763712030,\"\"Error.StackTrace\"\":[\"\"at a\"\"]}}\",2025-11-21"],
            query.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Missing_output_or_inputs_is_a_usage_error()
    {
        Assert.Equal(ExitCodes.Usage, await Run("import", Path.Combine(_folder, "in")));
        Assert.Equal(ExitCodes.Usage, await Run("import", Path.Combine(_folder, "in"), "--out", Path.Combine(_folder, "out")));
    }

    [Fact]
    public void Imported_files_join_an_exported_datasets_manifest_and_the_first_export_takes_an_imports_files_in()
    {
        File.WriteAllText(Path.Combine(_folder, "in", "hello.json"), History);
        // An exported dataset (its manifest exists): the views read only what the manifest lists.
        var exported = Path.Combine(_folder, "exported");
        Directory.CreateDirectory(Path.Combine(exported, "_manifest", "commits"));
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("import", Path.Combine(_folder, "in"), "--out", exported).ExitCode);
        Assert.Equal("n\r\n1\r\n", CliRunner.Run("query", "SELECT count(*) AS n FROM executions", "--data", exported, "--format", "csv").Stdout);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("verify", "--out", exported).ExitCode);

        // An import's folder, then an export into it: the export's new manifest lists the import's files.
        var imported = Path.Combine(_folder, "imported");
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("import", Path.Combine(_folder, "in"), "--out", imported).ExitCode);
        Analytics.Export.Manifest.DatasetStore.Open(imported, Analytics.Export.ShardSpec.All).Dispose();
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("verify", "--out", imported).ExitCode);
        Assert.Equal("n\r\n1\r\n", CliRunner.Run("query", "SELECT count(*) AS n FROM executions", "--data", imported, "--format", "csv").Stdout);
    }

    [Fact]
    public void A_page_without_ExecutionStarted_lands_in_the_null_date_partition_as_the_export_writes_it_and_every_named_query_runs()
    {
        const string PageWithoutStart = """
            {"events":[
              {"timestamp":1763716200.0,"type":"TaskStateEntered","id":5,"previousEventId":4,"stateEnteredEventDetails":{"name":"Charge"}},
              {"timestamp":1763716201.5,"type":"TaskScheduled","id":6,"previousEventId":5,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}"}},
              {"timestamp":1763716202.0,"type":"TaskStarted","id":7,"previousEventId":6,"taskStartedEventDetails":{"resourceType":"lambda","resource":"invoke"}},
              {"timestamp":1763716205.0,"type":"TaskFailed","id":8,"previousEventId":7,"taskFailedEventDetails":{"resourceType":"lambda","resource":"invoke","error":"Boom","cause":"x"}},
              {"timestamp":1763716205.5,"type":"ExecutionFailed","id":9,"previousEventId":8,"executionFailedEventDetails":{"error":"Boom","cause":"x"}}]}
            """;
        const string Arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:partial";
        File.WriteAllText(Path.Combine(_folder, "in", "partial.json"), PageWithoutStart.Replace("{\"events\"", $"{{\"executionArn\":\"{Arn}\",\"events\"", StringComparison.Ordinal));
        var imported = Path.Combine(_folder, "imported");

        var import = CliRunner.Run("import", Path.Combine(_folder, "in"), "--out", imported);

        Assert.Equal((ExitCodes.Ok, ""), (import.ExitCode, import.Stderr));
        // The export stages its chunks with the same dataset writer: the same page lands in the same folders.
        var staging = Path.Combine(_folder, "export-staging");
        using (var writer = new DatasetWriter(Path.Combine(_folder, "exported"), "run-1", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { StagingDirectory = staging }))
        {
            using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
            flattener.BeginExecution(Arn);
            flattener.AddPage(System.Text.Encoding.UTF8.GetBytes(PageWithoutStart));
            flattener.EndExecution();
            flattener.Flush();
            writer.Stage("chunk-1");
        }
        static string[] Partitions(string root) => [.. Directory.GetFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!).Replace('\\', '/')).Order(StringComparer.Ordinal)];
        Assert.Equal(
            ["events/date=__HIVE_DEFAULT_PARTITION__", "executions/date=__HIVE_DEFAULT_PARTITION__", "state_visits/date=__HIVE_DEFAULT_PARTITION__", "task_attempts/date=__HIVE_DEFAULT_PARTITION__"],
            Partitions(imported));
        Assert.Equal(Partitions(imported), Partitions(staging));

        using var session = QuerySession.Open(imported);
        Assert.Equal(5L, session.Run("SELECT count(*) FROM events WHERE date IS NULL").Rows[0][0]);
        var queries = session.Queries.All();
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            session.RunNamed(query.Name);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Parses and runs like Program.cs does (parse errors are usage errors).</summary>
    private static async Task<int> Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ImportCommand.Create());
        var parsed = root.Parse(args);
        return parsed.Errors.Count > 0 ? ExitCodes.Usage : await parsed.InvokeAsync();
    }
}
