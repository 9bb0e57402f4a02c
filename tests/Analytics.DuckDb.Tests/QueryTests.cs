namespace Analytics.DuckDb.Tests;

public sealed class QueryTests
{
    [Fact]
    public void Loaded_library_is_the_pinned_release()
    {
        Assert.StartsWith("v1.5.", DuckDbDatabase.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_reports_column_names_and_types()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.Query("SELECT 1::BIGINT AS a, 'x' AS b, 1.5::DECIMAL(18,3) AS c, [1, 2] AS d");

        Assert.Equal(["a", "b", "c", "d"], result.Columns.Select(c => c.Name));
        Assert.Equal([DuckDbType.BigInt, DuckDbType.Varchar, DuckDbType.Decimal, DuckDbType.List], result.Columns.Select(c => c.Type));
        Assert.Equal(["BIGINT", "VARCHAR", "DECIMAL(18,3)", "INTEGER[]"], result.Columns.Select(c => c.TypeName));
    }

    [Fact]
    public void Results_are_read_chunk_by_chunk_with_every_row_once()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.Query("SELECT range AS i, CASE WHEN range % 7 = 0 THEN NULL ELSE range * 2 END AS j FROM range(10000)");

        long sum = 0, rows = 0, nulls = 0, chunks = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                chunks++;
                var i = chunk.GetVector(0).GetValues<long>();
                var j = chunk.GetVector(1);
                var jValues = j.GetValues<long>();
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    rows++;
                    if (j.IsNull(row))
                    {
                        nulls++;
                        Assert.Equal(0, i[row] % 7);
                    }
                    else
                    {
                        Assert.Equal(i[row] * 2, jValues[row]);
                        sum += jValues[row];
                    }
                }
            }
        }

        Assert.Equal(10000, rows);
        Assert.True(chunks >= 5, $"expected several chunks, got {chunks}");
        Assert.Equal(1429, nulls);
        Assert.Equal(Enumerable.Range(0, 10000).Where(x => x % 7 != 0).Sum(x => 2L * x), sum);
    }

    [Theory]
    [InlineData("true", DuckDbType.Boolean, "true")]
    [InlineData("(-5)::TINYINT", DuckDbType.TinyInt, "-5")]
    [InlineData("(-300)::SMALLINT", DuckDbType.SmallInt, "-300")]
    [InlineData("123456::INTEGER", DuckDbType.Integer, "123456")]
    [InlineData("(-9223372036854775807)::BIGINT", DuckDbType.BigInt, "-9223372036854775807")]
    [InlineData("255::UTINYINT", DuckDbType.UTinyInt, "255")]
    [InlineData("65535::USMALLINT", DuckDbType.USmallInt, "65535")]
    [InlineData("4294967295::UINTEGER", DuckDbType.UInteger, "4294967295")]
    [InlineData("18446744073709551615::UBIGINT", DuckDbType.UBigInt, "18446744073709551615")]
    [InlineData("(-170141183460469231731687303715884105727)::HUGEINT", DuckDbType.HugeInt, "-170141183460469231731687303715884105727")]
    [InlineData("340282366920938463463374607431768211455::UHUGEINT", DuckDbType.UHugeInt, "340282366920938463463374607431768211455")]
    [InlineData("0.5::FLOAT", DuckDbType.Float, "0.5")]
    [InlineData("(-2.25)::DOUBLE", DuckDbType.Double, "-2.25")]
    [InlineData("'inf'::DOUBLE", DuckDbType.Double, "inf")]
    [InlineData("(-12.5)::DECIMAL(4,1)", DuckDbType.Decimal, "-12.5")]
    [InlineData("123.456::DECIMAL(9,3)", DuckDbType.Decimal, "123.456")]
    [InlineData("(-0.01)::DECIMAL(18,2)", DuckDbType.Decimal, "-0.01")]
    [InlineData("12345678901234567890123456789.123456789::DECIMAL(38,9)", DuckDbType.Decimal, "12345678901234567890123456789.123456789")]
    [InlineData("'short'", DuckDbType.Varchar, "short")]
    [InlineData("'a string well over twelve bytes ✓'", DuckDbType.Varchar, "a string well over twelve bytes ✓")]
    [InlineData("'\\xAA\\x00ab'::BLOB", DuckDbType.Blob, "\\xAA\\x00ab")]
    [InlineData("DATE '2024-02-29'", DuckDbType.Date, "2024-02-29")]
    [InlineData("DATE '1969-12-31'", DuckDbType.Date, "1969-12-31")]
    [InlineData("'infinity'::DATE", DuckDbType.Date, "infinity")]
    [InlineData("TIME '13:45:01.25'", DuckDbType.Time, "13:45:01.25")]
    [InlineData("TIMESTAMP '2024-05-01 12:00:00.123456'", DuckDbType.Timestamp, "2024-05-01 12:00:00.123456")]
    [InlineData("TIMESTAMP '1960-01-01 00:00:01'", DuckDbType.Timestamp, "1960-01-01 00:00:01")]
    [InlineData("TIMESTAMP_S '2024-05-01 12:00:07'", DuckDbType.TimestampS, "2024-05-01 12:00:07")]
    [InlineData("TIMESTAMP_MS '2024-05-01 12:00:07.125'", DuckDbType.TimestampMs, "2024-05-01 12:00:07.125")]
    [InlineData("TIMESTAMP_NS '2024-05-01 12:00:07.123456789'", DuckDbType.TimestampNs, "2024-05-01 12:00:07.123456789")]
    [InlineData("make_timestamptz(1714564800500000)", DuckDbType.TimestampTz, "2024-05-01 12:00:00.5+00")]
    [InlineData("INTERVAL '1 year 2 months 3 days 04:05:06.5'", DuckDbType.Interval, "1 year 2 months 3 days 04:05:06.5")]
    [InlineData("'0b1d2f4c-8a3e-4e5f-9a6b-7c8d9e0f1a2b'::UUID", DuckDbType.Uuid, "0b1d2f4c-8a3e-4e5f-9a6b-7c8d9e0f1a2b")]
    [InlineData("'ffffffff-0000-0000-0000-000000000001'::UUID", DuckDbType.Uuid, "ffffffff-0000-0000-0000-000000000001")]
    [InlineData("[1, NULL, 3]", DuckDbType.List, "[1, NULL, 3]")]
    [InlineData("['a', 'bé']", DuckDbType.List, "['a', 'bé']")]
    [InlineData("{'k': 1, 'v': [2.5, 3.5]}", DuckDbType.Struct, "{'k': 1, 'v': [2.5, 3.5]}")]
    [InlineData("MAP {'a': 1, 'b': 2}", DuckDbType.Map, "{'a'=1, 'b'=2}")]
    [InlineData("[[1, 2], [], [3]]", DuckDbType.List, "[[1, 2], [], [3]]")]
    [InlineData("[1, 2, 3]::INTEGER[3]", DuckDbType.Array, "[1, 2, 3]")]
    [InlineData("'101100'::BIT", DuckDbType.Bit, "101100")]
    [InlineData("TIMETZ '12:34:56.5+02:30'", DuckDbType.TimeTz, "12:34:56.5+02:30")]
    [InlineData("TIMETZ '01:00:00-08'", DuckDbType.TimeTz, "01:00:00-08")]
    [InlineData("union_value(num := 7)::UNION(num INTEGER, str VARCHAR)", DuckDbType.Union, "7")]
    [InlineData("TIMESTAMP '0044-03-15 (BC) 12:00:00'", DuckDbType.Timestamp, "0044-03-15 (BC) 12:00:00")]
    [InlineData("DATE '0044-03-15 (BC)'", DuckDbType.Date, "0044-03-15 (BC)")]
    [InlineData("INTERVAL '-1 day -02:00:00'", DuckDbType.Interval, "-1 day -02:00:00")]
    public void Every_type_is_read_and_rendered_as_DuckDB_prints_it(string expression, DuckDbType type, string text)
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.Query($"SELECT {expression} AS v, ({expression})::VARCHAR AS duckdb_text");
        using var chunk = result.NextChunk()!;

        var vector = chunk.GetVector(0);
        Assert.Equal(type, vector.Type);
        Assert.Equal(text, vector.GetText(0));
        Assert.NotNull(vector.GetValue(0));
        if (type is not (DuckDbType.Blob or DuckDbType.Float or DuckDbType.Double or DuckDbType.List or DuckDbType.Struct or DuckDbType.Map or DuckDbType.Array))
        {
            Assert.Equal(chunk.GetVector(1).GetString(0), text);
        }
    }

    [Fact]
    public void Values_map_to_dotnet_types()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.Query("""
            SELECT 42::INTEGER, 42::BIGINT, 2.5::DOUBLE, 'héllo wörld, long enough', 12.345::DECIMAL(10,3),
                   DATE '2024-02-29', TIME '01:02:03', TIMESTAMP '2024-05-01 12:00:00.25',
                   make_timestamptz(1714564800000000), INTERVAL 90 MINUTE, 'c2b9a3a4-1d2e-4f50-8a6b-0c1d2e3f4a5b'::UUID,
                   170141183460469231731687303715884105727::HUGEINT, 'x'::BLOB, NULL::INTEGER
            """);
        using var chunk = result.NextChunk()!;
        object?[] values = [.. Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.GetVector(c).GetValue(0))];

        Assert.Equal(42, values[0]);
        Assert.Equal(42L, values[1]);
        Assert.Equal(2.5, values[2]);
        Assert.Equal("héllo wörld, long enough", values[3]);
        Assert.Equal(12.345m, values[4]);
        Assert.Equal(new DateOnly(2024, 2, 29), values[5]);
        Assert.Equal(new TimeOnly(1, 2, 3), values[6]);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 0, 250), values[7]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714564800), values[8]);
        Assert.Equal(new DuckDbInterval(0, 0, 90L * 60 * 1_000_000), values[9]);
        Assert.Equal(Guid.Parse("c2b9a3a4-1d2e-4f50-8a6b-0c1d2e3f4a5b"), values[10]);
        Assert.Equal(Int128.MaxValue, values[11]);
        Assert.Equal("x"u8.ToArray(), values[12]);
        Assert.Null(values[13]);
    }

    [Fact]
    public void Enum_values_come_back_as_their_labels()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('happy'), (NULL), ('sad')");
        using var result = connection.Query("SELECT m FROM t");
        using var chunk = result.NextChunk()!;

        var vector = chunk.GetVector(0);
        Assert.Equal(DuckDbType.Enum, vector.Type);
        Assert.Equal(["happy", null, "sad"], Enumerable.Range(0, 3).Select(vector.GetValue));
    }

    [Fact]
    public void Execute_runs_several_statements_and_counts_changed_rows()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        var changed = connection.Execute("CREATE TABLE t (x INTEGER); INSERT INTO t SELECT range FROM range(5); UPDATE t SET x = x + 1 WHERE x < 3");

        Assert.Equal(3, changed);
        Assert.Equal(13L, connection.ExecuteScalar("SELECT sum(x)::BIGINT FROM t"));
    }

    [Fact]
    public void Reading_a_vector_as_the_wrong_type_is_refused()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        using var result = connection.Query("SELECT 1.5::DOUBLE");
        using var chunk = result.NextChunk()!;

        var error = Assert.Throws<InvalidOperationException>(() => chunk.GetVector(0).GetValues<long>().Length);
        Assert.Contains("DOUBLE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_databases_persist_between_opens()
    {
        using var folder = new TempFolder();
        var path = folder.File("persist.duckdb");
        using (var db = DuckDbDatabase.Open(path, new DuckDbConfig { Threads = 1, MemoryLimit = "256MB" }))
        using (var connection = db.Connect())
        {
            connection.Execute("CREATE TABLE t AS SELECT 7 AS x");
            Assert.Equal(1L, connection.ExecuteScalar("SELECT current_setting('threads')"));
        }
        using (var db = DuckDbDatabase.Open(path))
        using (var connection = db.Connect())
        {
            Assert.Equal(7, connection.ExecuteScalar("SELECT x FROM t"));
        }
    }

    [Fact]
    public void Session_time_zone_is_UTC_unless_configured()
    {
        using var utc = DuckDbDatabase.Open();
        using var utcConnection = utc.Connect();
        using var newYork = DuckDbDatabase.Open(config: new DuckDbConfig { TimeZone = "America/New_York" });
        using var newYorkConnection = newYork.Connect();
        const string MidnightUtcDate = "SELECT make_timestamptz(1714521600000000)::DATE::VARCHAR";

        Assert.Equal("UTC", utcConnection.ExecuteScalar("SELECT current_setting('TimeZone')"));
        Assert.Equal("2024-05-01", utcConnection.ExecuteScalar(MidnightUtcDate));
        Assert.Equal("2024-04-30", newYorkConnection.ExecuteScalar(MidnightUtcDate));
    }
}
