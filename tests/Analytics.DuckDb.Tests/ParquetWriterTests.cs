using Analytics.DuckDb.Parquet;

namespace Analytics.DuckDb.Tests;

public sealed class ParquetWriterTests
{
    [Fact]
    public void Single_file_is_written_zstd_compressed_with_no_temporary_left()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var destination = folder.File("out/numbers.parquet");

        var files = ParquetWriter.Write(connection, "SELECT range AS n, 'v' || range AS s FROM range(1000)", destination);

        Assert.Equal([destination], files);
        Assert.Equal(["numbers.parquet"], Directory.GetFiles(folder.File("out")).Select(Path.GetFileName));
        Assert.Equal(499500m, connection.ExecuteScalar($"SELECT sum(n)::DECIMAL(18,0) FROM read_parquet({DuckDbSql.Literal(destination)})"));
        Assert.Equal("ZSTD", connection.ExecuteScalar(
            $"SELECT DISTINCT compression FROM parquet_metadata({DuckDbSql.Literal(destination)})"));
    }

    [Fact]
    public void Failed_write_leaves_no_file_and_no_temporary()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        const string FailsHalfway = "SELECT CASE WHEN range = 300000 THEN error('boom at 300000') ELSE range END AS n FROM range(600000)";

        var single = Assert.Throws<DuckDbException>(() => ParquetWriter.Write(connection, FailsHalfway, folder.File("single.parquet")));
        var partitioned = Assert.Throws<DuckDbException>(() => ParquetWriter.Write(
            connection, $"SELECT n, n % 3 AS p FROM ({FailsHalfway})", folder.File("table"), new ParquetWriteOptions { PartitionBy = ["p"] }));

        Assert.Contains("boom at 300000", single.Message, StringComparison.Ordinal);
        Assert.Contains("boom at 300000", partitioned.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(folder.File("table")));
    }

    [Fact]
    public void Existing_file_is_kept_unless_overwrite_is_asked()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var destination = folder.File("x.parquet");
        ParquetWriter.Write(connection, "SELECT 1 AS v", destination);

        Assert.Throws<IOException>(() => ParquetWriter.Write(connection, "SELECT 2 AS v", destination));
        Assert.Equal(1, connection.ExecuteScalar($"SELECT v FROM read_parquet({DuckDbSql.Literal(destination)})"));

        ParquetWriter.Write(connection, "SELECT 3 AS v", destination, new ParquetWriteOptions { Overwrite = true });
        Assert.Equal(3, connection.ExecuteScalar($"SELECT v FROM read_parquet({DuckDbSql.Literal(destination)})"));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Partitioned_writes_use_hive_folders_and_numbered_names_that_never_collide()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var root = folder.File("executions");
        const string Rows = "SELECT range AS id, (DATE '2026-11-01' + (range % 3)::INTEGER)::VARCHAR AS date FROM range(300)";
        var options = new ParquetWriteOptions { PartitionBy = ["date"], FileNamePrefix = "run-42" };

        var first = ParquetWriter.Write(connection, Rows, root, options);
        var second = ParquetWriter.Write(connection, Rows, root, options);

        Assert.Equal(
            ["date=2026-11-01/run-42-0.parquet", "date=2026-11-02/run-42-0.parquet", "date=2026-11-03/run-42-0.parquet"],
            first.Select(f => Path.GetRelativePath(root, f)));
        Assert.Equal(
            ["date=2026-11-01/run-42-1.parquet", "date=2026-11-02/run-42-1.parquet", "date=2026-11-03/run-42-1.parquet"],
            second.Select(f => Path.GetRelativePath(root, f)));
        Assert.Equal(["date=2026-11-01", "date=2026-11-02", "date=2026-11-03"],
            Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var glob = DuckDbSql.Literal(Path.Combine(root, "**", "*.parquet"));
        using var result = connection.Query(
            $"SELECT date::VARCHAR AS d, count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet({glob}, hive_partitioning = true) GROUP BY d ORDER BY d");
        using var chunk = result.NextChunk()!;
        Assert.Equal(3, chunk.RowCount);
        for (var row = 0; row < 3; row++)
        {
            Assert.Equal($"2026-11-0{row + 1}", chunk.GetVector(0).GetString(row));
            Assert.Equal(200L, chunk.GetVector(1).GetValue(row));
            Assert.Equal(100L, chunk.GetVector(2).GetValue(row));
        }
    }

    [Fact]
    public void Partitioned_write_of_no_rows_writes_nothing()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        var files = ParquetWriter.Write(connection, "SELECT 1 AS v, 'x' AS p WHERE false", folder.File("t"), new ParquetWriteOptions { PartitionBy = ["p"] });

        Assert.Empty(files);
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("t")));
    }

    [Theory]
    [InlineData("snappy", "SNAPPY")]
    [InlineData("uncompressed", "UNCOMPRESSED")]
    public void Compression_and_row_groups_are_applied(string codec, string expected)
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var destination = folder.File("c.parquet");

        ParquetWriter.Write(connection, "SELECT range AS n FROM range(10000)", destination, new ParquetWriteOptions { Compression = codec, RowGroupSize = 2048 });

        var path = DuckDbSql.Literal(destination);
        Assert.Equal(expected, connection.ExecuteScalar($"SELECT DISTINCT compression FROM parquet_metadata({path})"));
        Assert.True((long)connection.ExecuteScalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({path})")! >= 4);
    }

    [Fact]
    public void Unknown_compression_or_unsafe_prefix_is_refused_before_writing()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        Assert.Throws<ArgumentException>(() => ParquetWriter.Write(connection, "SELECT 1", folder.File("a.parquet"), new ParquetWriteOptions { Compression = "zstd); DROP TABLE x; --" }));
        Assert.Throws<ArgumentException>(() => ParquetWriter.Write(connection, "SELECT 1 AS p", folder.File("b"), new ParquetWriteOptions { PartitionBy = ["p"], FileNamePrefix = "../escape" }));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Leftover_staging_folders_are_invisible_to_dataset_globs()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var root = folder.File("t");
        ParquetWriter.Write(connection, "SELECT 1 AS v, 'a' AS p", root, new ParquetWriteOptions { PartitionBy = ["p"] });
        // What a crash between DuckDB's COPY and the renames leaves: a hidden staging folder of *.parquet.tmp files.
        Directory.CreateDirectory(Path.Combine(root, ".tmp-crashed", "p=a"));
        ParquetWriter.Write(connection, "SELECT 2 AS v", Path.Combine(root, ".tmp-crashed", "p=a", "data_0.parquet.tmp"));

        var glob = DuckDbSql.Literal(Path.Combine(root, "**", "*.parquet"));
        Assert.Equal(1L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({glob}, hive_partitioning = true)"));
    }

    [Fact]
    public async Task Files_at_final_paths_are_always_complete_while_a_write_runs()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
        using var connection = db.Connect();
        var root = folder.File("events");
        using var done = new CancellationTokenSource();
        var incomplete = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Watch the final paths (not the hidden staging folder) while DuckDB writes: every visible file must already
        // be a whole Parquet file, framed by the PAR1 magic at both ends.
        var watcher = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (var file in Directory.Exists(root) ? Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories) : [])
                {
                    if (Path.GetRelativePath(root, file).StartsWith('.') || !seen.Add(file))
                    {
                        continue;
                    }
                    if (!IsWholeParquetFile(file))
                    {
                        incomplete.Add(file);
                    }
                }
                Thread.Sleep(1);
            }
        });
        var written = ParquetWriter.Write(connection,
            "SELECT range AS id, md5(range::VARCHAR) AS payload, range % 8 AS part FROM range(2000000)",
            root, new ParquetWriteOptions { PartitionBy = ["part"], FileNamePrefix = "run" });
        await done.CancelAsync();
        await watcher;

        Assert.Empty(incomplete);
        Assert.Equal(8, written.Count);
        Assert.All(written, file => Assert.True(IsWholeParquetFile(file)));
    }

    private static bool IsWholeParquetFile(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length >= 8 && bytes.AsSpan(0, 4).SequenceEqual("PAR1"u8) && bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8);
        }
        catch (FileNotFoundException)
        {
            return true; // gone again (a rename raced the listing): never seen partial
        }
    }
}
