using System.Diagnostics;
using Analytics.Core.Columns;

namespace Analytics.DuckDb.Tests;

// Measures the process's RSS, so it runs alone: other test classes allocating at the same time (the streaming
// tests queue megabytes of batches) would otherwise count as its growth.
[Collection(nameof(ResourceTests))]
public sealed class ResourceTests
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

        Assert.True(growth < 48 * Megabyte, $"RSS grew by {growth / 1024} KB over 200 open/query/dispose cycles.");
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
                connection.Execute("DELETE FROM sink");
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
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

[CollectionDefinition(nameof(ResourceTests), DisableParallelization = true)]
public sealed class ResourceTestsCollection;
