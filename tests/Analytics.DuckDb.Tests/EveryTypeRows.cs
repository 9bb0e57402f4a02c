using System.Text;
using Analytics.Core.Columns;

namespace Analytics.DuckDb.Tests;

/// <summary>
/// Deterministic rows covering every type the appender writes: each value is a pure function of the row id, with
/// nulls sprinkled per column, non-ASCII strings on both sides of DuckDB's 12-byte inline limit, and edge-case
/// doubles and timestamps. Tests regenerate the expected value of any row instead of keeping a copy.
/// </summary>
internal static class EveryTypeRows
{
    public const string CreateTableSql = """
        CREATE TABLE every_type (
            id BIGINT, small INTEGER, amount DOUBLE, flag BOOLEAN, label VARCHAR,
            at_tz TIMESTAMPTZ, local_at TIMESTAMP, part INTEGER)
        """;

    public static readonly TableSchema Schema = new(
        "every_type",
        new ColumnSpec("id", ColumnType.BigInt),
        new ColumnSpec("small", ColumnType.Integer),
        new ColumnSpec("amount", ColumnType.Double),
        new ColumnSpec("flag", ColumnType.Boolean),
        new ColumnSpec("label", ColumnType.Varchar),
        new ColumnSpec("at_tz", ColumnType.TimestampTz),
        new ColumnSpec("local_at", ColumnType.Timestamp),
        new ColumnSpec("part", ColumnType.Integer));

    // 0, 1, 12 (the inline limit), 13 and longer, in 1- to 4-byte UTF-8 characters.
    private static readonly string[] s_pieces =
    [
        "", "a", "é", "日本", "🙂", "exactly12byt", "éééééé", "thirteen byte", "ééééééé", "Ünïcödé ストリング 🚀 long value",
        "δ", "'quoted, with comma'", "line\nbreak",
    ];

    private const long MicrosPerYear = 31_556_952_000_000;
    private const long Year1900 = -2_208_988_800_000_000;

    public static ulong Hash(long id, int column)
    {
        var x = (ulong)id * 0x9E3779B97F4A7C15UL + ((ulong)column * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 29);
    }

    /// <summary>About one row in nine is null in each nullable column (never the id or the partition).</summary>
    public static bool IsNull(long id, int column) => column is not (0 or 7) && Hash(id, column) % 9 == 0;

    public static int Small(long id) => (id % 5000) switch
    {
        1 => int.MinValue,
        2 => int.MaxValue,
        _ => (int)Hash(id, 1),
    };

    public static double Amount(long id) => (id % 1000) switch
    {
        1 => double.NaN,
        2 => double.PositiveInfinity,
        3 => double.NegativeInfinity,
        4 => -0.0,
        5 => double.MaxValue,
        6 => double.Epsilon,
        _ => ((long)(Hash(id, 2) % 2_000_000_000) - 1_000_000_000) / 1024.0,
    };

    public static bool Flag(long id) => (Hash(id, 3) & 1) == 1;

    public static string Label(long id)
    {
        var h = Hash(id, 4);
        var text = new StringBuilder(s_pieces[h % (ulong)s_pieces.Length]);
        if ((h >> 8) % 3 == 0)
        {
            text.Append(id);
        }
        if ((h >> 16) % 4 == 0)
        {
            text.Append(s_pieces[(h >> 24) % (ulong)s_pieces.Length]);
        }
        return text.ToString();
    }

    /// <summary>Anywhere from 1900 to 2100, microsecond precision, before and after the epoch.</summary>
    public static long At(long id) => Year1900 + (long)(Hash(id, 5) % (200 * MicrosPerYear));

    public static long LocalAt(long id) => Year1900 + (long)(Hash(id, 6) % (200 * MicrosPerYear));

    public static int Part(long id) => (int)(id % 4);

    /// <summary>Fills the batch with rows [first, first + count).</summary>
    public static void Fill(ColumnBatch batch, long first, int count)
    {
        for (var id = first; id < first + count; id++)
        {
            var row = batch.AddRow();
            batch.Int64(0).Set(row, id);
            if (!IsNull(id, 1))
            {
                batch.Int32(1).Set(row, Small(id));
            }
            if (!IsNull(id, 2))
            {
                batch.Double(2).Set(row, Amount(id));
            }
            if (!IsNull(id, 3))
            {
                batch.Boolean(3).Set(row, Flag(id));
            }
            if (!IsNull(id, 4))
            {
                batch.Varchar(4).Set(row, Label(id));
            }
            if (!IsNull(id, 5))
            {
                batch.Int64(5).Set(row, At(id));
            }
            if (!IsNull(id, 6))
            {
                batch.Int64(6).Set(row, LocalAt(id));
            }
            batch.Int32(7).Set(row, Part(id));
        }
    }

    /// <summary>Appends rows [0, total) in batches of <paramref name="batchCapacity"/>.</summary>
    public static void AppendAll(DuckDbConnection connection, long total, int batchCapacity)
    {
        var batch = new ColumnBatch(Schema, batchCapacity);
        using var appender = connection.CreateAppender("every_type");
        for (long first = 0; first < total; first += batchCapacity)
        {
            batch.Clear();
            Fill(batch, first, (int)Math.Min(batchCapacity, total - first));
            appender.Append(batch);
        }
        appender.Close();
    }
}
