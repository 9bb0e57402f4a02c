using Analytics.Core.Columns;
using Analytics.DuckDb;
using BenchmarkDotNet.Attributes;

namespace Analytics.Benchmarks;

/// <summary>
/// Rows per second into a DuckDB table: our data-chunk appender draining pre-filled <see cref="ColumnBatch"/>es,
/// against the baseline of DuckDB generating and inserting the very same values itself from <c>range()</c> in SQL.
/// Mixed columns as the dataset has them: BIGINT, DOUBLE, VARCHAR (short inline and long ARN-like), TIMESTAMPTZ,
/// with nulls. Times are per row (OperationsPerInvoke); one DuckDB thread so both sides use one core.
/// </summary>
[MemoryDiagnoser]
public class AppenderBenchmarks
{
    private const int Rows = 1_000_000;
    private const long BaseMicros = 1_700_000_000_000_000;

    private const string CreateTable = "CREATE OR REPLACE TABLE t (id BIGINT, amount DOUBLE, label VARCHAR, at_tz TIMESTAMPTZ)";

    private const string InsertFromRange = """
        INSERT INTO t
        SELECT range,
               CASE WHEN range % 10 = 3 THEN NULL ELSE range * 0.25 END,
               CASE WHEN range % 7 = 0 THEN NULL
                    WHEN range % 2 = 0 THEN 'ok-' || range
                    ELSE 'arn:aws:states:us-east-1:123456789012:execution:order-flow:' || range END,
               CASE WHEN range % 11 = 0 THEN NULL ELSE make_timestamptz(1700000000000000 + range * 1000) END
        FROM range(1000000)
        """;

    private static readonly TableSchema s_schema = new(
        "t",
        new ColumnSpec("id", ColumnType.BigInt),
        new ColumnSpec("amount", ColumnType.Double),
        new ColumnSpec("label", ColumnType.Varchar),
        new ColumnSpec("at_tz", ColumnType.TimestampTz));

    private readonly List<ColumnBatch> _batches = [];
    private DuckDbDatabase _database = null!;
    private DuckDbConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        _connection = _database.Connect();
        for (var first = 0; first < Rows; first += ColumnBatch.DefaultCapacity)
        {
            var batch = new ColumnBatch(s_schema);
            for (var i = first; i < Math.Min(Rows, first + ColumnBatch.DefaultCapacity); i++)
            {
                var row = batch.AddRow();
                batch.Int64(0).Set(row, i);
                if (i % 10 != 3)
                {
                    batch.Double(1).Set(row, i * 0.25);
                }
                if (i % 7 != 0)
                {
                    batch.Varchar(2).Set(row, i % 2 == 0 ? $"ok-{i}" : $"arn:aws:states:us-east-1:123456789012:execution:order-flow:{i}");
                }
                if (i % 11 != 0)
                {
                    batch.Int64(3).Set(row, BaseMicros + (i * 1000L));
                }
            }
            _batches.Add(batch);
        }

        // The two sides must produce the same table, or the comparison means nothing.
        SqlInsertFromRange();
        var expected = Checksum();
        ChunkAppender();
        if (Checksum() != expected)
        {
            throw new InvalidOperationException("The appender and the SQL insert produced different tables.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long SqlInsertFromRange()
    {
        _connection.Execute(CreateTable);
        return _connection.Execute(InsertFromRange);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long ChunkAppender()
    {
        _connection.Execute(CreateTable);
        using var appender = _connection.CreateAppender("t");
        foreach (var batch in _batches)
        {
            appender.Append(batch);
        }
        appender.Close();
        return appender.RowsAppended;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    private string Checksum() => (string)_connection.ExecuteScalar("""
        SELECT count(*) || '/' || count(amount) || '/' || sum(amount) || '/' || count(label) || '/' || sum(hash(label))
               || '/' || count(at_tz) || '/' || sum(epoch_us(at_tz))
        FROM t
        """)!;
}
