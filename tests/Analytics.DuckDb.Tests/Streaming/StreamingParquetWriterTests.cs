using System.Text;
using Analytics.Core.Columns;
using Analytics.Core.Output;
using Analytics.DuckDb.Parquet;

namespace Analytics.DuckDb.Tests.Streaming;

public sealed class StreamingParquetWriterTests
{
    private const int Rows = 300_000;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Every_type_streamed_in_batches_lands_in_partitioned_parquet_unchanged(int threads)
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = threads });
        var root = folder.File("every_type");

        // 5000-row batches: each is read as three data chunks, the last one partial.
        var files = StreamingParquetWriter.Write(db, EveryTypeRows.Schema, sink => Produce(sink, Rows, 5000), root,
            new ParquetWriteOptions { PartitionBy = ["part"], FileNamePrefix = "run-1" });

        Assert.Equal(["part=0", "part=1", "part=2", "part=3"], Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Matches(@"/part=\d/run-1-\d+\.parquet$", f));
        Assert.Empty(Directory.GetFileSystemEntries(root, "*tmp*", SearchOption.AllDirectories));
        using var connection = db.Connect();
        using var result = connection.Query($"SELECT * FROM read_parquet({Glob(root)}, hive_partitioning = true) ORDER BY id");
        Assert.Equal(["id", "small", "amount", "flag", "label", "at_tz", "local_at", "part"], result.Columns.Select(c => c.Name));
        Assert.Equal(Rows, AppenderTests.CompareWithGenerated(result));
    }

    [Fact]
    public void Long_and_non_ascii_strings_and_nulls_survive_a_single_file_write()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        var schema = new TableSchema("texts", new ColumnSpec("id", ColumnType.BigInt), new ColumnSpec("text", ColumnType.Varchar));
        var big = string.Concat(Enumerable.Repeat("Ünïcödé ストリング 🚀 ", 12_000)); // ~360 KB of UTF-8
        string? Expected(long id) => (id % 5) switch { 0 => null, 1 => big + id, 2 => "", 3 => "日本", _ => "exactly12byt" };
        var destination = folder.File("texts.parquet");

        var files = StreamingParquetWriter.Write(db, schema, sink =>
        {
            var batch = new ColumnBatch(schema, 64);
            for (long id = 0; id < 1000; id++)
            {
                var row = batch.AddRow();
                batch.Int64(0).Set(row, id);
                if (Expected(id) is { } text)
                {
                    batch.Varchar(1).Set(row, text);
                }
                if (batch.IsFull || id == 999)
                {
                    sink.Write(batch);
                    batch.Clear();
                }
            }
        }, destination);

        Assert.Equal([destination], files);
        using var connection = db.Connect();
        using var result = connection.Query($"SELECT id, text FROM read_parquet({DuckDbSql.Literal(destination)}) ORDER BY id");
        long seen = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                for (var row = 0; row < chunk.RowCount; row++, seen++)
                {
                    Assert.Equal(seen, chunk.GetVector(0).GetValues<long>()[row]);
                    Assert.Equal(Expected(seen), chunk.GetVector(1).GetValue(row) as string);
                }
            }
        }
        Assert.Equal(1000, seen);
    }

    [Fact]
    public void No_rows_give_no_partition_files_and_an_empty_typed_single_file()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });

        var partitioned = StreamingParquetWriter.Write(db, EveryTypeRows.Schema, _ => { }, folder.File("p"), new ParquetWriteOptions { PartitionBy = ["part"] });
        var single = StreamingParquetWriter.Write(db, EveryTypeRows.Schema, _ => { }, folder.File("s.parquet"));

        Assert.Empty(partitioned);
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("p")));
        using var connection = db.Connect();
        var file = DuckDbSql.Literal(Assert.Single(single));
        Assert.Equal(0L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({file})"));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", connection.ExecuteScalar($"SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet({file})) WHERE column_name = 'at_tz'"));
    }

    [Fact]
    public void A_producer_that_throws_halfway_publishes_nothing_and_its_exception_propagates()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        var root = folder.File("t");

        var error = Assert.Throws<InvalidOperationException>(() => StreamingParquetWriter.Write(db, EveryTypeRows.Schema, sink =>
        {
            Produce(sink, 200_000, 2048);
            throw new InvalidOperationException("producer broke");
        }, root, new ParquetWriteOptions { PartitionBy = ["part"] }));

        Assert.Equal("producer broke", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories));
        // The database is still usable for the next write.
        Assert.Single(StreamingParquetWriter.Write(db, EveryTypeRows.Schema, sink => Produce(sink, 10, 10), folder.File("next.parquet")));
    }

    [Fact]
    public void Cancellation_midway_stops_the_write_and_publishes_nothing()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var cancellation = new CancellationTokenSource();
        var root = folder.File("t");
        var batch = new ColumnBatch(EveryTypeRows.Schema);

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var writer = new StreamingParquetWriter(db, EveryTypeRows.Schema, root, new ParquetWriteOptions { PartitionBy = ["part"] }, cancellationToken: cancellation.Token);
            for (long first = 0; first < 1000L * batch.Capacity; first += batch.Capacity)
            {
                if (first == 100 * batch.Capacity)
                {
                    cancellation.Cancel();
                }
                batch.Clear();
                EveryTypeRows.Fill(batch, first, batch.Capacity);
                writer.Write(batch);
            }
            writer.Complete();
        });

        Assert.Empty(Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_DuckDB_error_midway_surfaces_in_the_producer_and_publishes_nothing()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        var root = folder.File("t");

        var error = Assert.Throws<DuckDbException>(() => StreamingParquetWriter.Write(db, EveryTypeRows.Schema, sink => Produce(sink, 200_000, 2048), root,
            new ParquetWriteOptions { PartitionBy = ["part"] }, selectList: "*, CASE WHEN id = 150000 THEN error('boom at 150000') END AS failing"));

        Assert.Contains("boom at 150000", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_the_column_and_row_and_nothing_is_published()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        var destination = folder.File("bad.parquet");

        var error = Assert.Throws<DuckDbException>(() => StreamingParquetWriter.Write(db, EveryTypeRows.Schema, sink =>
        {
            var batch = new ColumnBatch(EveryTypeRows.Schema);
            EveryTypeRows.Fill(batch, 0, 100);
            batch.Varchar(4).Set(57, [0x61, 0xFF, 0x62]);
            sink.Write(batch);
        }, destination));

        Assert.Contains("'label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8 at row 57", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_batch_of_another_shape_is_refused_before_reaching_DuckDB()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var writer = new StreamingParquetWriter(db, EveryTypeRows.Schema, folder.File("t.parquet"));
        var other = new TableSchema("other", new ColumnSpec("id", ColumnType.Varchar));
        var batch = new ColumnBatch(other);
        batch.Varchar(0).Set(batch.AddRow(), "x");

        var error = Assert.Throws<ArgumentException>(() => writer.Write(batch));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_writers_on_one_database_interleave_batches_of_different_tables()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        var other = new TableSchema("words", new ColumnSpec("n", ColumnType.Integer), new ColumnSpec("word", ColumnType.Varchar));
        using var first = new StreamingParquetWriter(db, EveryTypeRows.Schema, folder.File("every.parquet"));
        using var second = new StreamingParquetWriter(db, other, folder.File("words"), new ParquetWriteOptions { PartitionBy = ["n"] }, "*, word || '!' AS shout");
        var every = new ColumnBatch(EveryTypeRows.Schema);
        var words = new ColumnBatch(other, 100);
        for (var i = 0; i < 30; i++)
        {
            EveryTypeRows.Fill(every, i * 1000L, 1000);
            first.Write(every);
            every.Clear();
            for (var w = 0; w < 100; w++)
            {
                var row = words.AddRow();
                words.Int32(0).Set(row, w % 3);
                words.Varchar(1).Set(row, $"w{i}-{w}");
            }
            second.Write(words);
            words.Clear();
        }

        first.Complete();
        var wordFiles = second.Complete();

        Assert.Equal(3, wordFiles.Count);
        using var connection = db.Connect();
        using var result = connection.Query($"SELECT * FROM read_parquet({DuckDbSql.Literal(folder.File("every.parquet"))}) ORDER BY id");
        Assert.Equal(30_000, AppenderTests.CompareWithGenerated(result));
        Assert.Equal(3000L, connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({Glob(folder.File("words"))}) WHERE shout = word || '!'"));
    }

    private static void Produce(IBatchSink sink, long rows, int batchCapacity)
    {
        var batch = new ColumnBatch(EveryTypeRows.Schema, batchCapacity);
        for (long first = 0; first < rows; first += batchCapacity)
        {
            batch.Clear();
            EveryTypeRows.Fill(batch, first, (int)Math.Min(batchCapacity, rows - first));
            sink.Write(batch);
        }
    }

    private static string Glob(string root) => DuckDbSql.Literal(Path.Combine(root, "**", "*.parquet"));
}
