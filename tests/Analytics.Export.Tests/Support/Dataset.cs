using System.Globalization;
using Analytics.DuckDb;

namespace Analytics.Export.Tests.Support;

/// <summary>Reads an exported dataset back with DuckDB.</summary>
internal sealed class Dataset : IDisposable
{
    private readonly DuckDbDatabase _database = DuckDbDatabase.Open();
    private readonly DuckDbConnection _connection;
    private readonly string _root;

    public Dataset(string root)
    {
        _root = root;
        _connection = _database.Connect();
    }

    public string Table(string table)
    {
        var files = Directory.Exists(Path.Combine(_root, table))
            ? Directory.EnumerateFiles(Path.Combine(_root, table), "*.parquet", SearchOption.AllDirectories).ToList()
            : [];
        return files.Count == 0
            ? throw new InvalidOperationException($"no {table} files")
            : $"read_parquet([{string.Join(", ", files.Select(DuckDbSql.Literal))}], hive_partitioning = true, union_by_name = true)";
    }

    public bool Has(string table) => Directory.Exists(Path.Combine(_root, table))
        && Directory.EnumerateFiles(Path.Combine(_root, table), "*.parquet", SearchOption.AllDirectories).Any();

    public long Count(string table, string where = "true") =>
        Has(table) ? Scalar($"SELECT count(*) FROM {Table(table)} WHERE {where}") : 0;

    public long Scalar(string sql) => Convert.ToInt64(_connection.ExecuteScalar(sql) ?? 0L, CultureInfo.InvariantCulture);

    public List<string> Strings(string sql)
    {
        var values = new List<string>();
        using var result = _connection.Query(sql);
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    values.Add(vector.IsNull(row) ? "<null>" : vector.GetValue(row)?.ToString() ?? "<null>");
                }
            }
        }
        return values;
    }

    /// <summary>Every row of a table (run ids aside) as sorted JSON lines: equal dumps mean equal tables.</summary>
    public List<string> Dump(string table, string where = "true") => Has(table)
        ? Strings($"SELECT to_json(x)::VARCHAR AS j FROM (SELECT * EXCLUDE (export_run_id) FROM {Table(table)} WHERE {where}) x ORDER BY j")
        : [];

    /// <summary>The latest date a snapshot table (state_machines, functions) files rows under: its last run's UTC date.</summary>
    public string? LatestDate(string table) => Has(table) ? Strings($"SELECT max(date)::VARCHAR FROM {Table(table)}")[0] : null;

    /// <summary>A snapshot table's rows of its <see cref="LatestDate"/>, the date (and run ids) aside, as sorted JSON lines.</summary>
    public List<string> LatestSnapshot(string table, string where = "true") => Has(table)
        ? Strings($"SELECT to_json(x)::VARCHAR AS j FROM (SELECT * EXCLUDE (export_run_id, date) FROM {Table(table)} "
            + $"WHERE date = (SELECT max(date) FROM {Table(table)}) AND ({where})) x ORDER BY j")
        : [];

    /// <summary>
    /// A table's rows in <paramref name="expected"/> and <paramref name="actual"/>, as <see cref="Dump"/> gives them; for
    /// a snapshot table (state_machines, functions) whose latest dates differ, each one's <see cref="LatestSnapshot"/>.
    /// Snapshot rows are filed under their run's UTC date, so datasets exported either side of a UTC midnight (a test
    /// run that straddled it) differ by that date alone; a resource missing from the latest snapshot, or in it twice,
    /// still shows. <paramref name="where"/> picks the rows of both.
    /// </summary>
    public static (List<string> Expected, List<string> Actual) Comparable(Dataset expected, Dataset actual, string table, string where = "true") =>
        table is "state_machines" or "functions" && expected.LatestDate(table) != actual.LatestDate(table)
            ? (expected.LatestSnapshot(table, where), actual.LatestSnapshot(table, where))
            : (expected.Dump(table, where), actual.Dump(table, where));

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
