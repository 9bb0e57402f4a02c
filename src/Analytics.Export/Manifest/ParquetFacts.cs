using System.Globalization;
using Analytics.DuckDb;

namespace Analytics.Export.Manifest;

/// <summary>Size and row count of Parquet files, the row count from the footer (no data is read).</summary>
public static class ParquetFacts
{
    public static FileStat Of(DuckDbConnection connection, string path)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = connection.ExecuteScalar($"SELECT num_rows FROM parquet_file_metadata({DuckDbSql.Literal(path)})");
        return new FileStat(new FileInfo(path).Length, Convert.ToInt64(rows, CultureInfo.InvariantCulture));
    }

    /// <summary>A move with the staged file's facts, as the manifest keeps them.</summary>
    public static FileMove Move(DuckDbConnection connection, string root, string staged, string relative, string group)
    {
        var stat = Of(connection, staged);
        return new FileMove(Path.GetRelativePath(root, staged).Replace('\\', '/'), relative, group, stat.Bytes, stat.Rows);
    }
}
