using System.Globalization;
using Analytics.Export.Staging;
using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Staging;

public sealed class ChunkStageTests
{
    [Fact]
    public void Each_chunk_is_staged_in_a_fresh_database_with_bounded_memory_settings()
    {
        using var temp = new TempFolder();
        var spill = temp.Sub("all.spill");
        Directory.CreateDirectory(spill);
        File.WriteAllText(Path.Combine(spill, "left-by-a-killed-run.block"), "x");
        using (var stage = new ChunkStage(spill))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(spill));
            AssertBoundedSettings(stage, spill);
            stage.Insert("execution_links", "arn:child", "arn:map-run", "arn:parent");
            Assert.Equal(1, stage.CountRows("execution_links"));

            var first = stage.Connection;
            stage.Reset();
            Assert.NotSame(first, stage.Connection);
            Assert.Equal(0, stage.CountRows("execution_links"));
            AssertBoundedSettings(stage, spill);
            // Prepared inserts of the closed database are not reused.
            stage.Insert("execution_links", "arn:child-2", null, "arn:parent");
            Assert.Equal(1, stage.CountRows("execution_links"));
        }
        Assert.False(Directory.Exists(spill));
    }

    [Fact]
    public void Rows_without_a_known_execution_start_go_to_the_null_date_partition_as_on_import()
    {
        using var temp = new TempFolder();
        using var stage = new ChunkStage(temp.Sub("all.spill"));
        stage.Connection.Execute("""
            INSERT INTO task_attempts (execution_arn, execution_start_time) VALUES
              ('arn:known', TIMESTAMPTZ '2026-11-21 23:59:59+00'), ('arn:unknown', NULL)
            """);

        var files = stage.WriteFiles(temp.Sub("staged"), "chunk-1", "run-1", new DateOnly(2026, 11, 22));

        // The one rule (DatasetWriter.DateSql): the UTC date of the start, NULL (Hive's default partition) when unknown.
        Assert.Equal(["task_attempts/date=2026-11-21/chunk-1-0.parquet", "task_attempts/date=__HIVE_DEFAULT_PARTITION__/chunk-1-0.parquet"],
            files.Select(f => f.Relative).Order(StringComparer.Ordinal));
    }

    private static void AssertBoundedSettings(ChunkStage stage, string spill)
    {
        string Setting(string name) =>
            Convert.ToString(stage.Connection.ExecuteScalar($"SELECT current_setting('{name}')::VARCHAR"), CultureInfo.InvariantCulture)!;
        Assert.Equal("1", Setting("threads"));
        Assert.Equal("false", Setting("preserve_insertion_order"));
        Assert.Equal("true", Setting("allocator_background_threads"));
        Assert.Equal(Path.GetFullPath(spill), Setting("temp_directory"));
        // DuckDB reads "128MB" as 128,000,000 bytes and shows it in MiB.
        Assert.Equal("122.0 MiB", Setting("memory_limit"));
    }
}
