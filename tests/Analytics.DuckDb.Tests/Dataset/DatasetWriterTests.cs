using System.Globalization;
using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Schemas;
using Analytics.Core.StepFunctions;
using Analytics.Datasets;

namespace Analytics.DuckDb.Tests.Dataset;

public sealed class DatasetWriterTests
{
    private const string Page = """
        {"events":[
          {"timestamp":1763769599.5,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"input":"{}","inputDetails":{"truncated":false}}},
          {"timestamp":1763769599.75,"type":"PassStateEntered","id":2,"previousEventId":0,"stateEnteredEventDetails":{"name":"Hello é","input":"{}"}},
          {"timestamp":1763769600.25,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"Hello é","output":"{}"}},
          {"timestamp":1763769600.5,"type":"ExecutionSucceeded","id":4,"previousEventId":3,"executionSucceededEventDetails":{"output":"{}"}}]}
        """;

    [Fact]
    public void Rows_land_in_the_partition_of_the_execution_start_date_even_when_events_cross_midnight()
    {
        using var folder = new TempFolder();
        var files = WriteOne(folder.Path, "run-1");

        // Started 2025-11-21T23:59:59.5Z, ended after midnight: every row stays in the start date's partition.
        Assert.Equal(
            ["events/date=2025-11-21/run-1-0.parquet", "executions/date=2025-11-21/run-1-0.parquet", "state_visits/date=2025-11-21/run-1-0.parquet"],
            files.Files.Values.SelectMany(f => f).Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(folder.Path, ".tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Parquet_read_back_through_DuckDB_has_the_typed_values_the_run_id_and_the_hive_date()
    {
        using var folder = new TempFolder();
        WriteOne(folder.Path, "run-1");
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var events = DuckDbSql.Literal(Path.Combine(folder.Path, "events", "*", "*.parquet"));

        Assert.Equal(4L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({events}, hive_partitioning = true)"));
        Assert.Equal("Hello é", connection.ExecuteScalar($"SELECT state_name FROM read_parquet({events}) WHERE event_id = 3"));
        Assert.Equal("2025-11-22 00:00:00.25", connection.ExecuteScalar($"SELECT strftime(make_timestamp(epoch_us(\"timestamp\")), '%Y-%m-%d %H:%M:%S.%g')[1:22] FROM read_parquet({events}) WHERE event_id = 3"));
        Assert.Equal("run-1", connection.ExecuteScalar($"SELECT DISTINCT export_run_id FROM read_parquet({events})"));
        Assert.Equal("2025-11-21", connection.ExecuteScalar($"SELECT DISTINCT CAST(date AS VARCHAR) FROM read_parquet({events}, hive_partitioning = true)"));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", connection.ExecuteScalar($"SELECT typeof(\"timestamp\") FROM read_parquet({events}) LIMIT 1"));
        var visits = DuckDbSql.Literal(Path.Combine(folder.Path, "state_visits", "*", "*.parquet"));
        Assert.Equal(500L, connection.ExecuteScalar($"SELECT duration_ms FROM read_parquet({visits})"));
    }

    [Fact]
    public void A_second_commit_of_the_same_run_adds_the_next_numbered_file_instead_of_replacing()
    {
        using var folder = new TempFolder();
        using var writer = new DatasetWriter(folder.Path, "run-7", ExecutionHistoryFlattener.Tables);
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
        for (var i = 0; i < 2; i++)
        {
            flattener.BeginExecution($"arn:aws:states:us-east-1:123456789012:execution:Hello:run-{i}");
            flattener.AddPage(Encoding.UTF8.GetBytes(Page));
            flattener.EndExecution();
            flattener.Flush();
            writer.Commit();
        }

        Assert.Equal(["run-7-0.parquet", "run-7-1.parquet"], Directory.GetFiles(Path.Combine(folder.Path, "executions", "date=2025-11-21")).Select(Path.GetFileName).Order());
        Assert.Equal(0, writer.RowsStaged);
    }

    [Fact]
    public void Discarded_rows_are_never_written()
    {
        using var folder = new TempFolder();
        using var writer = new DatasetWriter(folder.Path, "run-1", ExecutionHistoryFlattener.Tables);
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
        flattener.BeginExecution("arn:aws:states:us-east-1:123456789012:execution:Hello:run-1");
        flattener.AddPage(Encoding.UTF8.GetBytes(Page));
        flattener.EndExecution();
        flattener.Flush();

        writer.Discard();
        var commit = writer.Commit();

        Assert.Equal(0, commit.FileCount);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "events")) && Directory.EnumerateFiles(Path.Combine(folder.Path, "events"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Stage_mode_leaves_flushed_files_in_the_staging_folder_until_the_caller_publishes_them()
    {
        using var folder = new TempFolder();
        var root = Path.Combine(folder.Path, "data");
        var staging = Path.Combine(folder.Path, "data", "_staging", "shard-0");
        using var writer = new DatasetWriter(root, "run-3", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { StagingDirectory = staging });
        Flatten(writer, "run-1");
        var first = writer.Stage("chunk-000001");
        Flatten(writer, "run-2");
        var second = writer.Stage("chunk-000002");

        Assert.Equal(
            ["events/date=2025-11-21/chunk-000001-0.parquet", "executions/date=2025-11-21/chunk-000001-0.parquet", "state_visits/date=2025-11-21/chunk-000001-0.parquet"],
            first.Staged.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.All(first.Staged.Concat(second.Staged), f => Assert.Equal(Path.Combine(staging, f.RelativePath), f.StagedPath));
        Assert.Equal(4L, first.Rows["events"]);
        Assert.False(Directory.Exists(Path.Combine(root, "events")));
        Assert.Empty(Directory.GetDirectories(staging, ".tmp-*", SearchOption.AllDirectories));

        foreach (var file in first.Staged.Concat(second.Staged))
        {
            file.PublishInto(root);
            file.PublishInto(root); // a redo after a crash between the moves finds it done
        }

        Assert.Empty(Directory.GetFiles(staging, "*", SearchOption.AllDirectories));
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var events = DuckDbSql.Literal(Path.Combine(root, "events", "**", "*.parquet"));
        Assert.Equal(8L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({events})"));
        Assert.Equal(2L, connection.ExecuteScalar($"SELECT count(DISTINCT execution_arn) FROM read_parquet({events}) WHERE export_run_id = 'run-3'"));
    }

    [Fact]
    public void A_snapshot_table_goes_to_the_snapshot_date_and_is_refused_without_one()
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentException>(() => new DatasetWriter(folder.Path, "run-1", [SnapshotSchemas.OpenExecutions]));
        using var writer = new DatasetWriter(folder.Path, "run-1", [SnapshotSchemas.OpenExecutions, TableSchemas.MapRuns],
            new DatasetWriterOptions { SnapshotDate = new DateOnly(2026, 12, 4) });
        var open = new ColumnBatch(SnapshotSchemas.OpenExecutions);
        open.Set(OpenExecutionColumns.ExecutionArn, open.AddRow(), "arn:open");
        var mapRuns = new ColumnBatch(TableSchemas.MapRuns);
        var row = mapRuns.AddRow();
        mapRuns.Set(MapRunColumns.ExecutionStartTime, row, DateTimeOffset.Parse("2026-11-20T10:00:00Z", CultureInfo.InvariantCulture));
        mapRuns.Set(MapRunColumns.ToleratedFailurePercentage, row, 12.5);
        writer.Write(open);
        writer.Write(mapRuns);

        var commit = writer.Commit();

        // Tables with execution_start_time keep their own rule; the snapshot date is only for those without.
        Assert.Equal(["map_runs/date=2026-11-20/run-1-0.parquet", "open_executions/date=2026-12-04/run-1-0.parquet"],
            commit.Files.Values.SelectMany(f => f).Select(f => Path.GetRelativePath(folder.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var file = DuckDbSql.Literal(commit.Files["open_executions"][0]);
        Assert.Equal("arn:open|run-1", connection.ExecuteScalar($"SELECT execution_arn || '|' || export_run_id FROM read_parquet({file})"));
        Assert.Equal(12.5, connection.ExecuteScalar($"SELECT tolerated_failure_percentage FROM read_parquet({DuckDbSql.Literal(commit.Files["map_runs"][0])})"));
    }

    [Fact]
    public void Each_mode_refuses_the_other_modes_finishing_call()
    {
        using var folder = new TempFolder();
        using var publishing = new DatasetWriter(folder.Path, "run-1", ExecutionHistoryFlattener.Tables);
        using var staging = new DatasetWriter(folder.Path, "run-1", ExecutionHistoryFlattener.Tables, new DatasetWriterOptions { StagingDirectory = folder.File("s") });

        Assert.Throws<InvalidOperationException>(() => publishing.Stage("chunk-1"));
        Assert.Throws<InvalidOperationException>(() => staging.Commit());
        Assert.Throws<ArgumentException>(() => staging.Stage("../escape"));
    }

    [Fact]
    public void A_table_that_fails_in_DuckDB_fails_the_commit_and_no_table_is_published()
    {
        using var folder = new TempFolder();
        using var writer = new DatasetWriter(folder.Path, "run-1", ExecutionHistoryFlattener.Tables);
        Flatten(writer, "run-1");
        var events = new Analytics.Core.Columns.ColumnBatch(ExecutionHistoryFlattener.Tables.Single(t => t.Name == "events"));
        var row = events.AddRow();
        events.Varchar(events.Schema.IndexOf("execution_arn")).Set(row, [0x61, 0xC3]);

        writer.Write(events); // queued: DuckDB reads it, and fails, when the commit hands it over
        var commit = Assert.Throws<DuckDbException>(() => writer.Commit());

        Assert.Contains("invalid UTF-8", commit.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(0, writer.RowsStaged);
        // The writer goes on with the next rows.
        Flatten(writer, "run-2");
        Assert.Equal(3, writer.Commit().FileCount);
    }

    private static DatasetCommit WriteOne(string root, string runId)
    {
        using var writer = new DatasetWriter(root, runId, ExecutionHistoryFlattener.Tables);
        Flatten(writer, "run-1");
        return writer.Commit();
    }

    private static void Flatten(DatasetWriter writer, string execution)
    {
        using var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(writer));
        flattener.BeginExecution($"arn:aws:states:us-east-1:123456789012:execution:Hello:{execution}");
        flattener.AddPage(Encoding.UTF8.GetBytes(Page));
        flattener.EndExecution();
        flattener.Flush();
    }
}
