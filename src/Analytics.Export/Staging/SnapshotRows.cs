using System.Globalization;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Staging;

/// <summary>
/// Committed snapshot rows (state_machines, functions) that a new snapshot of the day must keep or take over: the
/// earlier rows of a resource whose describe failed this run are carried forward, so a failed call never loses a row;
/// another shard layout's rows of the resources this shard owns are dropped, so a layout change never holds a resource
/// twice in a day.
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

    /// <summary>Rewrites another layout's committed files of a table without the rows of resources this shard owns.</summary>
    /// <returns>Per changed file: the staged rewrite, or null when no row is left (the file is removed).</returns>
    public static List<(string Relative, string? Staged)> DropOwned(
        DuckDbConnection connection, string root, IEnumerable<string> files, string table, Func<string, bool> owns, string stagingFolder)
    {
        var result = new List<(string, string?)>();
        if (KeySql(table) is not { } key)
        {
            return result;
        }
        foreach (var relative in files)
        {
            var full = Path.Combine(root, relative);
            if (!File.Exists(full))
            {
                continue;
            }
            var source = $"read_parquet({DuckDbSql.Literal(full)}, hive_partitioning = false)";
            var keys = (connection.ExecuteScalar($"SELECT string_agg(DISTINCT {key}, chr(10)) FROM {source}") as string ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var owned = keys.Where(owns).ToList();
            if (owned.Count == 0)
            {
                continue;
            }
            if (owned.Count == keys.Length)
            {
                result.Add((relative, null));
                continue;
            }
            var staged = Path.Combine(stagingFolder, "replace", relative);
            ParquetWriter.Write(connection, $"SELECT * FROM {source} WHERE {key} NOT IN (SELECT unnest({List(owned)}))", staged, new ParquetWriteOptions { Overwrite = true });
            result.Add((relative, staged));
        }
        return result;
    }

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(DuckDbSql.Literal)) + "]";
}
