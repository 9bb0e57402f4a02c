namespace Analytics.DuckDb.Tests;

public sealed class StreamingQueryTests
{
    [Fact]
    public void Streaming_result_gives_every_row_once_in_order()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.QueryStreaming("SELECT range AS i, 'row ' || range AS s FROM range(100000) ORDER BY range");

        Assert.True(result.IsStreaming);
        Assert.Equal(["i", "s"], result.Columns.Select(c => c.Name));
        long expected = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var values = chunk.GetVector(0).GetValues<long>();
                for (var row = 0; row < chunk.RowCount; row++, expected++)
                {
                    Assert.Equal(expected, values[row]);
                }
                Assert.Equal($"row {expected - 1}", chunk.GetVector(1).GetString(chunk.RowCount - 1));
            }
        }
        Assert.Equal(100000, expected);
    }

    [Fact]
    public void Earlier_statements_run_first_and_the_last_one_streams()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using (var result = connection.QueryStreaming("CREATE TABLE t AS SELECT range AS x FROM range(10); INSERT INTO t VALUES (100); SELECT sum(x)::BIGINT AS total FROM t"))
        {
            using var chunk = result.NextChunk()!;
            Assert.Equal(145L, chunk.GetVector(0).GetValue(0));
            Assert.Null(result.NextChunk());
        }
        // Disposed: the connection is free again.
        Assert.Equal(11L, connection.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("SELECT * FROM no_such_table", "no_such_table")]
    [InlineData("CREATE TABLE u (x INTEGER); SELECT y FROM u", "\"y\"")]
    [InlineData("SELECT 1; SELEC 2", "syntax error")]
    [InlineData("SELECT * FROM missing_first; SELECT 1", "missing_first")]
    [InlineData("", "No SQL statement")]
    public void Errors_carry_DuckDBs_message(string sql, string expected)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.QueryStreaming(sql).Dispose());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_while_rows_are_produced_surfaces_from_the_chunk_that_meets_it()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        using var result = connection.QueryStreaming(
            "SELECT CASE WHEN range < 5000000 THEN range ELSE CAST('not a number ' || range AS INTEGER) END AS v FROM range(10000000)");

        var rows = 0L;
        var error = Assert.Throws<DuckDbException>(() =>
        {
            while (result.NextChunk() is { } chunk)
            {
                using (chunk)
                {
                    rows += chunk.RowCount;
                }
            }
        });

        Assert.Contains("not a number", error.Message, StringComparison.Ordinal);
        Assert.InRange(rows, 1, 5000000); // rows before the bad one did arrive: it streamed
    }
}
