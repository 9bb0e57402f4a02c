using System.Diagnostics;
using Analytics.Core.Columns;
using Xunit.Abstractions;

namespace Analytics.DuckDb.Tests;

// RSS is the whole test process's: these run alone, after the parallel tests, or the other tests' allocations (the
// million-row appender test holds hundreds of megabytes) show up as growth here.
[Collection(nameof(ResourceTests))]
public sealed class ResourceTests(ITestOutputHelper output)
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void Ten_thousand_connect_query_append_dispose_cycles_do_not_grow_memory()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using (var setup = db.Connect())
        {
            setup.Execute("CREATE TABLE sink (id BIGINT, name VARCHAR)");
        }
        var batch = new ColumnBatch(new TableSchema("sink", new ColumnSpec("id", ColumnType.BigInt), new ColumnSpec("name", ColumnType.Varchar)), 16);

        // Warm up: let the runtime, DuckDB's allocator and its caches reach their working size.
        RunConnectionCycles(db, batch, 1000);
        var before = StableRss();
        RunConnectionCycles(db, batch, 10_000);
        var growth = StableRss() - before;
        output.WriteLine($"RSS growth over 10,000 cycles: {growth / 1024} KB");

        // A leaked connection, result, chunk, statement or appender costs kilobytes each: 10,000 of them would be
        // tens of megabytes. Allocator noise stays well below the bound.
        Assert.True(growth < 24 * Megabyte, $"RSS grew by {growth / 1024} KB over 10,000 cycles.");
    }

    [Fact]
    public void Repeated_database_open_and_dispose_does_not_grow_memory()
    {
        // Opening a DuckDB instance costs tens of milliseconds (it loads its built-in extensions), so this runs
        // fewer cycles; a leaked instance holds megabytes, which 200 cycles make plain.
        RunDatabaseCycles(20);
        var before = StableRss();
        RunDatabaseCycles(200);
        var growth = StableRss() - before;
        output.WriteLine($"RSS growth over 200 open/dispose cycles: {growth / 1024} KB");

        Assert.True(growth < 48 * Megabyte, $"RSS grew by {growth / 1024} KB over 200 open/query/dispose cycles.");
    }

    [Fact]
    public void A_streaming_result_larger_than_memory_would_allow_is_read_in_bounded_memory()
    {
        // 40 M rows × 3 BIGINT = 960 MB materialized; streamed, only a few chunks are alive at once.
        const long Rows = 40_000_000;
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        var before = StableRss();
        var peak = before;
        long rows = 0;
        using (var result = connection.QueryStreaming($"SELECT range AS a, range * 2 AS b, range * 3 AS c FROM range({Rows})"))
        {
            while (result.NextChunk() is { } chunk)
            {
                using (chunk)
                {
                    rows += chunk.RowCount;
                }
                if (rows % (1000 * 2048) == 0)
                {
                    peak = Math.Max(peak, CurrentRss());
                }
            }
        }
        output.WriteLine($"peak RSS growth while streaming {Rows:N0} rows: {(peak - before) / 1024} KB");

        Assert.Equal(Rows, rows);
        Assert.True(peak - before < 128 * Megabyte, $"RSS grew by {(peak - before) / Megabyte} MB while streaming.");
    }

    private static void RunConnectionCycles(DuckDbDatabase db, ColumnBatch batch, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var connection = db.Connect();
            QueryOnce(connection);
            using (var statement = connection.Prepare("SELECT $1::VARCHAR || 'x'"))
            {
                statement.Bind(1, "a string longer than twelve bytes");
                using var result = statement.Query();
                using var chunk = result.NextChunk()!;
                Assert.Equal("a string longer than twelve bytesx", chunk.GetVector(0).GetString(0));
            }
            batch.Clear();
            for (var row = 0; row < batch.Capacity; row++)
            {
                batch.Int64(0).Set(batch.AddRow(), row);
                batch.Varchar(1).Set(row, "appended value, longer than twelve bytes");
            }
            using (var appender = connection.CreateAppender("sink"))
            {
                appender.Append(batch);
            }
            if (i % 1000 == 999)
            {
                // DROP releases the table's storage; a DELETE only marks rows and keeps their segments.
                connection.Execute("DROP TABLE sink; CREATE TABLE sink (id BIGINT, name VARCHAR)");
            }
        }
    }

    private static void RunDatabaseCycles(int count)
    {
        var config = new DuckDbConfig { Threads = 1 };
        for (var i = 0; i < count; i++)
        {
            using var db = DuckDbDatabase.Open(config: config);
            using var connection = db.Connect();
            QueryOnce(connection);
        }
    }

    private static void QueryOnce(DuckDbConnection connection)
    {
        using var result = connection.Query("SELECT range AS n, 'value number ' || range AS s FROM range(100)");
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                Assert.Equal(100, chunk.RowCount);
                Assert.Equal("value number 99", chunk.GetVector(1).GetString(99));
            }
        }
    }

    private static long StableRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return CurrentRss();
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

[CollectionDefinition(nameof(ResourceTests), DisableParallelization = true)]
public sealed class ResourceTestsCollection;
