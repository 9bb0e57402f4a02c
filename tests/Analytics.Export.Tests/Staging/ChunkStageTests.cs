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
