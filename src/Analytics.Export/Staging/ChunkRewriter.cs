using System.Globalization;
using Analytics.DuckDb;
using Analytics.DuckDb.Parquet;

namespace Analytics.Export.Staging;

/// <summary>
/// Replacement of re-exported executions (redrives): rewrites the committed files of an earlier chunk without the rows
/// of those executions and of their Map Run children. The rewritten files are staged and replace the old ones when
/// the new chunk commits, in the same record that adds the new rows, so a reader never sees both or neither.
/// </summary>
internal static class ChunkRewriter
{
    /// <returns>Per old file: the staged rewrite, or null when no row is left (the file is removed).</returns>
    public static List<(string Relative, string? Staged)> Rewrite(
        DuckDbConnection connection, string root, IReadOnlyList<string> chunkFiles, IReadOnlyCollection<string> arns, string stagingFolder)
    {
        var result = new List<(string, string?)>();
        if (arns.Count == 0 || chunkFiles.Count == 0)
        {
            return result;
        }
        connection.Execute("DELETE FROM drop_arns");
        connection.Execute($"INSERT INTO drop_arns VALUES {string.Join(", ", arns.Select(a => "(" + DuckDbSql.Literal(a) + ")"))}");
        var executionFiles = chunkFiles.Where(f => f.StartsWith("executions/", StringComparison.Ordinal)).Select(f => Path.Combine(root, f)).Where(File.Exists).ToList();
        if (executionFiles.Count > 0)
        {
            // Map Run children (and theirs) go with their parent.
            var list = "[" + string.Join(", ", executionFiles.Select(DuckDbSql.Literal)) + "]";
            for (var depth = 0; depth < 4; depth++)
            {
                var added = connection.Execute($"""
                    INSERT INTO drop_arns SELECT DISTINCT execution_arn FROM read_parquet({list}, hive_partitioning = false)
                    WHERE parent_execution_arn IN (SELECT arn FROM drop_arns) AND execution_arn NOT IN (SELECT arn FROM drop_arns)
                    """);
                if (added == 0)
                {
                    break;
                }
            }
        }
        foreach (var relative in chunkFiles)
        {
            var full = Path.Combine(root, relative);
            if (!File.Exists(full))
            {
                continue;
            }
            var table = relative[..relative.IndexOf('/', StringComparison.Ordinal)];
            var key = StagedTables.ExecutionKey(table);
            var source = $"read_parquet({DuckDbSql.Literal(full)}, hive_partitioning = false)";
            var matching = Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {source} WHERE {key} IN (SELECT arn FROM drop_arns)"), CultureInfo.InvariantCulture);
            if (matching == 0)
            {
                continue;
            }
            var remaining = Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {source} WHERE {key} NOT IN (SELECT arn FROM drop_arns)"), CultureInfo.InvariantCulture);
            if (remaining == 0)
            {
                result.Add((relative, null));
                continue;
            }
            var staged = Path.Combine(stagingFolder, "replace", relative);
            ParquetWriter.Write(connection, $"SELECT * FROM {source} WHERE {key} NOT IN (SELECT arn FROM drop_arns)", staged, new ParquetWriteOptions { Overwrite = true });
            result.Add((relative, staged));
        }
        return result;
    }
}
