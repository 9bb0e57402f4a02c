using System.Globalization;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Staging;

/// <summary>
/// Committed snapshot rows (state_machines, functions) that a new snapshot of the day must keep: the earlier rows of a
/// resource whose describe failed this run are carried forward, so a failed call never loses a row.
/// </summary>
internal static class SnapshotRows
{
    private const string HiveDate = "hive_types = {'date': DATE}";

    /// <summary>The resource a row belongs to as the shard hash and the snapshot calls know it (a function by its
    /// unqualified ARN, whatever qualifier the row is for); null for tables without per-resource rows.</summary>
    public static string? KeySql(string table) => table switch
    {
        "state_machines" => "state_machine_arn",
        "functions" => "array_to_string(string_split(function_arn, ':')[1:7], ':')",
        _ => null,
    };

    /// <summary>
    /// Writes to <paramref name="staged"/> the latest committed rows of each of <paramref name="keys"/>: all its rows of
    /// the newest file that holds any (a function's qualifiers stay together). Rows keep the run id that fetched them.
    /// </summary>
    /// <returns>False when no committed file holds any of them (nothing was written).</returns>
    public static bool CarryForward(DuckDbConnection connection, string root, IEnumerable<string> files, string table, IReadOnlyCollection<string> keys, string staged)
    {
        var existing = files.Select(f => Path.Combine(root, f)).Where(File.Exists).ToList();
        if (keys.Count == 0 || existing.Count == 0 || KeySql(table) is not { } key)
        {
            return false;
        }
        var sql = $"""
            SELECT * EXCLUDE (date, filename, carry_rank) FROM (
              SELECT *, dense_rank() OVER (PARTITION BY {key} ORDER BY date DESC, filename DESC) AS carry_rank
              FROM read_parquet({List(existing)}, hive_partitioning = true, {HiveDate}, union_by_name = true, filename = true)
              WHERE {key} IN (SELECT unnest({List(keys)})))
            WHERE carry_rank = 1
            """;
        if (Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM ({sql})"), CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }
        ParquetWriter.Write(connection, sql, staged, new ParquetWriteOptions { Overwrite = true });
        return true;
    }

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(DuckDbSql.Literal)) + "]";
}
