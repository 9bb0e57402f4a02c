using System.Text;
using Analytics.Core.Columns;
using Analytics.DuckDb.Parquet;

namespace Analytics.DuckDb.Tests;

public sealed class AppenderTests
{
    private const int Rows = 1_000_000;

    [Fact]
    public void Million_rows_of_every_type_survive_appender_and_partitioned_parquet_unchanged()
    {
        using var folder = new TempFolder();
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 2 });
        using var connection = db.Connect();
        connection.Execute(EveryTypeRows.CreateTableSql);

        // 5000-row batches: each is split over three data chunks, the last one partial.
        EveryTypeRows.AppendAll(connection, Rows, batchCapacity: 5000);
        var files = ParquetWriter.WriteTable(connection, "every_type", folder.File("every_type"),
            new ParquetWriteOptions { PartitionBy = ["part"], FileNamePrefix = "run-1" });

        Assert.Equal(
            ["part=0", "part=1", "part=2", "part=3"],
            Directory.GetDirectories(folder.File("every_type")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Matches(@"/part=\d/run-1-\d+\.parquet$", f));
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("every_type"), "*tmp*", SearchOption.AllDirectories));

        var glob = DuckDbSql.Literal(Path.Combine(folder.File("every_type"), "**", "*.parquet"));
        using var result = connection.Query($"SELECT * FROM read_parquet({glob}, hive_partitioning = true) ORDER BY id");
        Assert.Equal(["id", "small", "amount", "flag", "label", "at_tz", "local_at", "part"], result.Columns.Select(c => c.Name));
        Assert.Equal(Rows, CompareWithGenerated(result));
    }

    /// <summary>Streams the result and checks every value of every row against the generator; returns rows seen.</summary>
    internal static long CompareWithGenerated(DuckDbResult result)
    {
        long expectedId = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0).GetValues<long>();
                var small = chunk.GetVector(1);
                var amount = chunk.GetVector(2);
                var flag = chunk.GetVector(3);
                var label = chunk.GetVector(4);
                var at = chunk.GetVector(5);
                var localAt = chunk.GetVector(6);
                var part = chunk.GetVector(7);
                Assert.Equal(DuckDbType.TimestampTz, at.Type);
                Assert.Equal(DuckDbType.Timestamp, localAt.Type);
                for (var row = 0; row < chunk.RowCount; row++, expectedId++)
                {
                    var id = ids[row];
                    Assert.Equal(expectedId, id);
                    CheckNullable(small, row, id, 1, () => Assert.Equal(EveryTypeRows.Small(id), small.GetValues<int>()[row]));
                    CheckNullable(amount, row, id, 2, () => Assert.Equal(
                        BitConverter.DoubleToInt64Bits(EveryTypeRows.Amount(id)), BitConverter.DoubleToInt64Bits(amount.GetValues<double>()[row])));
                    CheckNullable(flag, row, id, 3, () => Assert.Equal(EveryTypeRows.Flag(id), flag.GetValues<bool>()[row]));
                    CheckNullable(label, row, id, 4, () => Assert.True(
                        Encoding.UTF8.GetBytes(EveryTypeRows.Label(id)).AsSpan().SequenceEqual(label.GetBytes(row)),
                        $"label of row {id}: expected '{EveryTypeRows.Label(id)}', got '{label.GetString(row)}'"));
                    CheckNullable(at, row, id, 5, () => Assert.Equal(EveryTypeRows.At(id), at.GetValues<long>()[row]));
                    CheckNullable(localAt, row, id, 6, () => Assert.Equal(EveryTypeRows.LocalAt(id), localAt.GetValues<long>()[row]));
                    Assert.Equal(EveryTypeRows.Part(id), Convert.ToInt32(part.GetValue(row), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        return expectedId;
    }

    private static void CheckNullable(DuckDbVector vector, int row, long id, int column, Action checkValue)
    {
        var expectNull = EveryTypeRows.IsNull(id, column);
        if (expectNull != vector.IsNull(row))
        {
            Assert.Fail($"row {id} column {column}: expected {(expectNull ? "null" : "a value")}");
        }
        if (!expectNull)
        {
            checkValue();
        }
    }

    [Fact]
    public void Appended_rows_are_visible_to_SQL_with_the_same_aggregates_as_computed_in_dotnet()
    {
        const int Count = 50_000;
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        connection.Execute(EveryTypeRows.CreateTableSql);
        EveryTypeRows.AppendAll(connection, Count, ColumnBatch.DefaultCapacity);

        long nullLabels = 0, labelBytes = 0, sumSmall = 0, trues = 0;
        for (long id = 0; id < Count; id++)
        {
            if (EveryTypeRows.IsNull(id, 4))
            {
                nullLabels++;
            }
            else
            {
                labelBytes += Encoding.UTF8.GetByteCount(EveryTypeRows.Label(id));
            }
            sumSmall += EveryTypeRows.IsNull(id, 1) ? 0 : EveryTypeRows.Small(id);
            trues += !EveryTypeRows.IsNull(id, 3) && EveryTypeRows.Flag(id) ? 1 : 0;
        }

        Assert.Equal((long)Count, connection.ExecuteScalar("SELECT count(*) FROM every_type"));
        Assert.Equal(nullLabels, connection.ExecuteScalar("SELECT count(*) FROM every_type WHERE label IS NULL"));
        Assert.Equal(labelBytes, connection.ExecuteScalar("SELECT sum(octet_length(encode(label)))::BIGINT FROM every_type"));
        Assert.Equal(sumSmall, connection.ExecuteScalar("SELECT sum(small)::BIGINT FROM every_type"));
        Assert.Equal(trues, connection.ExecuteScalar("SELECT count(*) FILTER (flag) FROM every_type"));
    }

    [Fact]
    public void Batch_with_a_different_column_type_is_refused_with_both_types_named()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, name VARCHAR)");
        var batch = new ColumnBatch(new TableSchema("t", new ColumnSpec("id", ColumnType.BigInt), new ColumnSpec("name", ColumnType.Integer)));
        batch.Int64(0).Set(batch.AddRow(), 1);
        using var appender = connection.CreateAppender("t");

        var error = Assert.Throws<DuckDbException>(() => appender.Append(batch));

        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("VARCHAR", error.Message, StringComparison.Ordinal);
        Assert.Contains("Integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_with_columns_in_another_order_or_count_is_refused()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (a BIGINT, b BIGINT)");
        using var appender = connection.CreateAppender("t");
        var swapped = new ColumnBatch(new TableSchema("t", new ColumnSpec("b", ColumnType.BigInt), new ColumnSpec("a", ColumnType.BigInt)));
        var shorter = new ColumnBatch(new TableSchema("t", new ColumnSpec("a", ColumnType.BigInt)));
        swapped.AddRow();
        shorter.AddRow();

        Assert.Contains("is 'a' but batch 't' has 'b'", Assert.Throws<DuckDbException>(() => appender.Append(swapped)).Message, StringComparison.Ordinal);
        Assert.Contains("has 1 columns but table t has 2", Assert.Throws<DuckDbException>(() => appender.Append(shorter)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Appending_to_a_missing_table_raises_DuckDBs_message()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.CreateAppender("no_such_table"));

        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constraint_violations_surface_as_DuckDbException_and_no_rows_are_kept()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT NOT NULL)");
        var batch = new ColumnBatch(new TableSchema("t", new ColumnSpec("id", ColumnType.BigInt)));
        batch.Int64(0).Set(batch.AddRow(), 1);
        batch.AddRow(); // null id

        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var appender = connection.CreateAppender("t");
            appender.Append(batch);
            appender.Close();
        });

        Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, connection.ExecuteScalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Appender_writes_into_a_named_schema()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE SCHEMA staging; CREATE TABLE staging.t (id BIGINT, name VARCHAR)");
        var batch = new ColumnBatch(new TableSchema("t", new ColumnSpec("id", ColumnType.BigInt), new ColumnSpec("name", ColumnType.Varchar)));
        var row = batch.AddRow();
        batch.Int64(0).Set(row, 7);
        batch.Varchar(1).Set(row, "naïve café, longer than twelve");

        using (var appender = connection.CreateAppender("t", schema: "staging"))
        {
            appender.Append(batch);
            Assert.Equal(1, appender.RowsAppended);
        }

        Assert.Equal("naïve café, longer than twelve", connection.ExecuteScalar("SELECT name FROM staging.t WHERE id = 7"));
    }

    [Fact]
    public void CreateTable_sql_gives_the_table_a_schemas_batches_append_into()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute(DuckDbSql.CreateTable(EveryTypeRows.Schema, "copy of every_type", temporary: true));
        var batch = new ColumnBatch(EveryTypeRows.Schema);
        EveryTypeRows.Fill(batch, 0, 100);

        using (var appender = connection.CreateAppender("copy of every_type"))
        {
            Assert.Equal(
                ["BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "INTEGER"],
                appender.Columns.Select(c => c.TypeName));
            appender.Append(batch);
        }

        Assert.Equal(100L, connection.ExecuteScalar("SELECT count(*) FROM \"copy of every_type\""));
    }

    [Fact]
    public void Invalid_UTF8_in_a_varchar_is_refused_with_a_clear_error()
    {
        using var db = DuckDbDatabase.Open();
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE t (id BIGINT, name VARCHAR)");
        var batch = new ColumnBatch(new TableSchema("t", new ColumnSpec("id", ColumnType.BigInt), new ColumnSpec("name", ColumnType.Varchar)));
        var row = batch.AddRow();
        batch.Int64(0).Set(row, 1);
        batch.Varchar(1).Set(row, [0x61, 0xFF, 0xFE, 0x62]);
        using var appender = connection.CreateAppender("t");

        var error = Assert.Throws<DuckDbException>(() => appender.Append(batch));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }
}
