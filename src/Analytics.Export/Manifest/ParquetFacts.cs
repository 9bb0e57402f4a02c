using System.Globalization;
using Analytics.DuckDb;

namespace Analytics.Export.Manifest;

/// <summary>What the manifest keeps of Parquet files, read from their footers (no data is read).</summary>
public static class ParquetFacts
{
    /// <summary>Size, row count and whether every row has account_id and region (<see cref="WithAccountAndRegionSql"/>).</summary>
    public static FileStat Of(DuckDbConnection connection, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var file = DuckDbSql.Literal(path);
        using var result = connection.Query(
            $"SELECT (SELECT num_rows FROM parquet_file_metadata({file})), EXISTS ({WithAccountAndRegionSql("[" + file + "]")})");
        using var chunk = result.NextChunk()!;
        return new FileStat(new FileInfo(path).Length, Convert.ToInt64(chunk.GetVector(0).GetValue(0), CultureInfo.InvariantCulture),
            (bool)chunk.GetVector(1).GetValue(0)!);
    }

    /// <summary>A move with the staged file's facts, as the manifest keeps them.</summary>
    public static FileMove Move(DuckDbConnection connection, string root, string staged, string relative, string group)
    {
        var stat = Of(connection, staged);
        return new FileMove(Path.GetRelativePath(root, staged).Replace('\\', '/'), relative, group, stat.Bytes, stat.Rows, stat.AccountRegion);
    }

    /// <summary>
    /// SQL selecting the <c>file_name</c> of each of <paramref name="files"/> (a SQL list of paths) whose statistics
    /// show account_id and region in every row group with no NULL: its rows need no account and region from the ARN,
    /// so the query views do not scan the ARN column for it. A file without statistics (or row groups) is not one.
    /// </summary>
    public static string WithAccountAndRegionSql(string files) =>
        $"SELECT file_name FROM parquet_metadata({files}) GROUP BY file_name "
        + "HAVING count(*) FILTER (path_in_schema = 'account_id' AND stats_null_count = 0) = count(DISTINCT row_group_id) "
        + "AND count(*) FILTER (path_in_schema = 'region' AND stats_null_count = 0) = count(DISTINCT row_group_id)";
}
