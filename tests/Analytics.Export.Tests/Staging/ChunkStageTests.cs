using System.Globalization;
using Analytics.Core.Columns;
using Analytics.Core.Schemas;
using Analytics.Export.Staging;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Staging;

public sealed class ChunkStageTests
{
    [Fact]
    public void Each_chunk_is_staged_by_a_fresh_writer_on_the_runs_one_database_with_bounded_memory_settings()
    {
        using var temp = new TempFolder();
        var spill = temp.Sub("all.spill");
        Directory.CreateDirectory(spill);
        File.WriteAllText(Path.Combine(spill, "left-by-a-killed-run.block"), "x");
        using (var stage = new ChunkStage(spill, "run-1", new DateOnly(2026, 11, 22)))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(spill));
            AssertBoundedSettings(stage, spill);
            AddOpenExecution(stage, "arn:child");
            Assert.Equal(1, stage.CountRows("open_executions"));

            var first = stage.Connection;
            stage.Reset();
            // One database for the run (a fresh one per chunk cost every chunk new pages).
            Assert.Same(first, stage.Connection);
            Assert.Equal(0, stage.CountRows("open_executions"));
            AssertBoundedSettings(stage, spill);
            // The reset dropped the row: the next chunk stages only its own.
            AddOpenExecution(stage, "arn:child-2");
            var (files, rows) = stage.StageFiles(temp.Sub("staged"), "chunk-2");
            Assert.Equal(1, rows["open_executions"]);
            Assert.Equal("open_executions/date=2026-11-22/chunk-2-0.parquet", Assert.Single(files).Relative);
        }
        Assert.False(Directory.Exists(spill));
    }

    [Fact]
    public void A_committed_file_rewritten_by_two_chunks_of_a_run_is_read_as_the_first_left_it()
    {
        // The run's chunks share one database: a file replaced in place by one chunk's rewrite (a redrive) must be read
        // afresh by the next chunk's, or the rows the first rewrite dropped would come back (the rename keeps the
        // path, and both happen within the same second).
        using var temp = new TempFolder();
        var root = temp.Sub("data");
        const string relative = "executions/date=2026-11-21/old-0.parquet";
        var file = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var stage = new ChunkStage(temp.Sub("all.spill"), "run-1", new DateOnly(2026, 11, 22));
        stage.Connection.Execute($"""
            COPY (SELECT * FROM (VALUES ('arn:a', NULL::VARCHAR), ('arn:b', NULL), ('arn:c', NULL)) t(execution_arn, parent_execution_arn))
            TO '{file}' (FORMAT parquet)
            """);
        foreach (var (drop, left) in new[] { ("arn:a", "arn:b,arn:c"), ("arn:b", "arn:c") })
        {
            var (_, staged) = Assert.Single(ChunkRewriter.Rewrite(stage.Connection, root, [relative], [drop], temp.Sub("staging-" + drop)));
            File.Move(staged!, file, overwrite: true);
            stage.Reset();
            Assert.Equal(left, stage.Connection.ExecuteScalar($"SELECT string_agg(execution_arn, ',' ORDER BY execution_arn) FROM read_parquet('{file}')"));
        }
    }

    [Fact]
    public void Rows_without_a_known_execution_start_go_to_the_null_date_partition_as_on_import()
    {
        using var temp = new TempFolder();
        using var stage = new ChunkStage(temp.Sub("all.spill"), "run-1", new DateOnly(2026, 11, 22));
        var batch = new ColumnBatch(TableSchemas.TaskAttempts);
        batch.Set(TaskAttemptColumns.ExecutionArn, batch.AddRow(), "arn:unknown");
        var known = batch.AddRow();
        batch.Set(TaskAttemptColumns.ExecutionArn, known, "arn:known");
        batch.Set(TaskAttemptColumns.ExecutionStartTime, known, DateTimeOffset.Parse("2026-11-21T23:59:59Z", CultureInfo.InvariantCulture));
        stage.Write(batch);

        var (files, rows) = stage.StageFiles(temp.Sub("staged"), "chunk-1");

        // The one rule (DatasetWriter): the UTC date of the start, NULL (Hive's default partition) when unknown.
        Assert.Equal(["task_attempts/date=2026-11-21/chunk-1-0.parquet", "task_attempts/date=__HIVE_DEFAULT_PARTITION__/chunk-1-0.parquet"],
            files.Select(f => f.Relative).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(File.Exists(f.Staged)));
        Assert.Equal(2, rows["task_attempts"]);
        var runIds = stage.Connection.ExecuteScalar(
            $"SELECT string_agg(DISTINCT export_run_id) FROM read_parquet([{string.Join(", ", files.Select(f => $"'{f.Staged}'"))}])");
        Assert.Equal("run-1", runIds);
    }

    private static void AddOpenExecution(ChunkStage stage, string arn)
    {
        var (batch, row) = stage.AddRow(SnapshotSchemas.OpenExecutions);
        batch.Set(OpenExecutionColumns.ExecutionArn, row, arn);
    }

    private static void AssertBoundedSettings(ChunkStage stage, string spill)
    {
        string Setting(string name) =>
            Convert.ToString(stage.Connection.ExecuteScalar($"SELECT current_setting('{name}')::VARCHAR"), CultureInfo.InvariantCulture)!;
        Assert.Equal("1", Setting("threads"));
        Assert.Equal("false", Setting("preserve_insertion_order"));
        Assert.Equal("true", Setting("allocator_background_threads"));
        Assert.Equal("false", Setting("enable_external_file_cache"));
        Assert.Equal(Path.GetFullPath(spill), Setting("temp_directory"));
        // DuckDB reads "128MB" as 128,000,000 bytes and shows it in MiB.
        Assert.Equal("122.0 MiB", Setting("memory_limit"));
    }
}
