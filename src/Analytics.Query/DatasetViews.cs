using Analytics.DuckDb;

namespace Analytics.Query;

/// <summary>
/// Exposes a dataset folder to SQL: one view per table folder (<c>DIR/&lt;table&gt;/**/*.parquet</c>, Hive partitions
/// as columns). Folders named with a leading '_' (e.g. <c>_manifest</c>) or '.' are not tables.
/// </summary>
public static class DatasetViews
{
    /// <summary>Creates (or replaces) the views and returns their names, sorted.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="dataRoot"/> does not exist.</exception>
    /// <exception cref="DuckDbException">DuckDB cannot read a table's files.</exception>
    public static IReadOnlyList<string> Create(DuckDbConnection connection, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        var root = Path.GetFullPath(dataRoot);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Dataset folder {root} does not exist.");
        }

        var tables = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('_') || name.StartsWith('.') || !ContainsParquet(folder))
            {
                continue;
            }
            var files = DuckDbSql.Literal(Path.Combine(folder, "**", "*.parquet"));
            connection.Execute(
                $"CREATE OR REPLACE VIEW {DuckDbSql.Identifier(name)} AS "
                + $"SELECT * FROM read_parquet({files}, hive_partitioning = true, union_by_name = true)");
            tables.Add(name);
        }
        return tables;
    }

    private static bool ContainsParquet(string folder) =>
        Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any();
}
