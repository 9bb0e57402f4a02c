namespace Analytics.DuckDb.Tests;

public sealed class PreparedStatementTests
{
    [Fact]
    public void Each_parameter_type_binds_and_round_trips()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var statement = connection.Prepare(
            "SELECT $1 AS b, $2 AS i, $3 AS l, $4 AS d, $5 AS s, $6 AS ts, $7 AS n, typeof($6) AS ts_type, typeof($2) AS i_type");
        var instant = new DateTimeOffset(2026, 11, 21, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4560);

        statement.Bind(1, true).Bind(2, -7).Bind(3, long.MinValue + 1).Bind(4, 0.125).Bind(5, "ünïcode, over twelve bytes 🚀")
            .Bind(6, instant).BindNull(7);
        using var result = statement.Query();
        using var chunk = result.NextChunk()!;

        Assert.Equal(9, statement.ParameterCount + 2);
        Assert.Equal(true, chunk.GetVector(0).GetValue(0));
        Assert.Equal(-7, chunk.GetVector(1).GetValue(0));
        Assert.Equal(long.MinValue + 1, chunk.GetVector(2).GetValue(0));
        Assert.Equal(0.125, chunk.GetVector(3).GetValue(0));
        Assert.Equal("ünïcode, over twelve bytes 🚀", chunk.GetVector(4).GetValue(0));
        Assert.Equal(instant, chunk.GetVector(5).GetValue(0));
        Assert.Equal(instant.ToUniversalTime(), (DateTimeOffset)chunk.GetVector(5).GetValue(0)!);
        Assert.True(chunk.GetVector(6).IsNull(0));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", chunk.GetVector(7).GetValue(0));
        Assert.Equal("INTEGER", chunk.GetVector(8).GetValue(0));
    }

    [Fact]
    public void A_varchar_parameter_keeps_the_text_after_a_NUL_character()
    {
        // DuckDB.NET's own string binding stops at the first NUL; payloads can hold "\u0000".
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var statement = connection.Prepare("SELECT $1 AS s, length($1) AS n");
        const string text = "before\0after, past the inline twelve bytes";

        statement.Bind(1, text);
        using var result = statement.Query();
        using var chunk = result.NextChunk()!;

        Assert.Equal(text, chunk.GetVector(0).GetValue(0));
        Assert.Equal((long)text.Length, chunk.GetVector(1).GetValue(0));
    }

    [Fact]
    public void A_statement_runs_many_times_with_new_bindings()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, name VARCHAR, at_tz TIMESTAMPTZ)");
        using var insert = connection.Prepare("INSERT INTO t VALUES (?, ?, ?)");

        for (var i = 0; i < 100; i++)
        {
            insert.Bind(1, (long)i).Bind(2, i % 10 == 0 ? null : $"name {i}").Bind(3, DateTimeOffset.UnixEpoch.AddSeconds(i));
            Assert.Equal(1, insert.Execute());
        }

        Assert.Equal(100L, connection.ExecuteScalar("SELECT count(*) FROM t"));
        Assert.Equal(10L, connection.ExecuteScalar("SELECT count(*) FROM t WHERE name IS NULL"));
        Assert.Equal(4950L, connection.ExecuteScalar("SELECT sum(epoch(at_tz))::BIGINT FROM t"));
    }

    [Fact]
    public void Binding_outside_the_parameter_range_is_refused()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var statement = connection.Prepare("SELECT $1::INTEGER");

        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(2, 1));
    }

    [Fact]
    public void Executing_with_a_value_DuckDB_cannot_convert_raises_its_message()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var statement = connection.Prepare("SELECT $1::INTEGER + 1");
        statement.Bind(1, "not a number");

        var error = Assert.Throws<DuckDbException>(() => statement.Execute());

        Assert.Contains("Conversion Error", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preparing_bad_SQL_raises_DuckDBs_parser_message()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Prepare("SELEC 1"));

        Assert.Contains("Parser Error", error.Message, StringComparison.Ordinal);
        Assert.Contains("SELEC", error.Message, StringComparison.Ordinal);
    }
}
